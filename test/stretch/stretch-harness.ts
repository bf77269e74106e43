/**
 * Helpers for the stretcher tests (docs/stretch.md): drive the engine at a rate and a transposition,
 * and measure the output (frequency by a zero-padded windowed FFT with a parabolic peak, purity,
 * onsets). Thread: the test's.
 */
import { TestEngine, type StemChannels, type Stereo } from '../engine/engine-harness.js';

/** Test-only exports of the engine (not part of EngineExports): the FFT on the shared work buffers. */
export interface StretchProbes {
  probeBuffer(which: number): number;
  probeForward(): void;
  probeInverse(): void;
  /** Frame parts (a third of a frame each) run since the previous call. */
  probeParts(): number;
  /** Work units (the scheduler's cost model: priming, frame parts by kind) since the previous call. */
  probeWork(): number;
}

export function probes(t: TestEngine): StretchProbes {
  return t.e as unknown as StretchProbes;
}

export interface Render {
  out: Stereo;
  engine: TestEngine;
}

/**
 * Load `stems`, set the transposition, play from song frame `from` at `rate` and render `frames`
 * in blocks of `block`. `keeps` lists stems that keep their pitch.
 */
export function renderStretched(stems: StemChannels[], o: {
  rate: number; semitones?: number; cents?: number; frames: number; from?: number; block?: number; keeps?: number[];
  engine?: TestEngine;
}): Render {
  const t = o.engine ?? new TestEngine(48000, 128);
  t.load(stems);
  for (const k of o.keeps ?? []) t.e.setStemKeepsPitch(k, 1);
  t.e.setPitch(o.semitones ?? 0, o.cents ?? 0);
  t.e.transport(t.t, o.from ?? 0, 1, o.rate);
  const out = t.render(o.frames, undefined, o.block ?? 128);
  return { out, engine: t };
}

/** In-place radix-2 complex FFT (measurement only). */
export function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const a = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(a * k), wi = Math.sin(a * k);
        const xr = re[i + k + len / 2], xi = im[i + k + len / 2];
        const tr = xr * wr - xi * wi, ti = xr * wi + xi * wr;
        re[i + k + len / 2] = re[i + k] - tr;
        im[i + k + len / 2] = im[i + k] - ti;
        re[i + k] += tr;
        im[i + k] += ti;
      }
    }
  }
}

/** Power spectrum of x (Hann- or 4-term Blackman-Harris-windowed, zero-padded to `size`). */
export function powerSpectrum(x: ArrayLike<number>, size: number, window: 'hann' | 'bh' = 'hann'): Float64Array {
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  const n = x.length;
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const w = window === 'hann' ? 0.5 - 0.5 * Math.cos(a)
      : 0.35875 - 0.48829 * Math.cos(a) + 0.14128 * Math.cos(2 * a) - 0.01168 * Math.cos(3 * a);
    re[i] = x[i] * w;
  }
  fftInPlace(re, im);
  const p = new Float64Array(size / 2 + 1);
  for (let k = 0; k <= size / 2; k++) p[k] = re[k] * re[k] + im[k] * im[k];
  return p;
}

/** Frequency (Hz) of the strongest peak: zero-padded (×8 or more) Hann FFT, parabola on log power. */
export function peakFrequency(x: ArrayLike<number>, sampleRate: number): number {
  let size = 1;
  while (size < x.length * 8) size <<= 1;
  const p = powerSpectrum(x, size);
  let k = 1;
  for (let i = 1; i < p.length - 1; i++) if (p[i] > p[k]) k = i;
  const a = Math.log(p[k - 1] + 1e-300), b = Math.log(p[k] + 1e-300), c = Math.log(p[k + 1] + 1e-300);
  const d = (0.5 * (a - c)) / (a - 2 * b + c);
  return ((k + d) * sampleRate) / size;
}

/**
 * Energy within ±6 bins of the peak versus the rest, dB. Blackman-Harris (−92 dB sidelobes), so the
 * window's own leakage (Hann: about −61 dB beyond 6 bins) does not cap the figure.
 */
export function purityDb(x: ArrayLike<number>): number {
  let size = 1;
  while (size < x.length) size <<= 1;
  const p = powerSpectrum(x, size, 'bh');
  const scale = size / x.length; // bins per natural bin
  let k = 1;
  for (let i = 1; i < p.length; i++) if (p[i] > p[k]) k = i;
  const w = Math.ceil(6 * scale);
  let inside = 0, rest = 0;
  for (let i = 0; i < p.length; i++) (Math.abs(i - k) <= w ? (inside += p[i]) : (rest += p[i]));
  return 10 * Math.log10(inside / Math.max(rest, 1e-300));
}

export function cents(f: number, ref: number): number {
  return 1200 * Math.log2(f / ref);
}

export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, to - from));
}

export function db(x: number): number {
  return 20 * Math.log10(Math.max(x, 1e-300));
}

/** A click train: unit impulses (a 1-sample click followed by a short decaying burst) at `at` frames. */
export function clickTrain(frames: number, at: number[], sampleRate: number): Float32Array {
  const x = new Float32Array(frames);
  let seed = 12345;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) * 2 - 1;
  for (const a of at) {
    const len = Math.round(0.03 * sampleRate);
    for (let i = 0; i < len && a + i < frames; i++) x[a + i] += 0.8 * rnd() * Math.exp(-i / (0.006 * sampleRate));
  }
  return x;
}

/** 2 kHz one-pole-pair high-pass followed by a 2 ms RMS envelope (the attack metric of STRETCH.md). */
export function attackEnvelope(x: ArrayLike<number>, sampleRate: number): Float64Array {
  const n = x.length;
  const hp = new Float64Array(n);
  const a = Math.exp((-2 * Math.PI * 2000) / sampleRate);
  let y1 = 0, x1 = 0, y2 = 0, z1 = 0;
  for (let i = 0; i < n; i++) {
    y1 = a * (y1 + x[i] - x1);
    x1 = x[i];
    y2 = a * (y2 + y1 - z1);
    z1 = y1;
    hp[i] = y2;
  }
  const w = Math.max(1, Math.round(0.002 * sampleRate));
  const env = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += hp[i] * hp[i];
    if (i >= w) s -= hp[i - w] * hp[i - w];
    env[i] = Math.sqrt(Math.max(s, 0) / w);
  }
  return env;
}
