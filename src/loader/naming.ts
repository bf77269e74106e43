/**
 * File names → stem names, ids and order. Pure; any thread.
 */

/** Audio file extensions the loader accepts as stems (what browsers can usually decode). */
export const AUDIO_EXTENSIONS = ['wav', 'wave', 'flac', 'ogg', 'oga', 'mp3', 'm4a', 'aac', 'webm', 'opus', 'aif', 'aiff'] as const;
export const MIDI_EXTENSIONS = ['mid', 'midi'] as const;

/** The lower-case extension of a file name or path, without the dot ('' when none). */
export function extensionOf(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function isAudioName(name: string): boolean {
  return (AUDIO_EXTENSIONS as readonly string[]).includes(extensionOf(name));
}

export function isMidiName(name: string): boolean {
  return (MIDI_EXTENSIONS as readonly string[]).includes(extensionOf(name));
}

/** The last segment of a `/`- or `\`-separated path. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1];
}

/** A file name without its extension. */
export function stripExtension(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/**
 * A stem id from a name: lower-case, runs of anything but a–z/0–9 turned into one `-` (the rule
 * DESIGN.md gives for MIDI track names, so ids look the same whatever their origin).
 *
 * @example slugify('Bass Gtr (DI)') // 'bass-gtr-di'
 */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // drop accents so "Kläng" becomes "klang", not "kl-ng"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'stem';
}

/** Make every id unique by appending -2, -3, … to repeats, in order. */
export function uniqueIds(ids: readonly string[]): string[] {
  const used = new Set<string>();
  return ids.map((id) => {
    let candidate = id;
    for (let n = 2; used.has(candidate); n++) candidate = `${id}-${n}`;
    used.add(candidate);
    return candidate;
  });
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Natural order: "Track 2" before "Track 10", case-insensitive. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

const SEPARATOR = /[\s_\-.]/;

/**
 * Stem names from file names: extension removed, and a prefix shared by all of them cut off at a
 * separator, because exports are usually named "My Song - Drums.wav", "My Song - Bass.wav", and
 * "Drums" is what fits on a mixer strip. Returns the shared prefix too (a title candidate).
 *
 * @example stemNamesFromFiles(['Song_Drums.wav', 'Song_Bass.wav']) // { names: ['Drums', 'Bass'], common: 'Song' }
 */
export function stemNamesFromFiles(fileNames: readonly string[]): { names: string[]; common: string } {
  const stems = fileNames.map(stripExtension);
  let cut = 0;
  if (stems.length > 1) {
    let prefix = stems[0].length;
    for (const s of stems) {
      let i = 0;
      while (i < prefix && i < s.length && s[i] === stems[0][i]) i++;
      prefix = i;
    }
    // Only cut where the prefix ends on a separator, and never swallow a whole name.
    while (prefix > 0 && !SEPARATOR.test(stems[0][prefix - 1])) prefix--;
    if (stems.every((s) => s.slice(prefix).replace(/^[\s_\-.]+/, '').length > 0)) cut = prefix;
  }
  const names = stems.map((s) => tidy(s.slice(cut)) || tidy(s) || s);
  return { names, common: tidy(stems[0]?.slice(0, cut) ?? '') };
}

/** Underscores to spaces, separators trimmed from both ends. */
function tidy(s: string): string {
  return s.replace(/_+/g, ' ').replace(/^[\s\-.]+|[\s\-.]+$/g, '').replace(/\s+/g, ' ');
}
