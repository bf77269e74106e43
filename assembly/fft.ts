// Real-time contract: FFT kernels over tables laid out once by fftConfigure() (called from
// configure()); the transforms only read the tables and write caller-owned buffers. Nothing
// allocates or grows memory; every loop is bounded by the configured size.
//
// Complex FFT of size M (power of two, ≥ 16) in split format (separate re/im f32 arrays):
// iterative radix-2 decimation in time; the first two stages fused into one radix-4 pass, every
// stage four points or butterflies per v128. Real FFT of size N = 2M: the even/odd samples are
// packed as one complex sequence (z[n] = x[2n] + i·x[2n+1]) and split apart afterwards; the gather
// into bit-reversed order, the split and the inverse's pre-pass are SIMD too (scattered stores scalar).
// The inverse complex FFT is the forward one with re and im swapped (swap∘FFT∘swap = M·IFFT).

const HALF: f32 = 0.5;

/** Real FFT size N and its complex half M = N/2. */
export let fftN: i32 = 0;
export let fftM: i32 = 0;
/** Stage twiddles: for half-length m (4 ≤ m < M), twRe/twIm[m + j] = e^{−iπj/m}, j < m. */
let twRe: usize = 0;
let twIm: usize = 0;
/** Real-FFT split twiddles: e^{−2πik/N}, k ≤ M/2. */
let rtRe: usize = 0;
let rtIm: usize = 0;
/** Bit reversal of log2(M) bits, i32 × M. */
let rev: usize = 0;

@inline function f(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}
@inline function setf(p: usize, i: i32, v: f32): void {
  store<f32>(p + (<usize>i << 2), v);
}
@inline function align16(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}

/** Bytes the tables take for real size n. */
export function fftTableBytes(n: i32): usize {
  const m = n >> 1;
  return align16(<usize>m << 2) * 3 + align16(<usize>(m + 1) << 2) * 2 + 64;
}

/**
 * Lay out the tables for real size `n` (a power of two ≥ 32) at `base` (16-aligned, memory
 * already available) and fill them. Returns the first byte after them. configure() only.
 */
export function fftConfigure(n: i32, base: usize): usize {
  const m = n >> 1;
  fftN = n;
  fftM = m;
  let p = align16(base);
  twRe = p; p = align16(p + (<usize>m << 2));
  twIm = p; p = align16(p + (<usize>m << 2));
  rev = p; p = align16(p + (<usize>m << 2));
  rtRe = p; p = align16(p + (<usize>(m + 1) << 2));
  rtIm = p; p = align16(p + (<usize>(m + 1) << 2));
  for (let h = 4; h < m; h <<= 1) {
    for (let j = 0; j < h; j++) {
      const a = -Math.PI * <f64>j / <f64>h;
      setf(twRe, h + j, <f32>Math.cos(a));
      setf(twIm, h + j, <f32>Math.sin(a));
    }
  }
  let bits = 0;
  while ((1 << bits) < m) bits++;
  for (let i = 0; i < m; i++) {
    let r = 0;
    for (let b = 0; b < bits; b++) if (i & (1 << b)) r |= 1 << (bits - 1 - b);
    store<i32>(rev + (<usize>i << 2), r);
  }
  for (let k = 0; k <= (m >> 1); k++) {
    const a = -2 * Math.PI * <f64>k / <f64>n;
    setf(rtRe, k, <f32>Math.cos(a));
    setf(rtIm, k, <f32>Math.sin(a));
  }
  return p;
}

/** Index i in bit-reversed order. */
@inline export function bitrev(i: i32): i32 {
  return load<i32>(rev + (<usize>i << 2));
}

/**
 * In-place forward complex FFT of size M on (re, im), input in bit-reversed order, output natural.
 * Called with (im, re) it computes M × the inverse transform.
 */
