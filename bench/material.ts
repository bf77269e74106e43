/**
 * The benchmark programme, synthesized from parameters, and its ground truth for any case.
 *
 * Every sound is a note event: a set of sinusoidal partials (frequency, amplitude, phase, optional
 * exponential decay) under an envelope, with optional vibrato and pitch glide. The programme is
 * rendered at speed 1 and 0 semitones as the engines' input; the *ideal output* of a case is the same
 * description rendered at the target (STRETCH.md, "Metric definitions"): onsets, holds, releases,
 * decays and vibrato/glide timing are in source time, so they scale by 1/speed; attack ramps are in
 * output time, so they stay; every frequency is multiplied by 2^(semitones/12). Noise-like drums are
 * sums of many seeded random partials, so their transposed ground truth is exact too.
 *
 * Thread: the benchmark's main thread only.
 */
import { SAMPLE_RATE, type Cents, type Hertz, type Seconds, type Semitones, type Stereo } from './types.js';

interface PartialSpec {
  freq: Hertz;
  amp: number;
  /** Initial phase, radians. */
  phase: number;
  /** Exponential decay time constant in source seconds; undefined = no decay. */
  decay?: Seconds;
}

/** One sound. Times are source seconds unless marked "output". */
export interface NoteEvent {
  onset: Seconds;
  /** Raised-cosine attack ramp in *output* seconds (attack ramps keep their length); 0 = instant. */
  attack: Seconds;
  /** Sounds at full envelope for this long, then releases. */
  hold: Seconds;
  /** Exponential release time constant after the hold. */
  release: Seconds;
  /** −1 (left) … +1 (right), equal-power. */
  pan: number;
  partials: PartialSpec[];
  vibrato?: { rate: Hertz; depth: Cents };
  /** Frequency multiplier 1 + (from − 1)·e^(−u/time): a drum's pitch drop. */
  glide?: { from: number; time: Seconds };
}

export type SectionName = 'drums' | 'chords' | 'plucks' | 'vibrato' | 'sine';
export const SECTION_NAMES: readonly SectionName[] = ['drums', 'chords', 'plucks', 'vibrato', 'sine'];

export interface Section {
  name: SectionName;
  /** Source seconds, half-open. */
  start: Seconds;
  end: Seconds;
}

export interface Programme {
  events: NoteEvent[];
  /** Contiguous spans covering the whole programme ('drums' appears twice: intro and coda). */
  sections: Section[];
  duration: Seconds;
  /** Drum-hit onsets, source seconds: where attacks and timing are measured. */
  drumOnsets: Seconds[];
  /** The pure sine: its frequency and the steady span (source seconds) where pitch is measured. */
  sine: { freq: Hertz; steadyStart: Seconds; steadyEnd: Seconds };
}

/** Deterministic PRNG in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const midi = (note: number): Hertz => 440 * Math.pow(2, (note - 69) / 12);

function harmonicPartials(f0: Hertz, count: number, amp: (k: number) => number, random: () => number,
  decay?: (k: number) => Seconds | undefined): PartialSpec[] {
  const out: PartialSpec[] = [];
  for (let k = 1; k <= count; k++) {
    out.push({ freq: f0 * k, amp: amp(k), phase: 2 * Math.PI * random(), decay: decay?.(k) });
  }
  return out;
}

function noisePartials(count: number, lo: Hertz, hi: Hertz, level: number, decay: Seconds, random: () => number): PartialSpec[] {
  const out: PartialSpec[] = [];
  const a = level / Math.sqrt(count);
  for (let i = 0; i < count; i++) {
    out.push({
      freq: lo * Math.pow(hi / lo, random()),
      amp: a * (0.5 + random()),
      phase: 2 * Math.PI * random(),
      decay: decay * (0.75 + 0.5 * random()),
    });
  }
  return out;
}

type DrumKind = 'kick' | 'snare' | 'hat';

function drum(kind: DrumKind, onset: Seconds, random: () => number): NoteEvent {
  const base = { onset, attack: 0.0005, hold: 0.6, release: 0.05 };
  switch (kind) {
    case 'kick':
      return { ...base, pan: 0, glide: { from: 2.4, time: 0.025 },
        partials: [{ freq: 52, amp: 0.45, phase: 0, decay: 0.16 }, { freq: 104, amp: 0.1, phase: 0, decay: 0.08 }] };
    case 'snare':
      return { ...base, pan: -0.1, partials: [
        { freq: 185, amp: 0.16, phase: 2 * Math.PI * random(), decay: 0.07 },
        { freq: 330, amp: 0.1, phase: 2 * Math.PI * random(), decay: 0.05 },
        ...noisePartials(80, 1200, 12000, 0.35, 0.032, random),
      ] };
    case 'hat':
      return { ...base, pan: 0.4, partials: noisePartials(50, 5000, 13500, 0.22, 0.018, random) };
  }
}

/** Hits as [interval before the next hit, instruments]: irregular, so timing errors cannot hide in a grid. */
const DRUM_PATTERN: Array<[Seconds, DrumKind[]]> = [
  [0.3, ['kick', 'hat']], [0.27, ['hat']], [0.33, ['snare']], [0.28, ['hat']],
  [0.31, ['kick', 'hat']], [0.26, ['kick', 'hat']], [0.34, ['snare', 'hat']], [0.29, ['hat']],
];

