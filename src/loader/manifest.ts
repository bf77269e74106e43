/**
 * The track manifest (`backline.json`, version 1): its zod schema, and validation that reports
 * every problem at once in words a musician can act on. Pure; any thread.
 *
 * Written with `zod/mini` (functional checks) rather than classic zod: the classic API brings its
 * whole method surface, every locale and JSON Schema conversion into the plugin bundle; mini lets
 * the bundler keep only what this schema uses.
 *
 * The schema is the single source of truth: docs/track-format.md is written from it, and its JSON
 * Schema there is `manifestJsonSchema()`'s output (test/unit/loader/manifest.test.ts checks they agree).
 */
import * as z from 'zod/mini';
import { LIMITS, STEM_SLOTS } from '../shared/constants.js';
import { SILENCE_DB } from '../shared/units.js';
import { STEM_ROLES } from '../shared/track.js';
import { TrackLoadError } from './errors.js';
import { parseJsonText } from './json-text.js';
import { guessRole } from './roles.js';

/** The manifest file name the loader looks for in folders and zip packages. */
export const MANIFEST_NAME = 'backline.json';

export const MIN_BPM = 20;
export const MAX_BPM = 400;
export const MIN_TRIM_DB = SILENCE_DB;
export const MAX_TRIM_DB = 12;
export const BEAT_UNITS = [1, 2, 4, 8, 16, 32] as const;

// ---------------------------------------------------------------------------------------------
// Messages. Each zod error callback returns the words that follow the field's path, so
// `stems[2].role` + ` "vox" is not a known role …` reads as one sentence.

type ErrorInput = { input?: unknown; code?: string };

/** A value as a musician would recognise it in their file. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** "is missing" when absent, else "should be <what>, not <value>". */
const expecting = (what: string) => (iss: ErrorInput) =>
  iss.input === undefined ? `is missing (it should be ${what})` : `should be ${what}, not ${show(iss.input)}`;

const outOfRange = (range: string) => (iss: ErrorInput) => `${show(iss.input)} is out of range (${range})`;

const text = (what: string) =>
  z.string({ error: expecting(what) }).check(z.trim(), z.minLength(1, { error: () => `is empty (it should be ${what})` }));

const rangedNumber = (what: string, min: number, max: number, range: string) =>
  z.number({ error: expecting(what) }).check(z.gte(min, { error: outOfRange(range) }), z.lte(max, { error: outOfRange(range) }));

// ---------------------------------------------------------------------------------------------
// The schema.

/**
 * Cross-item rules (order, uniqueness) run even when some items have problems of their own, so
 * the musician sees every problem in one go; zod skips refinements after an item fails unless
 * told otherwise. They must then cope with malformed items, and they do.
 */
const evenWithItemProblems = { when: (payload: { value: unknown }) => Array.isArray(payload.value) };

/** Classic zod's `.describe(text)`: the description shown in the JSON Schema. */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => schema.check(z.describe(description));

const bpm = rangedNumber('a tempo in beats per minute, e.g. 120', MIN_BPM, MAX_BPM, `use ${MIN_BPM}–${MAX_BPM} BPM`);

const tempoPoint = z.looseObject(
  {
    beat: z
      .number({ error: expecting('a beat number counted from the first downbeat, e.g. 32') })
      .check(z.gte(0, { error: outOfRange('beats are counted from 0, the first downbeat') })),
    bpm,
  },
  { error: expecting('a tempo change like {"beat": 32, "bpm": 120}') },
);

const tempoMap = z.array(tempoPoint, { error: expecting('a list of tempo changes') }).check(
  z.minLength(1, { error: () => 'is an empty tempo map (give at least {"beat": 0, "bpm": 120})' }),
  z.superRefine((points: z.output<typeof tempoPoint>[], ctx) => {
    const beats = points.map((p) => (typeof p?.beat === 'number' ? p.beat : NaN));
    if (beats[0] !== undefined && beats[0] !== 0 && !Number.isNaN(beats[0])) {
      ctx.addIssue({ code: 'custom', path: [0, 'beat'], input: beats[0], message: `${show(beats[0])} should be 0 (the tempo map starts at the first downbeat)` });
    }
    let last = -1;
    for (let i = 0; i < beats.length; i++) {
      const beat = beats[i];
      if (Number.isNaN(beat)) continue;
      if (last >= 0 && beat <= beats[last]) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'beat'],
          input: beat,
          message: `${show(beat)} is not after tempo[${last}].beat ${show(beats[last])} (list tempo changes in song order)`,
        });
      }
      last = i;
    }
  }, evenWithItemProblems),
);

