/**
 * Electric piano (the classic two-pair FM recipe): a 1:1 pair for the warm body whose index
 * falls after the strike, and a 1:14 pair for the short metallic "tine" at the attack.
 */
import { midiToHz, type Midi } from '../theory.js';
import { decayPerSample, fadeTail, fastSin } from './dsp.js';

/** One note, mono, peak ≈ 1 at velocity 1. Higher notes and softer strikes decay faster. */
export function epianoNote(sampleRate: number, midi: Midi, seconds: number, velocity: number): Float32Array {
  const release = 0.09;
  const frames = Math.round((seconds + release * 6) * sampleRate);
  const out = new Float32Array(frames);
  const hz = midiToHz(midi);
  const decayTau = 1.7 * Math.pow(261.6 / hz, 0.45) * (0.7 + 0.3 * velocity);
  const bodyIndex = 0.4 + 1.6 * velocity;
  const noteFrames = seconds * sampleRate;
  const w = 2 * Math.PI * hz / sampleRate;
  const releaseDecay = decayPerSample(release, sampleRate);
  // Exponentials as per-sample multipliers: exp() per sample per note is the slow part otherwise.
  const indexStep = decayPerSample(0.35, sampleRate);
  const tineIndexStep = decayPerSample(0.025, sampleRate);
  const tineStep = decayPerSample(0.06, sampleRate);
  const ampStep = decayPerSample(decayTau, sampleRate);
  const attackFrames = 0.002 * sampleRate;
  let indexEnv = 1;
  let tineIndex = 1.2 * velocity;
  let tineAmp = 0.3 * velocity;
  let amp = 1;
  let gate = 1;
  for (let i = 0; i < frames; i++) {
    if (i >= noteFrames) gate *= releaseDecay;
    const ph = w * i;
    let y = 0.8 * fastSin(ph + (0.25 + bodyIndex * indexEnv) * fastSin(ph));
    if (tineAmp > 1e-5) y += tineAmp * fastSin(ph + tineIndex * fastSin(14 * ph));
    out[i] = y * amp * gate * (i < attackFrames ? i / attackFrames : 1);
    indexEnv *= indexStep;
    tineIndex *= tineIndexStep;
    tineAmp *= tineStep;
    amp *= ampStep;
  }
  return fadeTail(out, 0.1);
}