export interface ProgrammeOptions {
  /** Shorter sections (about half), for `--quick`. */
  quick?: boolean;
}

/** The benchmark programme (about 21 s, or 11 s quick). Same seeds every time. */
export function programme(options: ProgrammeOptions = {}): Programme {
  const quick = options.quick ?? false;
  const random = rng(0xb4c711e);
  const events: NoteEvent[] = [];
  const sections: Section[] = [];
  const drumOnsets: Seconds[] = [];
  let t = 0.25; // lead-in silence

  const drums = (hits: number): void => {
    for (let i = 0; i < hits; i++) {
      const [interval, kinds] = DRUM_PATTERN[i % DRUM_PATTERN.length];
      drumOnsets.push(t);
      for (const kind of kinds) events.push(drum(kind, t, random));
      t += interval;
    }
    t += 0.1;
  };
  const section = (name: SectionName, body: () => void): void => {
    const start = sections.length ? sections[sections.length - 1].end : 0;
    body();
    sections.push({ name, start, end: t });
  };

  section('drums', () => drums(quick ? 6 : 12));

  section('chords', () => {
    t += 0.1;
    const chords = [[48, 55, 64, 67], [53, 60, 65, 69], [43, 55, 62, 71]].slice(0, quick ? 2 : 3);
    for (const chord of chords) {
      chord.forEach((note, i) => events.push({
        onset: t, attack: 0.015, hold: 1.2, release: 0.08, pan: -0.6 + (1.2 * i) / (chord.length - 1),
        partials: harmonicPartials(midi(note), 8, (k) => 0.09 * Math.pow(0.7, k - 1), random, () => 2.5),
      }));
      t += 1.3;
    }
    t += 0.4;
  });

  section('plucks', () => {
    t += 0.1;
    const melody = [55, 59, 62, 67, 71, 64, 60, 57, 62, 66].slice(0, quick ? 5 : 10);
    melody.forEach((note, i) => {
      const last = i === melody.length - 1;
      events.push({
        onset: t, attack: 0, hold: last ? 0.5 : 0.32, release: 0.015, pan: i % 2 ? 0.3 : -0.3,
        partials: harmonicPartials(midi(note), 14, (k) => 0.3 / k, random, (k) => 0.45 / (1 + 0.5 * (k - 1))),
      });
      t += 0.32;
    });
    t += 0.5;
  });

  section('vibrato', () => {
    t += 0.1;
    const notes = [57, 59].slice(0, quick ? 1 : 2);
    for (const note of notes) {
      const formant = (k: number): number => 0.12 / k * (1 + 2 * Math.exp(-Math.pow((k * midi(note) - 800) / 400, 2)));
      events.push({
        onset: t, attack: 0.04, hold: 1.3, release: 0.06, pan: 0.15,
        vibrato: { rate: 5.5, depth: 40 },
        partials: harmonicPartials(midi(note), 10, formant, random),
      });
      t += 1.35;
    }
    t += 0.3;
  });

  const sineHold = quick ? 2 : 3;
  let sine = { freq: 440, steadyStart: 0, steadyEnd: 0 };
  section('sine', () => {
    t += 0.1;
    events.push({ onset: t, attack: 0.02, hold: sineHold, release: 0.01, pan: 0,
      partials: [{ freq: 440, amp: 0.5 * Math.SQRT2, phase: 0 }] }); // equal-power centre: 0.5 per side
    sine = { freq: 440, steadyStart: t + 0.25, steadyEnd: t + sineHold - 0.05 };
    t += sineHold + 0.15;
  });

  section('drums', () => drums(quick ? 4 : 6));
  t += 0.4; // tail
  sections[sections.length - 1].end = t;

  return { events, sections, duration: t, drumOnsets, sine };
}

