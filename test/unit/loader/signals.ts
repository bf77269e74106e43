/**
 * Analytic test signals and measurements for the loader tests.
 */

export function sine(frequency: number, sampleRate: number, seconds: number, amplitude = 1, phase = 0): Float32Array {
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate + phase);
  return out;
}

export interface SineFit {
  frequency: number;
  /** Peak amplitude. */
  amplitude: number;
  /** RMS of what is left after subtracting the fitted sine, relative to the sine's RMS, in dB. */
  residualDb: number;
}

/**
 * Measure a sine near `guess` Hz in `x[from…to)`: the frequency from the phase advance between two
 * Hann-windowed halves (precise to far below 0.001 Hz over a second or more), then amplitude and
 * phase by least squares at that frequency, and the residual (aliases, images, noise) around it.
 */
export function fitSine(x: Float32Array, sampleRate: number, guess: number, from: number, to: number): SineFit {
  const half = Math.floor((to - from) / 2);
  const phaseAt = (start: number, f: number) => {
    let re = 0;
    let im = 0;
    for (let i = 0; i < half; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / half);
      const t = (start + i) / sampleRate;
      re += w * x[start + i] * Math.cos(2 * Math.PI * f * t);
      im -= w * x[start + i] * Math.sin(2 * Math.PI * f * t);
    }
    return Math.atan2(im, re);
  };
  let frequency = guess;
  // Two refinements: the first removes most of the error, the second any wrap ambiguity left.
  for (let pass = 0; pass < 2; pass++) {
    let d = phaseAt(from + half, frequency) - phaseAt(from, frequency);
    d = Math.atan2(Math.sin(d), Math.cos(d));
    frequency += d / (2 * Math.PI * (half / sampleRate));
  }
  // Least squares for a·sin + b·cos (+ c) at the measured frequency.
  let ss = 0, cc = 0, sc = 0, xs = 0, xc = 0;
  for (let i = from; i < to; i++) {
    const w = (2 * Math.PI * frequency * i) / sampleRate;
    const s = Math.sin(w);
    const c = Math.cos(w);
    ss += s * s; cc += c * c; sc += s * c; xs += x[i] * s; xc += x[i] * c;
  }
  const det = ss * cc - sc * sc;
  const a = (xs * cc - xc * sc) / det;
  const b = (xc * ss - xs * sc) / det;
  let residual = 0;
  for (let i = from; i < to; i++) {
    const w = (2 * Math.PI * frequency * i) / sampleRate;
    const e = x[i] - a * Math.sin(w) - b * Math.cos(w);
    residual += e * e;
  }
  const amplitude = Math.hypot(a, b);
  const rms = Math.sqrt(residual / (to - from));
  return { frequency, amplitude, residualDb: 20 * Math.log10(rms / (amplitude / Math.SQRT2) + 1e-30) };
}

export function rms(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, to - from));
}