const tempo = described(
  z.union([bpm, tempoMap], {
    error: expecting('a tempo in BPM like 120, or a tempo map like [{"beat": 0, "bpm": 90}, {"beat": 32, "bpm": 120}]'),
  }),
  'Beats per minute, or a tempo map [{beat, bpm}] in song order starting at beat 0 (beats counted from the first downbeat). Default 120.',
);

const timeSignature = described(
  z.tuple(
    [
      z
        .number({ error: expecting('the number of beats per bar, e.g. 4') })
        .check(
          z.int({ error: (iss) => `${show(iss.input)} should be a whole number of beats per bar` }),
          z.gte(1, { error: outOfRange('use 1–32 beats per bar') }),
          z.lte(32, { error: outOfRange('use 1–32 beats per bar') }),
        ),
      z.literal(BEAT_UNITS, { error: (iss) => `${show(iss.input)} is not a note value (use 1, 2, 4, 8, 16 or 32)` }),
    ],
    { error: expecting('two numbers like [4, 4] or [6, 8]') },
  ),
  '[beats per bar 1–32, note value 1|2|4|8|16|32]. Default [4, 4].',
);

/**
 * A key: note letter, optional sharp or flat, optional mode. "A minor", "F# major", "Bb", "Am",
 * "C#m", "Eb min". Lower-case letters are accepted ("a minor").
 */
export const KEY_PATTERN = /^\s*([A-Ga-g])\s*([#♯b♭]?)\s*([Mm][Aa][Jj](?:[Oo][Rr])?|[Mm][Ii][Nn](?:[Oo][Rr])?|[Mm])?\s*$/;
// No `i` flag: the pattern is published in the JSON Schema, where flags do not exist.

const key = described(
  z
    .string({ error: expecting('a key like "A minor", "F# major" or "Bb"') })
    .check(z.regex(KEY_PATTERN, { error: (iss) => `${show(iss.input)} is not a key Backline understands (write it like "A minor", "F# major" or "Bb")` })),
  'Note A–G, optional # or b, optional major/minor (maj, min, m): "A minor", "F# major", "Bb".',
);

const stemId = z.string({ error: expecting('a short id like "drums" or "bass-gtr"') }).check(
  z.regex(/^[a-z0-9-]+$/, {
    error: (iss) => {
      const suggestion = typeof iss.input === 'string' ? iss.input.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') : '';
      return `${show(iss.input)} may only use a–z, 0–9 and - ${suggestion ? `(e.g. ${show(suggestion)})` : '(e.g. "bass-gtr")'}`;
    },
  }),
);

const roleList = STEM_ROLES.join(', ');
const role = z.enum(STEM_ROLES, {
  error: (iss) => {
    if (iss.input === undefined) return `is missing (use one of: ${roleList})`;
    const guess = typeof iss.input === 'string' ? guessRole(iss.input) : 'other';
    const hint = guess !== 'other' ? `; ${show(guess)} looks closest` : '';
    return `${show(iss.input)} is not a known role (use one of: ${roleList}${hint})`;
  },
});

const color = z
  .string({ error: expecting('a colour like "#e8554e"') })
  .check(z.regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, { error: (iss) => `${show(iss.input)} is not a colour like "#e8554e" or "#e55"` }));

const stem = z.looseObject(
  {
    id: described(stemId, 'Stable id, a–z 0–9 and -, unique in the track. Used by state, automation labels and the CLI.'),
    name: described(text('the name shown on the mixer, e.g. "Bass"'), 'Name shown on the mixer and in parameter names.'),
    file: described(text('the audio file name, e.g. "bass.wav"'), 'Audio file, relative to the manifest.'),
    role: described(role, 'What the stem is: sets its default colour.'),
    gain: described(
      z._default(rangedNumber('a trim in dB, e.g. -3', MIN_TRIM_DB, MAX_TRIM_DB, `use ${MIN_TRIM_DB} to +${MAX_TRIM_DB} dB`), 0),
      'Trim in dB, -60 (silent) to +12. Default 0.',
    ),
    color: described(z.optional(color), 'CSS colour #rgb or #rrggbb. Default: the role colour.'),
  },
  { error: expecting('a stem like {"id": "bass", "name": "Bass", "file": "bass.wav", "role": "bass"}') },
);

const stems = described(
  z
    .array(stem, { error: expecting('a list of stems like [{"id": "bass", "name": "Bass", "file": "bass.wav", "role": "bass"}]') })
    .check(
      z.minLength(1, { error: () => 'is empty (list at least one stem)' }),
      z.maxLength(STEM_SLOTS, { error: (iss) => `has ${Array.isArray(iss.input) ? iss.input.length : 'too many'} stems; a track can have at most ${STEM_SLOTS}` }),
    ),
  `1–${STEM_SLOTS} audio stems; their order gives the mixer slots 1…${STEM_SLOTS}.`,
).check(
  z.superRefine((list: z.output<typeof stem>[], ctx) => {
    const firstUse = new Map<string, number>();
    list.forEach((s, i) => {
      const id = s?.id;
      if (typeof id !== 'string') return;
      const earlier = firstUse.get(id);
      if (earlier === undefined) firstUse.set(id, i);
      else ctx.addIssue({ code: 'custom', path: [i, 'id'], input: id, message: `${show(id)} is already used by stems[${earlier}] (ids must be unique)` });
    });
  }, evenWithItemProblems),
);

const section = z.looseObject(
  {
    name: text('a section name, e.g. "Chorus"'),
    bar: z
      .number({ error: expecting('the bar the section starts at, e.g. 17') })
      .check(
        z.int({ error: (iss) => `${show(iss.input)} should be a whole bar number` }),
        z.gte(1, { error: outOfRange('bars are counted from 1') }),
      ),
  },
  { error: expecting('a section like {"name": "Chorus", "bar": 17}') },
);

const sections = described(
  z.array(section, { error: expecting('a list of sections like [{"name": "Intro", "bar": 1}]') }),
  'Song sections in order: [{name, bar}], bars counted from 1. Default [].',
).check(
  z.superRefine((list: z.output<typeof section>[], ctx) => {
    let last = -1;
    list.forEach((s, i) => {
      const bar = s?.bar;
      if (typeof bar !== 'number') return;
      if (last >= 0 && bar <= (list[last].bar as number)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'bar'],
          input: bar,
          message: `${show(bar)} is not after sections[${last}].bar ${show(list[last].bar)} (list sections in song order)`,
        });
      }
      last = i;
    });
  }, evenWithItemProblems),
);

