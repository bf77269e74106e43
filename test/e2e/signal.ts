/** Signal measurements for the tests: amplitude of one frequency (Goertzel), RMS, steps. */

/** Amplitude of the sinusoid at `frequency` in `signal[start, end)`, by a Goertzel filter. */
export function toneAmplitude(signal: ArrayLike<number>, sampleRate: number, frequency: number, start = 0, end = signal.length): number {
  const n = end - start;
  const w = (2 * Math.PI * frequency) / sampleRate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = start; i < end; i++) {
    const s0 = signal[i] + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const real = s1 - s2 * Math.cos(w);
  const imag = s2 * Math.sin(w);
  return (2 * Math.sqrt(real * real + imag * imag)) / n;
}

export function rms(signal: ArrayLike<number>, start = 0, end = signal.length): number {
  let sum = 0;
  for (let i = start; i < end; i++) sum += signal[i] * signal[i];
  return Math.sqrt(sum / Math.max(1, end - start));
}

export function maxAbs(signal: ArrayLike<number>, start = 0, end = signal.length): number {
  let max = 0;
  for (let i = start; i < end; i++) max = Math.max(max, Math.abs(signal[i]));
  return max;
}

export function difference(a: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.min(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = a[i] - b[i];
  return out;
}

/** Amplitude-like response of a Hann-windowed Goertzel at `frequency` over [start, end). */
function hannTone(signal: ArrayLike<number>, sampleRate: number, frequency: number, start: number, end: number): number {
  const n = end - start;
  const w = (2 * Math.PI * frequency) / sampleRate;
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    const x = signal[start + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    re += x * Math.cos(w * i);
    im -= x * Math.sin(w * i);
  }
  return (4 * Math.hypot(re, im)) / n;
}

/**
 * The frequency of the strongest sinusoid within ±`span` Hz of `guess` in [start, end): a fine grid
 * of Hann-windowed Goertzel filters, refined by a parabola through the best three points.
 */
export function measureFrequency(signal: ArrayLike<number>, sampleRate: number, guess: number, start: number, end: number, span = 4): number {
  const step = 0.05;
  let best = guess;
  let bestLevel = -1;
  for (let f = guess - span; f <= guess + span; f += step) {
    const level = hannTone(signal, sampleRate, f, start, end);
    if (level > bestLevel) { bestLevel = level; best = f; }
  }
  const a = hannTone(signal, sampleRate, best - step, start, end);
  const c = hannTone(signal, sampleRate, best + step, start, end);
  const denominator = a - 2 * bestLevel + c;
  return denominator === 0 ? best : best + (step * (a - c)) / (2 * denominator);
}

export function cents(measured: number, expected: number): number {
  return 1200 * Math.log2(measured / expected);
}
