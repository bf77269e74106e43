/**
 * The demo song's score: form, chords and every part's notes, in song beats (beat 0 is the
 * downbeat of bar 1; the one-bar count-in sits at beats −4…−1). No audio here: song.ts renders it.
 *
 * "Backline Demo Groove": 100 BPM, 4/4, A minor. A count-in, then
 *   Intro 1–4   | Am7   | Fmaj7 | C     | G          |
 *   Verse 5–12  | Am7   | Fmaj7 | C     | G     | Am7 | Fmaj7 | Dm7 | E7 |
 *   Chorus 13–20| Fmaj7 | G     | Em7   | Am7   | Fmaj7 | G | Esus4 E | E7 |
 *   Verse 21–24 | Am7   | Fmaj7 | Dm7   | E7         |
 *   Chorus 25–32| (as above)                         |
 *   Ending 33   | Amadd9 (rings out)                 |
 */
import { rngFor, type Rng } from './prng.js';
import { parseChord, pitchAtOrAbove, spreadVoicing, voiceLead, type Chord, type Midi } from './theory.js';

export type Beats = number;

export const TITLE = 'Backline Demo Groove';
export const BPM = 100;
export const BEATS_PER_BAR = 4;
export const TIME_SIGNATURE: [number, number] = [4, 4];
export const KEY = 'A minor';
export const COUNT_IN_BARS = 1;
/** Song bars, the ending bar included. */
export const SONG_BARS = 33;
export const SEED = 20240611;

export type SectionKind = 'Intro' | 'Verse' | 'Chorus' | 'Ending';
export const SECTIONS: readonly { name: SectionKind; bar: number }[] = [
  { name: 'Intro', bar: 1 },
  { name: 'Verse', bar: 5 },
  { name: 'Chorus', bar: 13 },
  { name: 'Verse', bar: 21 },
  { name: 'Chorus', bar: 25 },
  { name: 'Ending', bar: 33 },
];

const INTRO = ['Am7', 'Fmaj7', 'C', 'G'];
const VERSE = ['Am7', 'Fmaj7', 'C', 'G', 'Am7', 'Fmaj7', 'Dm7', 'E7'];
const CHORUS = ['Fmaj7', 'G', 'Em7', 'Am7', 'Fmaj7', 'G', 'Esus4 E', 'E7'];
/** One entry per song bar; two chords in a bar split it into halves. */
export const CHART: readonly string[] = [...INTRO, ...VERSE, ...CHORUS, ...VERSE.slice(4), ...CHORUS, 'Amadd9'];

/** Seconds from the start of the audio files to song bar 1 (the count-in). */
export const DOWNBEAT_SECONDS = COUNT_IN_BARS * BEATS_PER_BAR * 60 / BPM;
/** Length of the audio files: count-in plus every song bar. */
export const DURATION_SECONDS = DOWNBEAT_SECONDS + SONG_BARS * BEATS_PER_BAR * 60 / BPM;

/** Song beat → seconds from the start of the audio. */
export function beatToSeconds(beat: Beats): number {
  return DOWNBEAT_SECONDS + beat * 60 / BPM;
}

export interface NoteEvent {
  beat: Beats;
  /** Held length in beats (the voice adds its own release). */
  length: Beats;
  midi: Midi;
  /** 0…1. */
  velocity: number;
}

export type DrumVoice = 'kick' | 'snare' | 'hatClosed' | 'hatOpen' | 'crash' | 'tomHigh' | 'tomMid' | 'tomLow' | 'sticks';

export interface DrumHit {
  beat: Beats;
  voice: DrumVoice;
  velocity: number;
}

export interface GuitarNote extends NoteEvent {
  muted: boolean;
}

export interface ClickEvent {
  beat: Beats;
  accent: boolean;
}

export interface Score {
  drums: DrumHit[];
  bass: NoteEvent[];
  keys: NoteEvent[];
  pad: NoteEvent[];
  guitar: GuitarNote[];
  click: ClickEvent[];
}

/** A chord held from `beat` for `length` beats, with the chord that follows it. */
interface ChordSpan {
  bar: number;
  beat: Beats;
  length: Beats;
  chord: Chord;
  next: Chord | null;
  section: SectionKind;
}