export function cfft(re: usize, im: usize): void {
  const m = fftM;
  // Stages 1 and 2 (butterflies of length 2 and 4) as one radix-4 pass, four points per vector:
  // stage 1: a = [x0 + x1, x0 − x1, x2 + x3, x2 − x3];
  // stage 2: [a0 + a2, a1 − i·a3, a0 − a2, a1 + i·a3] (twiddle −i for the odd pair).
  const s1 = f32x4(1, -1, 1, -1);
  const s2 = f32x4(1, 1, -1, -1);
  const s3 = f32x4(1, -1, -1, 1);
  for (let i = 0; i < m; i += 4) {
    const pr = re + (<usize>i << 2);
    const pi = im + (<usize>i << 2);
    const xr = v128.load(pr);
    const xi = v128.load(pi);
    const ar = f32x4.add(v128.shuffle<f32>(xr, xr, 0, 0, 2, 2), f32x4.mul(v128.shuffle<f32>(xr, xr, 1, 1, 3, 3), s1));
    const ai = f32x4.add(v128.shuffle<f32>(xi, xi, 0, 0, 2, 2), f32x4.mul(v128.shuffle<f32>(xi, xi, 1, 1, 3, 3), s1));
    // re: [ar0 + ar2, ar1 + ai3, ar0 − ar2, ar1 − ai3]; im: [ai0 + ai2, ai1 − ar3, ai0 − ai2, ai1 + ar3]
    v128.store(pr, f32x4.add(v128.shuffle<f32>(ar, ar, 0, 1, 0, 1), f32x4.mul(v128.shuffle<f32>(ar, ai, 2, 7, 2, 7), s2)));
    v128.store(pi, f32x4.add(v128.shuffle<f32>(ai, ai, 0, 1, 0, 1), f32x4.mul(v128.shuffle<f32>(ai, ar, 2, 7, 2, 7), s3)));
  }
  // Later stages: half-length h ≥ 4, four butterflies per vector.
  for (let h = 4; h < m; h <<= 1) {
    const tr = twRe + (<usize>h << 2);
    const ti = twIm + (<usize>h << 2);
    const step = <usize>h << 2;
    for (let b = 0; b < m; b += h << 1) {
      let pr = re + (<usize>b << 2);
      let pi = im + (<usize>b << 2);
      for (let j = 0; j < h; j += 4) {
        const jo = <usize>j << 2;
        const wr = v128.load(tr + jo);
        const wi = v128.load(ti + jo);
        const xr = v128.load(pr + jo);
        const xi = v128.load(pi + jo);
        const yr = v128.load(pr + step + jo);
        const yi = v128.load(pi + step + jo);
        const t_r = f32x4.sub(f32x4.mul(yr, wr), f32x4.mul(yi, wi));
        const t_i = f32x4.add(f32x4.mul(yr, wi), f32x4.mul(yi, wr));
        v128.store(pr + jo, f32x4.add(xr, t_r));
        v128.store(pi + jo, f32x4.add(xi, t_i));
        v128.store(pr + step + jo, f32x4.sub(xr, t_r));
        v128.store(pi + step + jo, f32x4.sub(xi, t_i));
      }
    }
  }
}

/**
 * Forward real FFT of the N samples x[n]·w[n] (w = 0 means no window). Work arrays wr/wi (f32 × M)
 * are clobbered; the spectrum X[k], k = 0…M, lands in outRe/outIm (f32 × (M + 1)).
 * X[k] = Σ x[n]·w[n]·e^{−2πikn/N}.
 */