/** Frames of a case's output for a programme of `duration` source seconds. */
export function outputFrames(duration: Seconds, speed: number, sampleRate = SAMPLE_RATE): number {
  return Math.ceil((duration / speed) * sampleRate);
}

/**
 * Render the programme as it should sound at `speed` and `semitones` (speed 1, 0 semitones = the
 * engines' input). Returns float channels of `outputFrames(duration, speed)` frames.
 */
export function render(p: Programme, speed = 1, semitones: Semitones = 0, sampleRate = SAMPLE_RATE): Stereo {
  const frames = outputFrames(p.duration, speed, sampleRate);
  const left = new Float64Array(frames);
  const right = new Float64Array(frames);
  const ratio = Math.pow(2, semitones / 12);
  for (const e of p.events) renderEvent(e, speed, ratio, sampleRate, left, right);
  return { left: Float32Array.from(left), right: Float32Array.from(right) };
}

function renderEvent(e: NoteEvent, speed: number, ratio: number, sr: number, left: Float64Array, right: Float64Array): void {
  const t0 = e.onset / speed; // output seconds
  const theta = ((e.pan + 1) * Math.PI) / 4;
  const gl = Math.cos(theta);
  const gr = Math.sin(theta);
  const n0 = Math.ceil(t0 * sr);
  const modulated = e.vibrato !== undefined || e.glide !== undefined;
  for (const partial of e.partials) {
    // Source seconds after which this partial is below −140 dB.
    const life = Math.min(e.hold + 16 * e.release, partial.decay !== undefined ? 16 * partial.decay : Infinity);
    const n1 = Math.min(left.length, Math.ceil((t0 + life / speed) * sr));
    const w = 2 * Math.PI * partial.freq * ratio;
    let phase = partial.phase;
    for (let n = n0; n < n1; n++) {
      const t = n / sr - t0; // output seconds since the onset
      const u = t * speed; // source seconds since the onset
      let env = u < e.hold ? 1 : Math.exp(-(u - e.hold) / e.release);
      if (e.attack > 0 && t < e.attack) env *= 0.5 - 0.5 * Math.cos((Math.PI * t) / e.attack);
      if (partial.decay !== undefined) env *= Math.exp(-u / partial.decay);
      let x: number;
      if (!modulated) {
        x = Math.sin(partial.phase + w * t);
      } else {
        // Integrate the instantaneous frequency (midpoint rule) over output time.
        const dt = n === n0 ? t : 1 / sr;
        phase += w * dt * modulation(e, u - (dt * speed) / 2);
        x = Math.sin(phase);
      }
      const v = partial.amp * env * x;
      left[n] += gl * v;
      right[n] += gr * v;
    }
  }
}

/** Frequency multiplier from vibrato and glide at source time `u` after the onset. */
function modulation(e: NoteEvent, u: Seconds): number {
  let m = 1;
  if (e.vibrato) m *= Math.pow(2, (e.vibrato.depth / 1200) * Math.sin(2 * Math.PI * e.vibrato.rate * Math.max(0, u)));
  if (e.glide) m *= 1 + (e.glide.from - 1) * Math.exp(-Math.max(0, u) / e.glide.time);
  return m;
}

/** A steady centred sine (0.5 per channel) with a 20 ms fade-in: the automation tests' source. */
export function sineSource(seconds: Seconds, freq: Hertz = 440, sampleRate = SAMPLE_RATE): Stereo {
  const n = Math.ceil(seconds * sampleRate);
  const x = new Float32Array(n);
  const fade = 0.02 * sampleRate;
  for (let i = 0; i < n; i++) {
    const ramp = i < fade ? 0.5 - 0.5 * Math.cos((Math.PI * i) / fade) : 1;
    x[i] = 0.5 * ramp * Math.sin((2 * Math.PI * freq * i) / sampleRate);
  }
  return { left: x, right: x.slice() };
}
