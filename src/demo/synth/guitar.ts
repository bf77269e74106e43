/**
 * Plucked guitar string (Karplus–Strong): a noise burst circulating in a delay line one period
 * long, averaged each pass (the string loses treble as it rings). Palm-muted notes lose energy
 * much faster and darker.
 */
import type { Rng } from '../prng.js';
import { midiToHz, type Midi } from '../theory.js';
import { decayPerSample, fadeTail, onePoleCoefficient } from './dsp.js';

export interface PluckOptions {
  velocity: number;
  /** Palm-muted: short and dull. */
  muted: boolean;
}

/** One plucked note of `seconds` (then damped quickly), mono, peak ≈ 1 at velocity 1. */
export function pluck(sampleRate: number, rng: Rng, midi: Midi, seconds: number, o: PluckOptions): Float32Array {
  const damp = 0.06;
  const frames = Math.round((seconds + damp * 5) * sampleRate);
  const out = new Float32Array(frames);
  const hz = midiToHz(midi);
  // The loop filters delay the signal (the two-point average by half a sample, the mute's one-pole
  // by (1 − a)/a samples at low frequencies): subtract that so the string stays in tune.
  const muteCoefficient = 0.35;
  const delay = sampleRate / hz - 0.5 - (o.muted ? (1 - muteCoefficient) / muteCoefficient : 0);
  const size = Math.ceil(delay) + 2;
  const line = new Float32Array(size);
  // Excitation: noise, darker for soft picks, with a comb at the pick position (1/7 along the string).
  const brightness = onePoleCoefficient((o.muted ? 1500 : 2500 + 5000 * o.velocity), sampleRate);
  let lp = 0;
  const burst = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    lp += brightness * (rng.bipolar() - lp);
    burst[i] = lp;
  }
  const pick = Math.max(1, Math.round(size / 7));
  for (let i = 0; i < size; i++) line[i] = burst[i] - (i >= pick ? burst[i - pick] : 0);
  const t60 = o.muted ? 0.18 : 3.2 * Math.pow(196 / hz, 0.5);
  const loss = Math.pow(10, -3 / (t60 * hz));
  const noteFrames = seconds * sampleRate;
  const release = decayPerSample(damp, sampleRate);
  let write = 0;
  let prev = 0;
  let muteLp = 0;
  let gate = 1;
  let dc = 0;
  for (let i = 0; i < frames; i++) {
    let readPos = write - delay;
    while (readPos < 0) readPos += size;
    const i0 = Math.floor(readPos);
    const frac = readPos - i0;
    const a = line[i0];
    const b = line[i0 + 1 === size ? 0 : i0 + 1];
    const y = a + (b - a) * frac;
    // Averaging is the classic string loss; the muted string adds a one-pole lowpass.
    let filtered = 0.5 * (y + prev);
    prev = y;
    if (o.muted) filtered = muteLp += muteCoefficient * (filtered - muteLp);
    if (i >= noteFrames) gate *= release;
    line[write] = filtered * loss * (i >= noteFrames ? 0.995 : 1);
    write = write + 1 === size ? 0 : write + 1;
    dc += 0.0005 * (y - dc);
    out[i] = (y - dc) * gate * o.velocity;
  }
  return fadeTail(out, 0.1);
}
