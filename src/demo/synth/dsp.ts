/**
 * DSP building blocks for the demo voices: filters, a band-limited saw, panning and mixing.
 * Offline only (allocation is fine here: nothing in this folder runs on the audio thread).
 */

export type Channels = Float32Array[];

/** Allocate `count` silent channels of `frames` samples. */
export function silence(count: number, frames: number): Channels {
  return Array.from({ length: count }, () => new Float32Array(frames));
}

/** Constant-power pan gains for `pan` in [-1, 1]; centre is −3 dB on each side. */
export function panGains(pan: number): [number, number] {
  const angle = (Math.min(1, Math.max(-1, pan)) + 1) * Math.PI / 4;
  return [Math.cos(angle), Math.sin(angle)];
}

/**
 * Add a mono voice into `out` from frame `start`, panned (stereo out) or as is (mono out).
 * Samples beyond the end of `out` are dropped.
 */
export function addPanned(out: Channels, voice: Float32Array, start: number, gain: number, pan = 0): void {
  const frames = Math.min(voice.length, out[0].length - start);
  if (out.length === 1) {
    const o = out[0];
    for (let i = 0; i < frames; i++) o[start + i] += voice[i] * gain;
    return;
  }
  const [gl, gr] = panGains(pan);
  const l = out[0];
  const r = out[1];
  for (let i = 0; i < frames; i++) {
    const s = voice[i] * gain;
    l[start + i] += s * gl;
    r[start + i] += s * gr;
  }
}

/** One-pole lowpass coefficient for a cutoff `hz`. */
export function onePoleCoefficient(hz: number, sampleRate: number): number {
  return 1 - Math.exp(-2 * Math.PI * hz / sampleRate);
}

/** In-place one-pole highpass (a DC and rumble blocker). */
export function highpassInPlace(x: Float32Array, hz: number, sampleRate: number): void {
  const a = onePoleCoefficient(hz, sampleRate);
  let low = 0;
  for (let i = 0; i < x.length; i++) {
    low += a * (x[i] - low);
    x[i] -= low;
  }
}

/** In-place one-pole lowpass. */
export function lowpassInPlace(x: Float32Array, hz: number, sampleRate: number): void {
  const a = onePoleCoefficient(hz, sampleRate);
  let y = 0;
  for (let i = 0; i < x.length; i++) {
    y += a * (x[i] - y);
    x[i] = y;
  }
}

/**
 * A topology-preserving state-variable filter (Zavalishin): lowpass, bandpass and highpass
 * outputs from one state, stable under fast cutoff modulation.
 */
export class Svf {
  private ic1 = 0;
  private ic2 = 0;
  private g = 0;
  private k = 1;
  private a1 = 0;
  private a2 = 0;
  private a3 = 0;
  low = 0;
  band = 0;
  high = 0;

  constructor(private readonly sampleRate: number) {}

  /** `q` ≈ 0.5 (no resonance) … 10 (strong). */
  set(cutoffHz: number, q: number): void {
    const fc = Math.min(cutoffHz, this.sampleRate * 0.45);
    this.g = Math.tan(Math.PI * fc / this.sampleRate);
    this.k = 1 / q;
    this.a1 = 1 / (1 + this.g * (this.g + this.k));
    this.a2 = this.g * this.a1;
    this.a3 = this.g * this.a2;
  }

  process(x: number): void {
    const v3 = x - this.ic2;
    const v1 = this.a1 * this.ic1 + this.a2 * v3;
    const v2 = this.ic2 + this.a2 * this.ic1 + this.a3 * v3;
    this.ic1 = 2 * v1 - this.ic1;
    this.ic2 = 2 * v2 - this.ic2;
    this.low = v2;
    this.band = v1;
    this.high = x - this.k * v1 - v2;
  }
}

/** PolyBLEP residual for a phase `t` in [0, 1) advancing `dt` per sample. */
function polyBlep(t: number, dt: number): number {
  if (t < dt) {
    const x = t / dt;
    return x + x - x * x - 1;
  }
  if (t > 1 - dt) {
    const x = (t - 1) / dt;
    return x * x + x + x + 1;
  }
  return 0;
}

/** A band-limited (PolyBLEP) sawtooth; `phase` in [0, 1). */
export class Saw {
  constructor(public phase = 0) {}

  /** One sample at `hz`. */
  next(hz: number, sampleRate: number): number {
    const dt = hz / sampleRate;
    const t = this.phase;
    this.phase += dt;
    if (this.phase >= 1) this.phase -= 1;
    return 2 * t - 1 - polyBlep(t, dt);
  }
}

/** `tanh`-shaped saturation normalised so that `softClip(1, drive) === 1`. */
export function softClip(x: number, drive: number): number {
  return Math.tanh(x * drive) / Math.tanh(drive);
}

/** Seconds of a time constant → per-sample multiplier of an exponential decay. */
export function decayPerSample(tauSeconds: number, sampleRate: number): number {
  return Math.exp(-1 / (tauSeconds * sampleRate));
}

const SINE_BITS = 12;
const SINE_SIZE = 1 << SINE_BITS;
const SINE_TABLE = Float64Array.from({ length: SINE_SIZE + 1 }, (_, i) => Math.sin(2 * Math.PI * i / SINE_SIZE));
const SINE_SCALE = SINE_SIZE / (2 * Math.PI);

/**
 * sin(x) from a 4096-point table with linear interpolation (error < 3e-7, far below 16-bit
 * resolution) — several times faster than Math.sin in the FM inner loops.
 */
export function fastSin(x: number): number {
  const p = x * SINE_SCALE;
  const f = Math.floor(p);
  const i = f & (SINE_SIZE - 1);
  const a = SINE_TABLE[i];
  return a + (SINE_TABLE[i + 1] - a) * (p - f);
}

/**
 * Fade the last `fraction` of a one-shot sound to exact zero (raised cosine), so a voice cut to a
 * fixed length never ends on a step (an audible click).
 */
export function fadeTail(x: Float32Array, fraction = 0.25): Float32Array {
  const n = Math.max(1, Math.round(x.length * fraction));
  const start = x.length - n;
  for (let i = 0; i < n; i++) x[start + i] *= 0.5 + 0.5 * Math.cos(Math.PI * (i + 1) / n);
  return x;
}
