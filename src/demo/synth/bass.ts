/**
 * Plucked bass: a band-limited saw plus a sine at the fundamental (weight), through a
 * resonant lowpass whose cutoff falls quickly after each note starts (the "pluck").
 */
import { midiToHz, type Midi } from '../theory.js';
import { decayPerSample, fadeTail, Saw, softClip, Svf } from './dsp.js';

/** Render one bass note of `seconds` (plus a short release) as mono samples, peak ≈ 1 at velocity 1. */
export function bassNote(sampleRate: number, midi: Midi, seconds: number, velocity: number): Float32Array {
  const release = 0.045;
  const frames = Math.round((seconds + release * 5) * sampleRate);
  const out = new Float32Array(frames);
  const hz = midiToHz(midi);
  const saw = new Saw(0);
  const filter = new Svf(sampleRate);
  const attackFrames = 0.004 * sampleRate;
  const noteFrames = seconds * sampleRate;
  const releaseDecay = decayPerSample(release, sampleRate);
  const cutoffBase = 180 + 120 * velocity;
  const cutoffPeak = 1400 + 1400 * velocity;
  let sub = 0;
  let env = 0;
  for (let i = 0; i < frames; i++) {
    const t = i / sampleRate;
    if ((i & 15) === 0) filter.set(cutoffBase + cutoffPeak * Math.exp(-t / 0.09), 1.1);
    sub += 2 * Math.PI * hz / sampleRate;
    filter.process(saw.next(hz, sampleRate) * 0.7);
    if (i < attackFrames) env = i / attackFrames;
    else if (i < noteFrames) env = 0.72 + 0.28 * Math.exp(-(t - 0.004) / 0.18);
    else env *= releaseDecay;
    out[i] = softClip((filter.low + Math.sin(sub) * 0.55) * env, 1.5);
  }
  return fadeTail(out, 0.1);
}
