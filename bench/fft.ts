/**
 * Signal-processing helpers for the benchmark's measurements: an in-place radix-2 FFT, windows and
 * biquad filters. Plain Float64 JavaScript: the benchmark measures engines, it is not one.
 * Thread: the benchmark's main thread only.
 */

interface FftPlan {
  readonly n: number;
  readonly rev: Uint32Array;
  readonly cos: Float64Array;
  readonly sin: Float64Array;
}

const plans = new Map<number, FftPlan>();

function plan(n: number): FftPlan {
  let p = plans.get(n);
  if (p) return p;
  if (n < 2 || (n & (n - 1)) !== 0) throw new Error(`FFT size ${n} is not a power of two`);
  const bits = Math.log2(n);
  const rev = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let b = 0, x = i; b < bits; b++, x >>= 1) r = (r << 1) | (x & 1);
    rev[i] = r;
  }
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let i = 0; i < n / 2; i++) {
    cos[i] = Math.cos((2 * Math.PI * i) / n);
    sin[i] = -Math.sin((2 * Math.PI * i) / n);
  }
  p = { n, rev, cos, sin };
  plans.set(n, p);
  return p;
}

/** Forward complex FFT in place (no scaling): X[k] = Σ x[n]·e^(−2πi·kn/N). */
export function fft(re: Float64Array, im: Float64Array): void {
  const { n, rev, cos, sin } = plan(re.length);
  for (let i = 0; i < n; i++) {
    const j = rev[i];
    if (j > i) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1;
    const step = n / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0, w = 0; k < half; k++, w += step) {
        const a = start + k;
        const b = a + half;
        const wr = cos[w];
        const wi = sin[w];
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr;
        im[b] = im[a] - xi;
        re[a] += xr;
        im[a] += xi;
      }
    }
  }
}

/**
 * Power spectra of two real frames with one complex FFT (x in the real part, y in the imaginary):
 * writes |X[k]|² and |Y[k]|² for k = 0…N/2 into px and py. re/im are scratch of length N.
 */
export function powerSpectra2(
  x: ArrayLike<number>, y: ArrayLike<number>, window: Float64Array,
  re: Float64Array, im: Float64Array, px: Float64Array, py: Float64Array,
): void {
  const n = window.length;
  for (let i = 0; i < n; i++) {
    re[i] = x[i] * window[i];
    im[i] = y[i] * window[i];
  }
  fft(re, im);
  for (let k = 0; k <= n / 2; k++) {
    const j = (n - k) & (n - 1);
    const xr = 0.5 * (re[k] + re[j]);
    const xi = 0.5 * (im[k] - im[j]);
    const yr = 0.5 * (im[k] + im[j]);
    const yi = -0.5 * (re[k] - re[j]);
    px[k] = xr * xr + xi * xi;
    py[k] = yr * yr + yi * yi;
  }
}

/** Periodic Hann window (sums to a constant at hop N/4 and N/2). */
export function hann(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/** 4-term Blackman-Harris window: sidelobes below −92 dB, main lobe ±4 bins. */
export function blackmanHarris(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = (2 * Math.PI * i) / n;
    w[i] = 0.35875 - 0.48829 * Math.cos(x) + 0.14128 * Math.cos(2 * x) - 0.01168 * Math.cos(3 * x);
  }
  return w;
}

export function nextPow2(n: number): number {
  let p = 1;
  while (p < n) p <<= 1;
  return p;
}

/** One biquad section (transposed direct form II), coefficients normalised by a0. */
interface Biquad {
  b0: number; b1: number; b2: number; a1: number; a2: number;
}

function butterworthSections(order: number): number[] {
  // Q of each 2nd-order section of an even-order Butterworth filter.
  const qs: number[] = [];
  for (let k = 0; k < order / 2; k++) qs.push(1 / (2 * Math.cos((Math.PI * (2 * k + 1)) / (2 * order))));
  return qs;
}

function section(kind: 'lowpass' | 'highpass', freq: number, q: number, sampleRate: number): Biquad {
  // RBJ cookbook
  const w0 = (2 * Math.PI * freq) / sampleRate;
  const alpha = Math.sin(w0) / (2 * q);
  const c = Math.cos(w0);
  const a0 = 1 + alpha;
  const b1 = kind === 'lowpass' ? 1 - c : -(1 + c);
  const b0 = kind === 'lowpass' ? (1 - c) / 2 : (1 + c) / 2;
  return { b0: b0 / a0, b1: b1 / a0, b2: b0 / a0, a1: (-2 * c) / a0, a2: (1 - alpha) / a0 };
}

/** Causal Butterworth filter of even `order` (cascaded biquads), returned as a new array. */
export function butterworth(
  x: ArrayLike<number>, kind: 'lowpass' | 'highpass', freq: number, order: number, sampleRate: number,
): Float64Array {
  let y = Float64Array.from(x as ArrayLike<number>);
  for (const q of butterworthSections(order)) {
    const s = section(kind, freq, q, sampleRate);
    const out = new Float64Array(y.length);
    let z1 = 0;
    let z2 = 0;
    for (let i = 0; i < y.length; i++) {
      const v = y[i];
      const o = s.b0 * v + z1;
      z1 = s.b1 * v - s.a1 * o + z2;
      z2 = s.b2 * v - s.a2 * o;
      out[i] = o;
    }
    y = out;
  }
  return y;
}

/** Centred moving RMS over `width` samples (odd widths are exactly centred). */
export function movingRms(x: ArrayLike<number>, width: number): Float64Array {
  const n = x.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + x[i] * x[i];
  const out = new Float64Array(n);
  const h = Math.floor(width / 2);
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - h);
    const b = Math.min(n, i - h + width);
    out[i] = Math.sqrt(Math.max(0, prefix[b] - prefix[a]) / width);
  }
  return out;
}

export function db(power: number): number {
  return 10 * Math.log10(power);
}
