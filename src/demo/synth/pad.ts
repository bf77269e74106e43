/**
 * String pad: three detuned saws per side (different detunes left and right for width), a
 * slowly breathing lowpass, slow attack and release.
 */
import type { Rng } from '../prng.js';
import { midiToHz, type Midi } from '../theory.js';
import { Saw, Svf, type Channels } from './dsp.js';

const DETUNE_CENTS = [[-11, 2, 9], [-7, -1, 12]];

/** Add one pad note starting at frame `start`, held `seconds`, into stereo `out`. */
export function addPadNote(out: Channels, start: number, sampleRate: number, rng: Rng, midi: Midi, seconds: number, velocity: number): void {
  const attack = 0.9;
  const release = 1.4;
  const frames = Math.min(Math.round((seconds + release) * sampleRate), out[0].length - start);
  const hz = midiToHz(midi);
  const lfoPhase = rng.next() * 2 * Math.PI;
  for (let c = 0; c < 2; c++) {
    const saws = DETUNE_CENTS[c].map(() => new Saw(rng.next()));
    const freqs = DETUNE_CENTS[c].map((cents) => hz * Math.pow(2, cents / 1200));
    const filter = new Svf(sampleRate);
    const o = out[c];
    for (let i = 0; i < frames; i++) {
      const t = i / sampleRate;
      if ((i & 31) === 0) filter.set(900 + 500 * velocity + 350 * Math.sin(2 * Math.PI * 0.17 * t + lfoPhase + c), 0.8);
      let s = 0;
      for (let k = 0; k < saws.length; k++) s += saws[k].next(freqs[k], sampleRate);
      filter.process(s / 3);
      const rise = Math.min(1, t / attack);
      const fall = t < seconds ? 1 : Math.max(0, 1 - (t - seconds) / release);
      // Squared ramps sound smoother than linear ones on slow swells.
      o[start + i] += filter.low * velocity * rise * rise * fall * fall;
    }
  }
}
