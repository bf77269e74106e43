/**
 * Stem roles: guessing one from a file name, and the default colour of each. Pure; any thread.
 */
import { STEM_ROLES, type StemRole } from '../shared/track.js';

/**
 * Default colour per role, chosen to stay distinguishable on a dark background and to keep the
 * conventions musicians know from DAWs (drums warm, bass deep, vocals bright).
 */
export const ROLE_COLORS: Readonly<Record<StemRole, string>> = {
  drums: '#e8554e',
  percussion: '#f08a4b',
  bass: '#4e7de8',
  keys: '#9b6ee8',
  guitar: '#e8b34e',
  vocals: '#4ec9b0',
  strings: '#c46ec9',
  brass: '#d9c04a',
  synth: '#6ec1e8',
  click: '#9aa0a6',
  other: '#7fbf6a',
};

/** The default colour of a role. */
export function roleColor(role: StemRole): string {
  return ROLE_COLORS[role];
}

export function isStemRole(value: unknown): value is StemRole {
  return typeof value === 'string' && (STEM_ROLES as readonly string[]).includes(value);
}

/**
 * Name fragments → role, checked in order: the first match wins. Order matters: "Bass Drum" is
 * drums, "Synth Bass" and "Bass Guitar" are bass (a stem's role is its function in the mix), and
 * the click is checked first so "Click Drums" never ends up among the drums.
 */
const ROLE_HINTS: ReadonlyArray<readonly [RegExp, StemRole]> = [
  [/click|metronome|metro\b|count.?in/, 'click'],
  [/drum|kick|snare|hi.?hat|cymbal|overhead|\bkit\b/, 'drums'],
  [/perc|shaker|conga|bongo|tambourine|cajon/, 'percussion'],
  [/bass/, 'bass'],
  [/key|piano|organ|synth|rhodes|wurli|pad\b/, 'keys'],
  [/guitar|gtr/, 'guitar'],
  [/vox|vocal|voice|choir|\bbvs?\b/, 'vocals'],
  [/string|violin|viola|cello|fiddle/, 'strings'],
  [/brass|horn|trumpet|trombone|sax|tuba/, 'brass'],
];

/**
 * Guess a stem's role from its name or file name; `other` when nothing matches.
 *
 * @example guessRole('02 Kick In.wav') // 'drums'
 */
export function guessRole(name: string): StemRole {
  const lower = name.toLowerCase().replace(/[_.]+/g, ' ');
  for (const [pattern, role] of ROLE_HINTS) if (pattern.test(lower)) return role;
  return 'other';
}