const meter = z.looseObject(
  {
    bar: z
      .number({ error: expecting('the bar the time signature starts at, e.g. 9') })
      .check(
        z.int({ error: (iss) => `${show(iss.input)} should be a whole bar number` }),
        z.gte(2, { error: outOfRange('a change starts at bar 2 or later (bar 1 has "timeSignature")') }),
      ),
    timeSignature,
  },
  { error: expecting('a time-signature change like {"bar": 9, "timeSignature": [3, 4]}') },
);

/** Time-signature changes (docs/practice.md: the click accents each bar's first beat). */
const meters = described(
  z.array(meter, { error: expecting('a list of time-signature changes like [{"bar": 9, "timeSignature": [3, 4]}]') }),
  'Time-signature changes after bar 1, in order: [{bar, timeSignature}]. Bars of another unit count in the song\'s beat unit (a 7/8 bar in 4/4 is 3.5 beats). Default [].',
).check(
  z.superRefine((list: z.output<typeof meter>[], ctx) => {
    let last = -1;
    list.forEach((m, i) => {
      const bar = m?.bar;
      if (typeof bar !== 'number') return;
      if (last >= 0 && bar <= (list[last].bar as number)) {
        ctx.addIssue({ code: 'custom', path: [i, 'bar'], input: bar, message: `${show(bar)} is not after meters[${last}].bar ${show(list[last].bar)} (list changes in song order)` });
      }
      last = i;
    });
  }, evenWithItemProblems),
);

/** The manifest v1 schema. Unknown fields are kept (and ignored), so newer files still load. */
export const manifestSchema = z.looseObject(
  {
    version: described(
      z._default(z.literal(1, { error: (iss) => `${show(iss.input)} is not supported (this Backline reads version 1; a newer Backline may read it)` }), 1),
      'Manifest format version. Default 1.',
    ),
    title: described(text('the song title, e.g. "Autumn Leaves"'), 'Song title.'),
    tempo: z.optional(tempo),
    timeSignature: z._default(timeSignature, [4, 4]),
    downbeat: described(
      z._default(
        rangedNumber('seconds from the start of the audio to bar 1, e.g. 0.5', 0, LIMITS.maxDurationSeconds, `use 0–${LIMITS.maxDurationSeconds} seconds`),
        0,
      ),
      'Seconds from the start of the audio files to song bar 1. Default 0.',
    ),
    key: z.optional(key),
    stems,
    sections: z._default(sections, []),
    meters: z.optional(meters),
    midi: described(z.optional(text('a MIDI file name, e.g. "song.mid"')), 'A .mid beside the audio stems. Recorded, not played yet.'),
    soundfont: described(z.optional(text('a SoundFont file name, e.g. "piano.sf2"')), 'An .sf2 for the MIDI file. Recorded, not used yet.'),
  },
  { error: (iss) => `should be a JSON object like {"title": …, "tempo": …, "stems": […]}, not ${show(iss.input)}` },
);

