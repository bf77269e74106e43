/**
 * Renders the demo song (arrangement.ts) into one buffer per stem, plus its backline.json
 * manifest. Pure and deterministic: the same sample rate always gives the same samples.
 * Runs offline (build script, tests); never on the audio thread.
 *
 * @example
 * const { manifest, stems } = renderDemoSong(44100);
 * stems[0].file // 'drums.wav'
 */
import {
  BPM, DOWNBEAT_SECONDS, DURATION_SECONDS, KEY, SECTIONS, SEED, TIME_SIGNATURE, TITLE,
  beatToSeconds, buildScore, type DrumHit, type DrumVoice, type Score,
} from './arrangement.js';
import { rngFor, type Rng } from './prng.js';
import { bassNote } from './synth/bass.js';
import { click } from './synth/click.js';
import { crash, hat, kick, snare, sticks, tom } from './synth/drums.js';
import { addPanned, highpassInPlace, silence, type Channels } from './synth/dsp.js';
import { addPingPong, addReverb } from './synth/effects.js';
import { epianoNote } from './synth/epiano.js';
import { pluck } from './synth/guitar.js';
import { peak, playingRms, scaleInPlace } from './synth/levels.js';
import { addPadNote } from './synth/pad.js';
import type { StemRole } from '../shared/track.js';

/** One stem entry of a backline.json v1 manifest (see docs/ for the full schema). */
export interface ManifestStem {
  id: string;
  name: string;
  file: string;
  role: StemRole;
  gain?: number;
  color?: string;
}

/** The backline.json v1 manifest the demo writes. */
export interface DemoManifest {
  version: 1;
  title: string;
  artist: string;
  tempo: number;
  timeSignature: [number, number];
  key: string;
  downbeat: number;
  sections: { name: string; bar: number }[];
  stems: ManifestStem[];
}

export interface DemoStem {
  file: string;
  /** One Float32Array per channel (1 = mono, 2 = stereo), all the same length. */
  channels: Float32Array[];
}

export interface DemoSong {
  manifest: DemoManifest;
  stems: DemoStem[];
}

/** Peak of all stems summed at unity gain: −3 dBFS leaves headroom for the player's own gain. */
export const MIX_PEAK_DBFS = -3;

interface StemSpec extends ManifestStem {
  channels: 1 | 2;
  /** Playing loudness relative to the drums, in dB (the mix balance). */
  balanceDb: number;
  render(out: Channels, sampleRate: number, score: Score, rng: Rng): void;
}

const STEMS: readonly StemSpec[] = [
  { id: 'drums', name: 'Drums', file: 'drums.wav', role: 'drums', color: '#e0644f', channels: 2, balanceDb: 0, render: renderDrums },
  { id: 'bass', name: 'Bass', file: 'bass.wav', role: 'bass', color: '#e8a33d', channels: 1, balanceDb: -1, render: renderBass },
  { id: 'keys', name: 'Keys', file: 'keys.wav', role: 'keys', color: '#5fb3e4', channels: 1, balanceDb: -7, render: renderKeys },
  { id: 'pad', name: 'Pad', file: 'pad.wav', role: 'strings', color: '#9b7fe0', channels: 2, balanceDb: -10, render: renderPad },
  { id: 'guitar', name: 'Guitar', file: 'guitar.wav', role: 'guitar', color: '#6cc77a', channels: 2, balanceDb: -8, render: renderGuitar },
  { id: 'click', name: 'Click', file: 'click.wav', role: 'click', color: '#9aa0a6', channels: 1, balanceDb: -9, render: renderClick },
];

function frameOf(beat: number, sampleRate: number): number {
  return Math.round(beatToSeconds(beat) * sampleRate);
}

const DRUM_MIX: Record<DrumVoice, { gain: number; pan: number }> = {
  kick: { gain: 1, pan: 0 },
  snare: { gain: 0.8, pan: 0.05 },
  hatClosed: { gain: 0.75, pan: 0.35 },
  hatOpen: { gain: 0.6, pan: 0.35 },
  crash: { gain: 0.32, pan: -0.45 },
  tomHigh: { gain: 0.75, pan: 0.35 },
  tomMid: { gain: 0.75, pan: 0 },
  tomLow: { gain: 0.8, pan: -0.35 },
  sticks: { gain: 0.5, pan: 0 },
};