export function sectionOf(bar: number): SectionKind {
  let name: SectionKind = SECTIONS[0].name;
  for (const s of SECTIONS) if (s.bar <= bar) name = s.name;
  return name;
}

/** Bars whose second half is a drum fill leading into the next section. */
const FILLS: Record<number, 'build' | 'toms' | 'short'> = { 4: 'build', 12: 'toms', 20: 'short', 24: 'build', 32: 'toms' };

function chordSpans(): ChordSpan[] {
  const spans: ChordSpan[] = [];
  CHART.forEach((entry, index) => {
    const symbols = entry.split(' ');
    const length = BEATS_PER_BAR / symbols.length;
    symbols.forEach((symbol, k) => spans.push({
      bar: index + 1, beat: index * BEATS_PER_BAR + k * length, length, chord: parseChord(symbol), next: null, section: sectionOf(index + 1),
    }));
  });
  spans.forEach((span, i) => { span.next = spans[i + 1]?.chord ?? null; });
  return spans;
}

/** Small random variation of a velocity, kept in (0, 1]. */
function human(rng: Rng, velocity: number, amount = 0.06): number {
  return Math.min(1, Math.max(0.05, velocity + rng.bipolar() * amount));
}

function drumPart(rng: Rng): DrumHit[] {
  const hits: DrumHit[] = [];
  const hit = (beat: Beats, voice: DrumVoice, velocity: number) => hits.push({ beat, voice, velocity: human(rng, velocity, 0.05) });
  for (let b = -BEATS_PER_BAR; b < 0; b++) hit(b, 'sticks', b === -1 ? 0.85 : 0.7);
  for (let bar = 1; bar <= SONG_BARS; bar++) {
    const t = (bar - 1) * BEATS_PER_BAR;
    const section = sectionOf(bar);
    const barInSection = bar - SECTIONS.filter((s) => s.bar <= bar).at(-1)!.bar;
    const fill = FILLS[bar];
    const grooveEnd = fill ? 2 : 4;
    if (SECTIONS.some((s) => s.bar === bar && s.name !== 'Intro') || (section === 'Chorus' && barInSection === 4)) hit(t, 'crash', 0.9);
    if (section === 'Ending') { hit(t, 'kick', 1); continue; }
    const intro = section === 'Intro';
    const chorus = section === 'Chorus';
    // Hats: eighths, accented on the beat; the chorus opens the hat on the "and" of 4.
    for (let e = 0; e < grooveEnd * 2; e++) {
      const open = chorus && e === 7;
      const onBeat = e % 2 === 0;
      const level = intro ? (onBeat ? 0.5 : 0.32) : onBeat ? 0.72 : 0.46;
      hit(t + e / 2, open ? 'hatOpen' : 'hatClosed', open ? 0.55 : level);
    }
    if (intro) {
      hit(t, 'kick', 0.85);
      if (bar >= 2 && !fill) hit(t + 2.5, 'kick', 0.6);
      if (bar === 3) hit(t + 3, 'snare', 0.45);
    } else {
      const variant = barInSection % 2;
      const kicks = chorus ? (variant ? [0, 1.5, 2, 3.5] : [0, 1.5, 2]) : variant ? [0, 1.5, 2] : [0, 2, 2.5];
      for (const k of kicks) if (k < grooveEnd) hit(t + k, 'kick', k === 0 ? 0.95 : 0.78);
      hit(t + 1, 'snare', chorus ? 0.95 : 0.85);
      if (grooveEnd === 4) hit(t + 3, 'snare', chorus ? 0.95 : 0.85);
      // Ghost notes: soft snare strokes that make the groove breathe.
      if (!chorus && rng.chance(0.5)) hit(t + 1.75, 'snare', 0.18);
      if (!chorus && grooveEnd === 4 && rng.chance(0.4)) hit(t + 3.75, 'snare', 0.16);
      // A small turnaround in the middle of each section.
      if (barInSection === 3 && !fill) { hit(t + 3.5, 'hatOpen', 0.5); hit(t + 3.75, 'snare', 0.4); }
    }
    if (fill === 'build') {
      for (let s = 0; s < 8; s++) hit(t + 2 + s / 4, 'snare', 0.3 + s * 0.08);
      hit(t + 2, 'kick', 0.7);
      hit(t + 3, 'kick', 0.8);
    } else if (fill === 'toms') {
      const voices: DrumVoice[] = ['snare', 'snare', 'tomHigh', 'tomHigh', 'tomMid', 'tomMid', 'tomLow', 'tomLow'];
      voices.forEach((v, s) => hit(t + 2 + s / 4, v, 0.7 + s * 0.035));
      hit(t + 2, 'kick', 0.8);
      hit(t + 3, 'kick', 0.8);
    } else if (fill === 'short') {
      hit(t + 2, 'kick', 0.9);
      hit(t + 2, 'hatClosed', 0.6);
      hit(t + 2.5, 'hatClosed', 0.45);
      for (let s = 0; s < 4; s++) hit(t + 3 + s / 4, 'snare', 0.5 + s * 0.12);
    }
  }
  return hits.sort((a, b) => a.beat - b.beat);
}