/** A validated manifest, defaults filled in (`version`, `timeSignature`, `downbeat`, `sections`, stem `gain`). */
export type Manifest = z.output<typeof manifestSchema>;
export type ManifestStem = Manifest['stems'][number];

/** The JSON Schema of the manifest (as published in docs/track-format.md). */
export function manifestJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(manifestSchema, { io: 'input' }) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Parsing.

/**
 * Validate a manifest and fill in defaults. `json` is the parsed value, or the JSON text itself
 * (a manifest is never a bare string, so text is unambiguous).
 *
 * @throws TrackLoadError listing every problem, one per line, each with its JSON path:
 *   `backline.json: stems[2].role "vox" is not a known role (use one of: drums, …)`.
 * @example
 * const manifest = parseManifest(await (await fetch(url)).text());
 * manifest.stems[0].gain // 0 when the file gives none
 */
export function parseManifest(json: unknown, fileName: string = MANIFEST_NAME): Manifest {
  let value = json;
  if (typeof json === 'string') {
    const parsed = parseJsonText(json);
    if (!parsed.ok) {
      const p = parsed.problem;
      throw new TrackLoadError(`${fileName} is not valid JSON (line ${p.line}, column ${p.column}): expected ${p.expected} but found ${p.found}.`);
    }
    value = parsed.value;
  }
  const result = manifestSchema.safeParse(value, { reportInput: true });
  const problems = result.success ? [] : result.error.issues.flatMap(flattenIssue);

  // MIDI comes later: say so plainly instead of "stems is missing" when a MIDI-only track is given.
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  const midiOnly = record !== null && record.midi !== undefined && (record.stems === undefined || (Array.isArray(record.stems) && record.stems.length === 0));
  const lines = problems
    .filter((p) => !(midiOnly && p.path.length === 1 && p.path[0] === 'stems'))
    .map((p) => `${fileName}: ${p.path.length ? `${formatPath(p.path)} ` : ''}${p.message}`);
  if (midiOnly) {
    lines.unshift(`${fileName}: this track has a MIDI file (midi: ${show(record.midi)}) but no audio stems. MIDI tracks are not supported yet: add audio stems to play it.`);
  }
  if (lines.length > 0 || !result.success) {
    const head = lines.length > 1 ? `${fileName} has ${lines.length} problems:\n` : '';
    throw new TrackLoadError(head + lines.join('\n'));
  }
  return result.data;
}

/**
 * "A minor" from "a min", "F# major" from "f#maj", "Bb" from "bb": the form the GUI shows.
 * Returns the input trimmed if it is not a key (the schema rejects those before this runs).
 */
export function normalizeKey(text: string): string {
  const m = KEY_PATTERN.exec(text);
  if (!m) return text.trim();
  const accidental = m[2] === '♯' ? '#' : m[2] === '♭' ? 'b' : m[2];
  const note = m[1].toUpperCase() + accidental;
  const mode = m[3];
  if (!mode) return note;
  // "M" alone conventionally means major, "m" minor; spelled-out modes are case-insensitive.
  const minor = mode === 'm' || /^min/i.test(mode);
  return `${note} ${minor ? 'minor' : 'major'}`;
}

interface Problem {
  path: PropertyKey[];
  message: string;
}

/** A zod issue as problems with absolute paths; a union is reported through the branch that fits. */
function flattenIssue(issue: z.core.$ZodIssue): Problem[] {
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // A branch that failed only because of the value's type (a string where a number or a list was
    // expected) says nothing useful; a branch that got past the type check names the real problem.
    const fitting = issue.errors.filter((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
    if (fitting.length === 1) {
      return fitting[0].flatMap((inner) => flattenIssue(inner).map((p) => ({ path: [...issue.path, ...p.path], message: p.message })));
    }
  }
  return [{ path: [...issue.path], message: issue.message }];
}

/** ['stems', 2, 'role'] → "stems[2].role". */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