export function rfft(x: usize, w: usize, wr: usize, wi: usize, outRe: usize, outIm: usize): void {
  const m = fftM;
  // Gather into bit-reversed order, four pairs per step: the loads, the window and the even/odd
  // split are SIMD; only the scattered stores are scalar.
  for (let n = 0; n < m; n += 4) {
    const o = <usize>n << 3;
    let a = v128.load(x + o), b = v128.load(x + o + 16);
    if (w != 0) {
      a = f32x4.mul(a, v128.load(w + o));
      b = f32x4.mul(b, v128.load(w + o + 16));
    }
    const ev = v128.shuffle<f32>(a, b, 0, 2, 4, 6);
    const od = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
    const r = v128.load(rev + (<usize>n << 2));
    const r0 = <usize>i32x4.extract_lane(r, 0) << 2, r1 = <usize>i32x4.extract_lane(r, 1) << 2;
    const r2 = <usize>i32x4.extract_lane(r, 2) << 2, r3 = <usize>i32x4.extract_lane(r, 3) << 2;
    store<f32>(wr + r0, f32x4.extract_lane(ev, 0)); store<f32>(wi + r0, f32x4.extract_lane(od, 0));
    store<f32>(wr + r1, f32x4.extract_lane(ev, 1)); store<f32>(wi + r1, f32x4.extract_lane(od, 1));
    store<f32>(wr + r2, f32x4.extract_lane(ev, 2)); store<f32>(wi + r2, f32x4.extract_lane(od, 2));
    store<f32>(wr + r3, f32x4.extract_lane(ev, 3)); store<f32>(wi + r3, f32x4.extract_lane(od, 3));
  }
  cfft(wr, wi);
  const z0r = f(wr, 0), z0i = f(wi, 0);
  setf(outRe, 0, z0r + z0i); setf(outIm, 0, 0);
  setf(outRe, m, z0r - z0i); setf(outIm, m, 0);
  // The split, four k per step (k = 1 … M/2, q = M − k read and written as reversed vectors); in the
  // last step k reaches q = M/2, where both writes agree.
  const half = m >> 1;
  const hv = f32x4.splat(HALF);
  for (let k = 1; k <= half; k += 4) {
    const ko = <usize>k << 2;
    const qo = <usize>(m - k - 3) << 2; // q = M − k − 3 … M − k, reversed below
    const ar = v128.load(wr + ko), ai = v128.load(wi + ko);
    const br = v128.shuffle<f32>(v128.load(wr + qo), v128.load(wr + qo), 3, 2, 1, 0);
    const bi = v128.shuffle<f32>(v128.load(wi + qo), v128.load(wi + qo), 3, 2, 1, 0);
    // E = (Z[k] + conj Z[q]) / 2, O = (Z[k] − conj Z[q]) / 2i
    const er = f32x4.mul(hv, f32x4.add(ar, br)), ei = f32x4.mul(hv, f32x4.sub(ai, bi));
    const or_ = f32x4.mul(hv, f32x4.add(ai, bi)), oi = f32x4.mul(hv, f32x4.sub(br, ar));
    const cr = v128.load(rtRe + ko), ci = v128.load(rtIm + ko);
    const tr = f32x4.sub(f32x4.mul(or_, cr), f32x4.mul(oi, ci));
    const ti = f32x4.add(f32x4.mul(or_, ci), f32x4.mul(oi, cr));
    v128.store(outRe + ko, f32x4.add(er, tr));
    v128.store(outIm + ko, f32x4.add(ei, ti));
    // X[q] = conj(E[k]) − conj(W^k O[k]) (W^q = −conj W^k)
    const xr = f32x4.sub(er, tr), xi = f32x4.sub(ti, ei);
    v128.store(outRe + qo, v128.shuffle<f32>(xr, xr, 3, 2, 1, 0));
    v128.store(outIm + qo, v128.shuffle<f32>(xi, xi, 3, 2, 1, 0));
  }
}

/** dst[idx[j]] = (re[j], im[j]) for the four lanes j. */
@inline function scatter4(dr: usize, di: usize, idx: v128, re: v128, im: v128): void {
  let r = <usize>i32x4.extract_lane(idx, 0) << 2;
  store<f32>(dr + r, f32x4.extract_lane(re, 0)); store<f32>(di + r, f32x4.extract_lane(im, 0));
  r = <usize>i32x4.extract_lane(idx, 1) << 2;
  store<f32>(dr + r, f32x4.extract_lane(re, 1)); store<f32>(di + r, f32x4.extract_lane(im, 1));
  r = <usize>i32x4.extract_lane(idx, 2) << 2;
  store<f32>(dr + r, f32x4.extract_lane(re, 2)); store<f32>(di + r, f32x4.extract_lane(im, 2));
  r = <usize>i32x4.extract_lane(idx, 3) << 2;
  store<f32>(dr + r, f32x4.extract_lane(re, 3)); store<f32>(di + r, f32x4.extract_lane(im, 3));
}