function bassRoot(chord: Chord): Midi {
  return pitchAtOrAbove(chord.root, 28); // E1…D#2: the bottom octave of a four-string bass
}

function bassPart(rng: Rng, spans: ChordSpan[]): NoteEvent[] {
  const notes: NoteEvent[] = [];
  const add = (beat: Beats, length: Beats, midi: Midi, velocity: number) => notes.push({ beat, length, midi, velocity: human(rng, velocity, 0.05) });
  for (const s of spans) {
    const root = bassRoot(s.chord);
    const fifth = root + (s.chord.intervals.includes(7) ? 7 : 12);
    // Approach the next chord from a semitone below, or jump the octave if the chord stays.
    const approach = s.next && s.next.root !== s.chord.root ? bassRoot(s.next) - 1 : root + 12;
    const t = s.beat;
    if (s.section === 'Intro') {
      if (s.bar === 4) { add(t + 2, 0.9, root, 0.7); add(t + 3, 0.45, root, 0.6); add(t + 3.5, 0.45, approach, 0.7); }
    } else if (s.section === 'Ending') {
      add(t, 2.5, root, 0.9);
    } else if (s.section === 'Verse') {
      if (s.length === 4) {
        add(t, 1.4, root, 0.9); add(t + 1.5, 0.45, root, 0.6); add(t + 2, 0.9, root, 0.8);
        add(t + 3, 0.45, fifth, 0.65); add(t + 3.5, 0.45, approach, 0.7);
      } else {
        add(t, 0.9, root, 0.85); add(t + 1, 0.45, root, 0.6); add(t + 1.5, 0.45, approach, 0.7);
      }
    } else {
      const pattern = [root, root, root, root + 12, root, root, fifth, approach];
      const levels = [0.9, 0.6, 0.75, 0.65, 0.85, 0.6, 0.75, 0.7];
      const start = s.length === 4 ? 0 : 4;
      for (let e = start; e < 8; e++) add(t + (e - start) / 2, 0.42, pattern[e], levels[e]);
    }
  }
  return notes;
}

function keysPart(rng: Rng, spans: ChordSpan[]): NoteEvent[] {
  const notes: NoteEvent[] = [];
  let previous: Midi[] | null = null;
  for (const s of spans) {
    if (s.section === 'Intro') continue;
    const voicing = voiceLead(s.chord, 4, 55, previous, 64);
    previous = voicing;
    const hits: [Beats, Beats, number][] =
      s.section === 'Ending' ? [[0, 3.5, 0.6]]
        : s.section === 'Verse' ? (s.length === 4 ? [[0, 1.3, 0.6], [1.5, 0.4, 0.42], [2.5, 1.3, 0.52]] : [[0, 1.3, 0.6]])
          : s.length === 4 ? [[0, 1.9, 0.66], [2, 1.4, 0.5], [3.5, 0.45, 0.45]] : [[0, 1.9, 0.66]];
    for (const [offset, length, velocity] of hits) {
      // A player's hand never lands all fingers at once: a few milliseconds of spread.
      voicing.forEach((midi) => notes.push({ beat: s.beat + offset + rng.range(0, 0.006), length, midi, velocity: human(rng, velocity, 0.04) }));
    }
  }
  return notes;
}

