/**
 * Key names: transpose a song's key ("A minor" + 2 semitones → "B minor"). Pure; any thread.
 * Keys whose usual spelling uses flats (F, Bb, Eb…, D minor, G minor…) are spelled with flats.
 */
import type { Semitones } from './units.js';

const SHARP_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];
const FLAT_NAMES = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'Gb', 'G', 'Ab', 'A', 'Bb', 'B'];
const LETTERS: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };
/** Tonic pitch classes whose keys are usually written with flats. */
const FLAT_MAJOR = new Set([5, 10, 3, 8, 1]); // F Bb Eb Ab Db (F# rather than Gb)
const FLAT_MINOR = new Set([2, 7, 0, 5, 10, 3]); // D G C F Bb Eb

export interface ParsedKey { tonic: number; mode: 'major' | 'minor' | null }

/** Parses "A minor", "F# major", "Bb", "c#m", "Eb min"; null if it is not a key name. */
export function parseKey(text: string): ParsedKey | null {
  const m = /^\s*([A-Ga-g])\s*(#|♯|b|♭)?\s*(major|maj|minor|min|m)?\s*$/i.exec(text);
  if (!m) return null;
  let tonic = LETTERS[m[1].toUpperCase()];
  if (m[2] === '#' || m[2] === '♯') tonic += 1;
  if (m[2] === 'b' || m[2] === '♭') tonic -= 1;
  const word = (m[3] ?? '').toLowerCase();
  const mode = word === '' ? null : word.startsWith('maj') ? 'major' : 'minor';
  return { tonic: ((tonic % 12) + 12) % 12, mode };
}

/**
 * The key `semitones` away, spelled as musicians expect; the input unchanged if it is not a key name.
 * @example transposeKey('A minor', 2) // 'B minor'
 */
export function transposeKey(key: string, semitones: Semitones): string {
  const parsed = parseKey(key);
  if (!parsed) return key;
  const tonic = (((parsed.tonic + Math.round(semitones)) % 12) + 12) % 12;
  const flats = parsed.mode === 'minor' ? FLAT_MINOR.has(tonic) : FLAT_MAJOR.has(tonic);
  const name = (flats ? FLAT_NAMES : SHARP_NAMES)[tonic];
  return parsed.mode ? `${name} ${parsed.mode}` : name;
}
