/**
 * Synthesized drum kit: each function returns one hit as a mono Float32Array (peak ≈ 1 at full
 * velocity) for the caller to pan and mix. Noise comes from the caller's seeded stream.
 */
import type { Rng } from '../prng.js';
import { decayPerSample, fadeTail, softClip, Svf } from './dsp.js';

/** Kick: a sine swept from 160 Hz down to 48 Hz, a short noise click, gently saturated. */
export function kick(sampleRate: number, rng: Rng): Float32Array {
  const out = new Float32Array(Math.round(0.9 * sampleRate));
  const attack = Math.round(0.0015 * sampleRate);
  let phase = 0;
  let click = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const hz = 48 + 112 * Math.exp(-t / 0.032);
    phase += 2 * Math.PI * hz / sampleRate;
    const env = Math.exp(-t / 0.26) * Math.min(1, (i + 1) / attack);
    click = 0.6 * click + 0.4 * rng.bipolar();
    out[i] = softClip(Math.sin(phase) * env + click * Math.exp(-t / 0.004) * 0.35, 1.6);
  }
  return fadeTail(out);
}

/** Snare: two decaying tones (body) plus bright band-passed noise (wires). */
export function snare(sampleRate: number, rng: Rng, brightness = 1): Float32Array {
  const out = new Float32Array(Math.round(0.4 * sampleRate));
  const hp = new Svf(sampleRate);
  hp.set(900, 0.7);
  const bp = new Svf(sampleRate);
  bp.set(3400 * brightness, 0.9);
  const lp = new Svf(sampleRate);
  lp.set(9000, 0.7);
  let p1 = 0;
  let p2 = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    const drop = 1 + 0.25 * Math.exp(-t / 0.01);
    p1 += 2 * Math.PI * 186 * drop / sampleRate;
    p2 += 2 * Math.PI * 334 * drop / sampleRate;
    const body = (0.65 * Math.sin(p1) + 0.35 * Math.sin(p2)) * Math.exp(-t / 0.055);
    const n = rng.bipolar();
    hp.process(n);
    bp.process(n);
    lp.process(hp.high * 0.7 + bp.band * 0.9);
    const wires = lp.low * Math.exp(-t / 0.12);
    const attack = Math.min(1, i / (0.0008 * sampleRate));
    out[i] = softClip((body * 0.75 + wires * 0.9) * attack, 1.3);
  }
  return fadeTail(out);
}

/** The six square-wave partials of the classic analogue metal voice (Hz). */
const METAL_HZ = [205.3, 304.4, 369.6, 522.7, 540, 800];

function metalNoise(out: Float32Array, sampleRate: number, rng: Rng, tau: number, pitch: number, highpassHz: number, noiseMix: number): void {
  const phases = METAL_HZ.map(() => rng.next());
  const hp = new Svf(sampleRate);
  hp.set(highpassHz, 0.8);
  const hp2 = new Svf(sampleRate);
  hp2.set(highpassHz, 0.8);
  const decay = decayPerSample(tau, sampleRate);
  let env = 1;
  for (let i = 0; i < out.length; i++) {
    let metal = 0;
    for (let k = 0; k < METAL_HZ.length; k++) {
      phases[k] += METAL_HZ[k] * pitch / sampleRate;
      if (phases[k] >= 1) phases[k] -= 1;
      metal += phases[k] < 0.5 ? 1 : -1;
    }
    hp.process(metal / 6 * (1 - noiseMix) + rng.bipolar() * noiseMix);
    hp2.process(hp.high);
    const attack = Math.min(1, i / (0.0005 * sampleRate));
    out[i] = hp2.high * env * attack * 1.6;
    env *= decay;
  }
}

/** Hi-hat: closed (short) or open (rings ~½ s). */
export function hat(sampleRate: number, rng: Rng, open: boolean): Float32Array {
  const out = new Float32Array(Math.round((open ? 0.7 : 0.12) * sampleRate));
  metalNoise(out, sampleRate, rng, open ? 0.22 : 0.035, 1.9, 7200, 0.45);
  return fadeTail(out);
}

/** Crash cymbal: long, bright, noisy. */
export function crash(sampleRate: number, rng: Rng): Float32Array {
  const out = new Float32Array(Math.round(2.6 * sampleRate));
  metalNoise(out, sampleRate, rng, 0.75, 2.6, 4200, 0.6);
  return fadeTail(out);
}

/** Tom: a pitched sine sweep with a little stick noise. `hz` is the resting pitch. */
export function tom(sampleRate: number, rng: Rng, hz: number): Float32Array {
  const out = new Float32Array(Math.round(0.6 * sampleRate));
  let phase = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    phase += 2 * Math.PI * hz * (1 + 0.45 * Math.exp(-t / 0.05)) / sampleRate;
    const attack = Math.min(1, i / (0.001 * sampleRate));
    const body = Math.sin(phase) * Math.exp(-t / 0.2);
    out[i] = softClip((body + rng.bipolar() * 0.25 * Math.exp(-t / 0.006)) * attack, 1.4);
  }
  return fadeTail(out);
}

/** Drumsticks clicked together (the count-in): a short woody knock. */
export function sticks(sampleRate: number, rng: Rng): Float32Array {
  const out = new Float32Array(Math.round(0.08 * sampleRate));
  const bp = new Svf(sampleRate);
  bp.set(2600, 4);
  let p = 0;
  for (let i = 0; i < out.length; i++) {
    const t = i / sampleRate;
    p += 2 * Math.PI * 1850 / sampleRate;
    bp.process(rng.bipolar());
    const attack = Math.min(1, i / (0.0005 * sampleRate));
    out[i] = (Math.sin(p) * 0.6 + bp.band * 1.2) * Math.exp(-t / 0.012) * attack;
  }
  return fadeTail(out);
}
