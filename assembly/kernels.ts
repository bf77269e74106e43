// Real-time contract: SIMD loops over block buffers reserved by configure(). Nothing allocates.
// `n` is always a multiple of 4 (block buffers are padded), so there is no scalar tail.

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** dst = 0 */
export function zero(dst: usize, n: i32): void {
  memory.fill(dst, 0, <usize>n << 2);
}

/** dst = a × b */
export function mul(dst: usize, a: usize, b: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) v128.store(at(dst, i), f32x4.mul(v128.load(at(a, i)), v128.load(at(b, i))));
}

/** dst += src × gain (gain is a per-sample buffer) */
export function mulAdd(dst: usize, src: usize, gain: usize, n: i32): void {
  for (let i = 0; i < n; i += 4) {
    const d = at(dst, i);
    v128.store(d, f32x4.add(v128.load(d), f32x4.mul(v128.load(at(src, i)), v128.load(at(gain, i)))));
  }
}

/**
 * Make every sample a finite normal float or 0: NaN → 0, ±Inf → ±FLT_MAX, denormals → 0.
 * Finite normal samples (the pass-through input among them) are untouched.
 */
export function sanitize(dst: usize, n: i32): void {
  const hi = f32x4.splat(F32.MAX_VALUE);
  const lo = f32x4.splat(-F32.MAX_VALUE);
  const tiny = f32x4.splat(1.17549435e-38); // smallest normal f32
  for (let i = 0; i < n; i += 4) {
    const p = at(dst, i);
    let x = v128.load(p);
    x = v128.and(x, f32x4.eq(x, x));
    x = f32x4.min(f32x4.max(x, lo), hi);
    x = v128.andnot(x, f32x4.lt(f32x4.abs(x), tiny));
    v128.store(p, x);
  }
}