function drumSound(hit: DrumHit, sampleRate: number, rng: Rng): Float32Array {
  switch (hit.voice) {
    case 'kick': return kick(sampleRate, rng);
    case 'snare': return snare(sampleRate, rng, 0.7 + 0.4 * hit.velocity);
    case 'hatClosed': return hat(sampleRate, rng, false);
    case 'hatOpen': return hat(sampleRate, rng, true);
    case 'crash': return crash(sampleRate, rng);
    case 'tomHigh': return tom(sampleRate, rng, 196);
    case 'tomMid': return tom(sampleRate, rng, 147);
    case 'tomLow': return tom(sampleRate, rng, 110);
    case 'sticks': return sticks(sampleRate, rng);
  }
}

/**
 * Voices whose sound does not depend on velocity play from a few pre-rendered variants in turn
 * ("round robin", as sampled kits do): as lively as a fresh hit each time, and much cheaper.
 */
const ROUND_ROBIN: Partial<Record<DrumVoice, number>> = { kick: 4, hatClosed: 8, hatOpen: 4, crash: 3, tomHigh: 2, tomMid: 2, tomLow: 2, sticks: 2 };

function renderDrums(out: Channels, sampleRate: number, score: Score, rng: Rng): void {
  const hats = score.drums.filter((h) => h.voice === 'hatClosed' || h.voice === 'hatOpen');
  const variants = new Map<DrumVoice, Float32Array[]>();
  let turn = 0;
  for (const hit of score.drums) {
    const size = ROUND_ROBIN[hit.voice];
    let sound: Float32Array;
    if (size) {
      const pool = variants.get(hit.voice) ?? [];
      variants.set(hit.voice, pool);
      const index = turn++ % size;
      pool[index] ??= drumSound(hit, sampleRate, rng);
      sound = pool[index];
    } else {
      sound = drumSound(hit, sampleRate, rng);
    }
    if (hit.voice === 'hatOpen') {
      // The next hat stroke closes (chokes) an open hat, as the pedal does.
      const next = hats.find((h) => h.beat > hit.beat);
      if (next) sound = choke(sound, frameOf(next.beat, sampleRate) - frameOf(hit.beat, sampleRate), sampleRate);
    }
    const { gain, pan } = DRUM_MIX[hit.voice];
    addPanned(out, sound, frameOf(hit.beat, sampleRate), gain * Math.pow(hit.velocity, 1.5), pan);
  }
  addReverb(out, sampleRate, { rt60: 0.7, wet: 0.22, size: 0.8, dampingHz: 6000, preDelay: 0.008 });
}

function choke(sound: Float32Array, frames: number, sampleRate: number): Float32Array {
  if (frames >= sound.length) return sound;
  const fade = Math.round(0.01 * sampleRate);
  const cut = sound.slice(0, frames + fade);
  for (let i = 0; i < fade; i++) cut[frames + i] *= 1 - i / fade;
  return cut;
}

function renderBass(out: Channels, sampleRate: number, score: Score): void {
  const secondsPerBeat = 60 / BPM;
  for (const n of score.bass) {
    addPanned(out, bassNote(sampleRate, n.midi, n.length * secondsPerBeat, n.velocity), frameOf(n.beat, sampleRate), n.velocity);
  }
}

function renderKeys(out: Channels, sampleRate: number, score: Score): void {
  const secondsPerBeat = 60 / BPM;
  for (const n of score.keys) {
    addPanned(out, epianoNote(sampleRate, n.midi, n.length * secondsPerBeat, n.velocity), frameOf(n.beat, sampleRate), 0.3 * n.velocity);
  }
  addReverb(out, sampleRate, { rt60: 1.6, wet: 0.25, size: 1.2, dampingHz: 4500, preDelay: 0.015 });
}

function renderPad(out: Channels, sampleRate: number, score: Score, rng: Rng): void {
  const secondsPerBeat = 60 / BPM;
  for (const n of score.pad) addPadNote(out, frameOf(n.beat, sampleRate), sampleRate, rng, n.midi, n.length * secondsPerBeat, 0.3 * n.velocity);
  addReverb(out, sampleRate, { rt60: 3.2, wet: 0.45, size: 1.8, dampingHz: 5000, preDelay: 0.025 });
}

