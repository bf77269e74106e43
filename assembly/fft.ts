// Real-time contract: FFT kernels over tables laid out once by fftConfigure() (called from
// configure()); the transforms only read the tables and write caller-owned buffers. Nothing
// allocates or grows memory; every loop is bounded by the configured size.
//
// Complex FFT of size M (power of two, ≥ 16) in split format (separate re/im f32 arrays):
// iterative radix-2 decimation in time; the first two stages fused into a scalar radix-4 pass,
// every later stage runs four butterflies per v128. Real FFT of size N = 2M: the even/odd samples
// are packed as one complex sequence (z[n] = x[2n] + i·x[2n+1]) and split apart afterwards.
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
  if (w != 0) {
    for (let n = 0; n < m; n++) {
      const r = bitrev(n);
      setf(wr, r, f(x, 2 * n) * f(w, 2 * n));
      setf(wi, r, f(x, 2 * n + 1) * f(w, 2 * n + 1));
    }
  } else {
    for (let n = 0; n < m; n++) {
      const r = bitrev(n);
      setf(wr, r, f(x, 2 * n));
      setf(wi, r, f(x, 2 * n + 1));
    }
  }
  cfft(wr, wi);
  const z0r = f(wr, 0), z0i = f(wi, 0);
  setf(outRe, 0, z0r + z0i); setf(outIm, 0, 0);
  setf(outRe, m, z0r - z0i); setf(outIm, m, 0);
  const half = m >> 1;
  for (let k = 1; k <= half; k++) {
    const q = m - k;
    const ar = f(wr, k), ai = f(wi, k);
    const br = f(wr, q), bi = f(wi, q);
    // E = (Z[k] + conj Z[q]) / 2, O = (Z[k] − conj Z[q]) / 2i
    const er = HALF * (ar + br), ei = HALF * (ai - bi);
    const or_ = HALF * (ai + bi), oi = -HALF * (ar - br);
    const cr = f(rtRe, k), ci = f(rtIm, k);
    const tr = or_ * cr - oi * ci, ti = or_ * ci + oi * cr;
    setf(outRe, k, er + tr); setf(outIm, k, ei + ti);
    // X[q] = conj(E[k]) − conj(W^k O[k]) (W^q = −conj W^k)
    setf(outRe, q, er - tr); setf(outIm, q, ti - ei);
  }
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
  for (let k = 1; k <= half; k++) {
    const q = m - k;
    const ar = f(inRe, k), ai = f(inIm, k);
    const br = f(inRe, q), bi = f(inIm, q);
    const er = HALF * (ar + br), ei = HALF * (ai - bi);
    const dr = HALF * (ar - br), di = HALF * (ai + bi);
    const cr = f(rtRe, k), ci = -f(rtIm, k);
    const or_ = dr * cr - di * ci, oi = dr * ci + di * cr;
    // Z[k] = E + iO; at q: E[q] = conj E[k] and O[q] = conj O[k] (x is real), so Z[q] = conj E + i·conj O.
    const rk = bitrev(k), rq = bitrev(q);
    setf(wr, rk, er - oi); setf(wi, rk, ei + or_);
    setf(wr, rq, er + oi); setf(wi, rq, or_ - ei);
  }
  cfft(wi, wr);
}
