/**
 * Just enough music theory for the demo score: pitches, chord symbols and voicings.
 * Pitches are MIDI note numbers (60 = middle C). Pure; any thread.
 */

export type Midi = number;
export type Hertz = number;

export function midiToHz(midi: Midi): Hertz {
  return 440 * Math.pow(2, (midi - 69) / 12);
}

const PITCH_CLASSES: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** Chord qualities the score uses, as semitone intervals above the root. */
const QUALITIES: Record<string, readonly number[]> = {
  '': [0, 4, 7],
  m: [0, 3, 7],
  '7': [0, 4, 7, 10],
  m7: [0, 3, 7, 10],
  maj7: [0, 4, 7, 11],
  sus4: [0, 5, 7],
  add9: [0, 4, 7, 14],
  madd9: [0, 3, 7, 14],
};

export interface Chord {
  symbol: string;
  /** Pitch class of the root, 0 = C. */
  root: number;
  /** Intervals above the root, ascending. */
  intervals: readonly number[];
}

/** @example parseChord('Am7') // { root: 9, intervals: [0, 3, 7, 10] } */
export function parseChord(symbol: string): Chord {
  const m = /^([A-G])([#b]?)(.*)$/.exec(symbol);
  if (!m || !(m[3] in QUALITIES)) throw new Error(`unknown chord symbol: ${symbol}`);
  const accidental = m[2] === '#' ? 1 : m[2] === 'b' ? -1 : 0;
  return { symbol, root: (PITCH_CLASSES[m[1]] + accidental + 12) % 12, intervals: QUALITIES[m[3]] };
}

/** The lowest MIDI note with the given pitch class at or above `low`. */
export function pitchAtOrAbove(pitchClass: number, low: Midi): Midi {
  return low + ((pitchClass - low) % 12 + 12) % 12;
}

/** Pitch classes of a chord, root first. */
export function chordPitchClasses(chord: Chord): number[] {
  return chord.intervals.map((i) => (chord.root + i) % 12);
}

/**
 * A close voicing of `count` notes whose lowest note lies in [low, low + 12), chosen to move as
 * little as possible from `previous` (voice leading); with no previous voicing, the one whose
 * centre is nearest `centre`.
 */
export function voiceLead(chord: Chord, count: number, low: Midi, previous: readonly Midi[] | null, centre: Midi): Midi[] {
  const pcs = chordPitchClasses(chord);
  let best: Midi[] = [];
  let bestCost = Infinity;
  for (let inversion = 0; inversion < pcs.length; inversion++) {
    const order = [...pcs.slice(inversion), ...pcs.slice(0, inversion)];
    const notes: Midi[] = [];
    let n = pitchAtOrAbove(order[0], low);
    for (let k = 0; k < count; k++) {
      if (k > 0) n = pitchAtOrAbove(order[k % order.length], n + 1);
      notes.push(n);
    }
    const cost = previous && previous.length === count
      ? notes.reduce((sum, note, k) => sum + Math.abs(note - previous[k]), 0)
      : Math.abs(notes.reduce((s, x) => s + x, 0) / count - centre);
    if (cost < bestCost) { bestCost = cost; best = notes; }
  }
  return best;
}

/**
 * An open, guitar-like voicing: the root in [low, low + 12), then chord tones stacked at least
 * three semitones apart, `count` notes in all.
 */
export function spreadVoicing(chord: Chord, count: number, low: Midi): Midi[] {
  const pcs = chordPitchClasses(chord);
  const order = [pcs[0], ...pcs.slice(2), pcs[1], ...pcs.slice(2)];
  const notes: Midi[] = [pitchAtOrAbove(chord.root, low)];
  for (let k = 1; notes.length < count; k++) notes.push(pitchAtOrAbove(order[k % order.length], notes[notes.length - 1] + 3));
  return notes;
}