function renderGuitar(out: Channels, sampleRate: number, score: Score, rng: Rng): void {
  const secondsPerBeat = 60 / BPM;
  for (const n of score.guitar) {
    const sound = pluck(sampleRate, rng, n.midi, n.length * secondsPerBeat, { velocity: n.velocity, muted: n.muted });
    // Low strings a little left of the high ones, the whole guitar left of centre.
    addPanned(out, sound, frameOf(n.beat, sampleRate), 0.5, -0.45 + (n.midi - 40) * 0.008);
  }
  addPingPong(out, sampleRate, { time: 0.75 * secondsPerBeat, feedback: 0.35, wet: 0.3, toneHz: 2800 });
  addReverb(out, sampleRate, { rt60: 1.8, wet: 0.2, size: 1.3, dampingHz: 5000, preDelay: 0.02 });
}

function renderClick(out: Channels, sampleRate: number, score: Score): void {
  for (const c of score.click) addPanned(out, click(sampleRate, c.accent), frameOf(c.beat, sampleRate), 1);
}

/** Fade the last `seconds` so every stem ends on silence, whatever its tail. */
function fadeOut(channels: Channels, seconds: number, sampleRate: number): void {
  const frames = Math.round(seconds * sampleRate);
  for (const ch of channels) {
    const start = ch.length - frames;
    for (let i = Math.max(0, start); i < ch.length; i++) ch[i] *= (ch.length - i) / frames;
  }
}

/** Render every stem at `sampleRate` and describe them in a backline.json v1 manifest. */
export function renderDemoSong(sampleRate = 44100, seed = SEED): DemoSong {
  const score = buildScore(seed);
  const frames = Math.round(DURATION_SECONDS * sampleRate);
  const rendered = STEMS.map((spec) => {
    const channels = silence(spec.channels, frames);
    spec.render(channels, sampleRate, score, rngFor(seed, `render:${spec.id}`));
    if (spec.role !== 'click') {
      // The click keeps its exact first sample on the beat; the others lose DC and sub-rumble.
      for (const ch of channels) highpassInPlace(ch, 25, sampleRate);
      fadeOut(channels, 0.3, sampleRate);
    }
    return channels;
  });
  // Balance: each stem's playing loudness relative to the drums…
  const reference = playingRms(rendered[0], sampleRate);
  rendered.forEach((channels, i) => scaleInPlace(channels, reference * Math.pow(10, STEMS[i].balanceDb / 20) / playingRms(channels, sampleRate)));
  // …then one gain for all, so that the sum of every stem at 0 dB peaks at MIX_PEAK_DBFS.
  const mix = mixDown(rendered);
  const master = Math.pow(10, MIX_PEAK_DBFS / 20) / peak(mix);
  for (const channels of rendered) scaleInPlace(channels, master);

  const manifest: DemoManifest = {
    version: 1,
    title: TITLE,
    artist: 'Backline (synthesized by src/demo)',
    tempo: BPM,
    timeSignature: [...TIME_SIGNATURE],
    key: KEY,
    downbeat: DOWNBEAT_SECONDS,
    sections: SECTIONS.map((s) => ({ ...s })),
    stems: STEMS.map(({ id, name, file, role, gain, color }) => ({ id, name, file, role, ...(gain === undefined ? {} : { gain }), ...(color ? { color } : {}) })),
  };
  return { manifest, stems: STEMS.map((spec, i) => ({ file: spec.file, channels: rendered[i] })) };
}

/**
 * Sum stems at unity gain into a stereo pair (mono stems go to both sides, as a player's
 * centre-panned mono stem does).
 */
export function mixDown(stems: readonly Channels[]): Channels {
  const frames = stems[0][0].length;
  const mix = silence(2, frames);
  for (const channels of stems) {
    for (let c = 0; c < 2; c++) {
      const src = channels[Math.min(c, channels.length - 1)];
      const dst = mix[c];
      for (let i = 0; i < frames; i++) dst[i] += src[i];
    }
  }
  return mix;
}
