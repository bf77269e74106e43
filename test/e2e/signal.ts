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