function padPart(spans: ChordSpan[]): NoteEvent[] {
  const level: Record<SectionKind, number> = { Intro: 0.75, Verse: 0.45, Chorus: 0.85, Ending: 0.7 };
  const notes: NoteEvent[] = [];
  let previous: Midi[] | null = null;
  let sounding: NoteEvent[] = [];
  for (const s of spans) {
    const voicing = voiceLead(s.chord, 3, 52, previous, 60);
    previous = voicing;
    const velocity = level[s.section];
    const length = s.section === 'Ending' ? 1.5 : s.length;
    const next: NoteEvent[] = [];
    for (const midi of voicing) {
      // Common tones are held across the change instead of re-attacked.
      const held = sounding.find((n) => n.midi === midi && n.velocity === velocity && n.beat + n.length === s.beat);
      if (held) { held.length += length; next.push(held); } else {
        const note = { beat: s.beat, length, midi, velocity };
        notes.push(note);
        next.push(note);
      }
    }
    sounding = next;
  }
  return notes;
}

function guitarPart(rng: Rng, spans: ChordSpan[]): GuitarNote[] {
  const notes: GuitarNote[] = [];
  const arpeggio = [0, 2, 3, 4, 3, 2, 1, 2];
  for (const s of spans) {
    const voicing = spreadVoicing(s.chord, 5, 40);
    if (s.section === 'Ending') {
      voicing.forEach((midi, k) => notes.push({ beat: s.beat + k * 0.04, length: 3, midi, velocity: human(rng, 0.7, 0.04), muted: false }));
    } else if (s.section === 'Chorus') {
      // Down, down-up, up, down-up: downstrokes low→high on all strings, upstrokes high→low on the top three.
      const strums: [Beats, 'down' | 'up', number][] = [[0, 'down', 0.75], [1, 'down', 0.6], [1.5, 'up', 0.42], [2.5, 'up', 0.45], [3, 'down', 0.6], [3.5, 'up', 0.42]];
      const inSpan = strums.filter(([b]) => b < s.length);
      inSpan.forEach(([offset, dir, velocity], k) => {
        const until = k + 1 < inSpan.length ? inSpan[k + 1][0] : s.length;
        const strings = dir === 'down' ? voicing : voicing.slice(2).reverse();
        const spread = dir === 'down' ? 0.016 : 0.012;
        strings.forEach((midi, j) => notes.push({
          beat: s.beat + offset + j * spread, length: until - offset - j * spread, midi, velocity: human(rng, velocity, 0.05), muted: false,
        }));
      });
    } else {
      for (let e = 0; e < s.length * 2; e++) {
        notes.push({ beat: s.beat + e / 2, length: 1.5, midi: voicing[arpeggio[e]], velocity: human(rng, e % 2 ? 0.48 : 0.6, 0.05), muted: false });
      }
    }
  }
  return notes;
}

function clickPart(): ClickEvent[] {
  const clicks: ClickEvent[] = [];
  const last = (SONG_BARS - 1) * BEATS_PER_BAR; // the ending bar's downbeat
  for (let beat = -COUNT_IN_BARS * BEATS_PER_BAR; beat <= last; beat++) {
    clicks.push({ beat, accent: ((beat % BEATS_PER_BAR) + BEATS_PER_BAR) % BEATS_PER_BAR === 0 });
  }
  return clicks;
}

/** The whole score; the same `seed` always gives the same notes. */
export function buildScore(seed = SEED): Score {
  const spans = chordSpans();
  return {
    drums: drumPart(rngFor(seed, 'drums')),
    bass: bassPart(rngFor(seed, 'bass'), spans),
    keys: keysPart(rngFor(seed, 'keys'), spans),
    pad: padPart(spans),
    guitar: guitarPart(rngFor(seed, 'guitar'), spans),
    click: clickPart(),
  };
}