/** dst[idx[3 − j]] = (re[j], im[j]) for the four lanes j (indices loaded in reverse). */
@inline function scatter4rev(dr: usize, di: usize, idx: v128, re: v128, im: v128): void {
  let r = <usize>i32x4.extract_lane(idx, 3) << 2;
  store<f32>(dr + r, f32x4.extract_lane(re, 0)); store<f32>(di + r, f32x4.extract_lane(im, 0));
  r = <usize>i32x4.extract_lane(idx, 2) << 2;
  store<f32>(dr + r, f32x4.extract_lane(re, 1)); store<f32>(di + r, f32x4.extract_lane(im, 1));
  r = <usize>i32x4.extract_lane(idx, 1) << 2;
  store<f32>(dr + r, f32x4.extract_lane(re, 2)); store<f32>(di + r, f32x4.extract_lane(im, 2));
  r = <usize>i32x4.extract_lane(idx, 0) << 2;
  store<f32>(dr + r, f32x4.extract_lane(re, 3)); store<f32>(di + r, f32x4.extract_lane(im, 3));
}

/**
 * Inverse real FFT, unnormalised: from X[k], k = 0…M (inRe/inIm, read only; the imaginary parts
 * of X[0] and X[M] are ignored) to the N real samples x[n] (x = the exact inverse of rfft), written
 * as pairs into the work arrays scaled by M: wr[n] = M·x[2n], wi[n] = M·x[2n+1]. Work arrays f32 × M.
 */
export function irfft(inRe: usize, inIm: usize, wr: usize, wi: usize): void {
  const m = fftM;
  const half = m >> 1;
  // Z[k] = E[k] + i·O[k], E = (X[k] + conj X[q]) / 2, O = (X[k] − conj X[q]) · conj(W^k) / 2.
  {
    const x0 = f(inRe, 0), xm = f(inRe, m);
    const r = bitrev(0);
    setf(wr, r, HALF * (x0 + xm));
    setf(wi, r, HALF * (x0 - xm));
  }
  // Four k per step (q = M − k read as reversed vectors), the scattered stores scalar; at k = q = M/2
  // the q store comes last, as in the scalar order.
  const hv = f32x4.splat(HALF);
  for (let k = 1; k <= half; k += 4) {
    const ko = <usize>k << 2;
    const qo = <usize>(m - k - 3) << 2;
    const ar = v128.load(inRe + ko), ai = v128.load(inIm + ko);
    const br = v128.shuffle<f32>(v128.load(inRe + qo), v128.load(inRe + qo), 3, 2, 1, 0);
    const bi = v128.shuffle<f32>(v128.load(inIm + qo), v128.load(inIm + qo), 3, 2, 1, 0);
    const er = f32x4.mul(hv, f32x4.add(ar, br)), ei = f32x4.mul(hv, f32x4.sub(ai, bi));
    const dr = f32x4.mul(hv, f32x4.sub(ar, br)), di = f32x4.mul(hv, f32x4.add(ai, bi));
    const cr = v128.load(rtRe + ko), ci = f32x4.neg(v128.load(rtIm + ko));
    const or_ = f32x4.sub(f32x4.mul(dr, cr), f32x4.mul(di, ci));
    const oi = f32x4.add(f32x4.mul(dr, ci), f32x4.mul(di, cr));
    // Z[k] = E + iO; at q: E[q] = conj E[k] and O[q] = conj O[k] (x is real), so Z[q] = conj E + i·conj O.
    const kr = f32x4.sub(er, oi), ki = f32x4.add(ei, or_);
    const qr = f32x4.add(er, oi), qi = f32x4.sub(or_, ei);
    const rk = v128.load(rev + ko);
    const rq = v128.load(rev + qo); // bit reversals of M − k − 3 … M − k: lane 3 − j for k + j
    scatter4(wr, wi, rk, kr, ki);
    scatter4rev(wr, wi, rq, qr, qi);
  }
  cfft(wi, wr);
}
