/**
 * A MIDI file → a Backline song: stems (one per track, or per channel in a type 0 file), the tempo
 * map, time signatures, key, sections from markers, and the engine-ready event list in beats.
 * Pure; main thread or Node (the loader, the CLI, tests). Never on the audio thread.
 */
import { roleColor, guessRole } from '../loader/roles.js';
import { slugify, stripExtension, uniqueIds } from '../loader/naming.js';
import { STEM_SLOTS } from '../shared/constants.js';
import { beatsToSeconds } from '../shared/tempo-map.js';
import type { Section, StemRole, TempoPoint } from '../shared/track.js';
import type { Beats, Seconds } from '../shared/units.js';
import {
  EVENT_BYTES, MAX_EVENTS, NOTE_OFF, NOTE_ON, NO_STEM, PROGRAM_CHANGE, allocateEvents,
  type MidiEventList,
} from './events.js';
import { DRUM_CHANNEL, GM_DRUM_KITS, programName, programRole } from './gm.js';
import { META, MidiFileError, metaText, readSmf, type SmfChannelEvent, type SmfFile } from './smf.js';

export { MidiFileError } from './smf.js';

/** A time signature in force from `beat` (song bar `bar`) on. */
export interface TimeSignaturePoint {
  beat: Beats;
  /** Song bar, 1-based: the bar this signature starts. */
  bar: number;
  numerator: number;
  denominator: number;
}

/** One part of the MIDI file, played through one stem slot. */
export interface MidiStem {
  /** 0-based index: the `stem` byte of its events and the synth's output bus. */
  index: number;
  /** From the name: lower-case, non-alphanumerics → `-`, unique in the song. */
  id: string;
  /** Track name, else instrument name, else the GM program name ("Drums" on channel 10). */
  name: string;
  role: StemRole;
  color: string;
  /** MIDI channels (0-based) its events use; 9 is the drum channel. */
  channels: number[];
  /** The program in force at its first note (0–127), or null on the drum channel. */
  program: number | null;
  drums: boolean;
  noteCount: number;
  /** The source: the 1-based track of a type 1 file, or the 1-based channel of a type 0 file. */
  source: { track: number } | { channel: number };
}

export interface MidiSong {
  /** The conductor track's name (type 1), the track's name (type 0), else the file name. */
  title: string;
  format: 0 | 1;
  /** Always starts at beat 0; quarter-note beats from tick 0, which is song bar 1. */
  tempoMap: TempoPoint[];
  /** The first time signature (what `TrackDescription.timeSignature` holds). */
  timeSignature: [number, number];
  timeSignatures: TimeSignaturePoint[];
  /** From the first key signature: "A minor", "Eb major"; null when the file has none. */
  key: string | null;
  /** From markers (cue points when there are no markers), in increasing bar order. */
  sections: Section[];
  stems: MidiStem[];
  events: MidiEventList;
  /** Where the last note ends (or the last track ends, if later). */
  endBeat: Beats;
  /** `endBeat` in seconds through the tempo map. */
  duration: Seconds;
  /** Things worth telling the musician that did not stop the load. */
  warnings: string[];
}

export interface ParseOptions {
  /** Shown in messages and used as the title when the file has none. */
  fileName?: string;
  /**
   * Stem slots left for MIDI parts (16 minus the audio stems of a package). Parts beyond
   * `maxStems − 1` are merged into the last stem, named "Other parts".
   */
  maxStems?: number;
}

/** The default MIDI tempo when a file sets none before its first beat. */
export const MIDI_DEFAULT_BPM = 120;
/** SMPTE-timed files have no beats: they are given this fixed tempo. */
const SMPTE_BPM = 120;

const KEYS_MAJOR = ['Cb', 'Gb', 'Db', 'Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#'];
const KEYS_MINOR = ['Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#', 'G#', 'D#', 'A#'];

/**
 * Parse a Standard MIDI File (type 0 or 1) into a song.
 *
 * @throws MidiFileError with a message a musician can act on: `"song.mid" is not a valid MIDI file
 *   (truncated track 3).`, `"song.mid" has no notes.`, `… is a type 2 MIDI file …`.
 * @example
 * const song = parseMidiFile(new Uint8Array(await file.arrayBuffer()), { fileName: file.name });
 * song.stems.map((s) => s.name) // ['Drums', 'Bass', 'Piano']
 * song.events.count            // note, controller, program and bend events of all stems
 */
export function parseMidiFile(bytes: Uint8Array | ArrayBuffer, options: ParseOptions = {}): MidiSong {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const fileName = options.fileName ?? 'MIDI file';
  const quoted = JSON.stringify(fileName);
  const maxStems = Math.max(1, Math.min(STEM_SLOTS, Math.floor(options.maxStems ?? STEM_SLOTS)));
  const smf = readSmf(data, quoted);
  const warnings: string[] = [];

  // Ticks → beats. SMPTE files count seconds; they get a fixed tempo so beats still mean something.
  const toBeats = smf.ppq !== null ? (tick: number) => tick / smf.ppq! : (tick: number) => (tick / smf.ticksPerSecond!) * (SMPTE_BPM / 60);
  if (smf.ppq === null) warnings.push(`${quoted} is timed in SMPTE frames, not beats: it plays at ${SMPTE_BPM} BPM and its tempo changes are ignored.`);

  const parts = splitParts(smf);
  const noteCount = parts.reduce((sum, p) => sum + p.notes, 0);
  if (noteCount === 0) throw new MidiFileError(`${quoted} has no notes.`);

  const endTick = Math.max(0, ...smf.tracks.map((t) => t.endTick));
  const tempoMap = smf.ppq !== null ? readTempoMap(smf, toBeats) : [{ beat: 0, bpm: SMPTE_BPM }];
  const timeSignatures = readTimeSignatures(smf, toBeats);
  const key = readKey(smf);
  const sections = readSections(smf, toBeats, timeSignatures);

  // Parts with notes → stems; parts beyond the last slot share it ("Other parts").
  const groups: Part[][] = [];
  parts.filter((p) => p.notes > 0).forEach((part, i) => {
    part.stem = Math.min(i, maxStems - 1);
    (groups[part.stem] ??= []).push(part);
  });
  const shared = groups[maxStems - 1];
  if (shared && shared.length > 1) {
    warnings.push(`${quoted} has ${maxStems - 1 + shared.length} parts; Backline plays them in ${maxStems} stems, so the last ${shared.length} share the stem "Other parts".`);
  }
  const stems = describeStems(groups, parts);

  const events = encodeEvents(parts, endTick, toBeats, quoted);
  const endBeat = Math.max(toBeats(endTick), events.count ? events.beats[events.count - 1] : 0);
  return {
    title: readTitle(smf, fileName),
    format: smf.format,
    tempoMap,
    timeSignature: [timeSignatures[0].numerator, timeSignatures[0].denominator],
    timeSignatures,
    key,
    sections,
    stems,
    events,
    endBeat,
    duration: beatsToSeconds(tempoMap, endBeat),
    warnings,
  };
}

/** A track (type 1) or a channel of the one track (type 0), before it becomes a stem. */
interface Part {
  order: number;
  source: { track: number } | { channel: number };
  /** Track name, or '' */
  name: string;
  instrument: string;
  events: Array<SmfChannelEvent & { seq: number; track: number }>;
  notes: number;
  /** The stem its events go to: set for parts with notes, else {@link NO_STEM}. */
  stem: number;
}

function splitParts(smf: SmfFile): Part[] {
  let seq = 0;
  if (smf.format === 0) {
    const track = smf.tracks[0];
    const byChannel = new Map<number, Part>();
    for (const e of track.events) {
      if (e.kind !== 'channel') continue;
      const channel = e.status & 15;
      let part = byChannel.get(channel);
      if (!part) {
        part = { order: channel, source: { channel: channel + 1 }, name: '', instrument: '', events: [], notes: 0, stem: NO_STEM };
        byChannel.set(channel, part);
      }
      part.events.push({ ...e, seq: seq++, track: 0 });
      if ((e.status & 0xf0) === NOTE_ON && e.data2 > 0) part.notes++;
    }
    return [...byChannel.values()].sort((a, b) => a.order - b.order);
  }
  return smf.tracks.map((track, i) => {
    const part: Part = { order: i, source: { track: i + 1 }, name: '', instrument: '', events: [], notes: 0, stem: NO_STEM };
    for (const e of track.events) {
      if (e.kind === 'meta') {
        if (e.type === META.trackName && !part.name) part.name = metaText(e.data).trim();
        else if (e.type === META.instrumentName && !part.instrument) part.instrument = metaText(e.data).trim();
        continue;
      }
      part.events.push({ ...e, seq: seq++, track: i });
      if ((e.status & 0xf0) === NOTE_ON && e.data2 > 0) part.notes++;
    }
    return part;
  });
}

/** Names, ids, roles, colours. `all` are every part: programs may be set by a part without notes. */
function describeStems(groups: Part[][], all: Part[]): MidiStem[] {
  // Program changes from every part, in time order, to know the program in force at a note.
  const programs = all.flatMap((p) => p.events.filter((e) => (e.status & 0xf0) === PROGRAM_CHANGE))
    .sort((a, b) => a.tick - b.tick || a.seq - b.seq);
  const described = groups.map((group, index): MidiStem => {
    const part = group[0];
    const firstNote = part.events.find((e) => (e.status & 0xf0) === NOTE_ON && e.data2 > 0)!;
    const channel = firstNote.status & 15;
    const channels = [...new Set(group.flatMap((p) => p.events.map((e) => e.status & 15)))].sort((a, b) => a - b);
    const drums = channel === DRUM_CHANNEL;
    // Program changes at the note's own tick come first (see the event order), so `<=`.
    let program: number | null = null;
    for (const pc of programs) {
      if (pc.tick > firstNote.tick) break;
      if ((pc.status & 15) === channel) program = pc.data1;
    }
    const gmName = drums ? GM_DRUM_KITS[program ?? 0] ?? 'Drums' : programName(program ?? 0);
    const name = group.length > 1 ? 'Other parts' : part.name || part.instrument || gmName;
    // A file that never sets a program leaves every part on "piano": a telling track name wins then.
    const hinted = guessRole(name);
    const role: StemRole = drums ? 'drums' : program === null && hinted !== 'other' ? hinted : programRole(program ?? 0);
    return {
      index, id: '', name, role, color: roleColor(role), channels, program: drums ? null : program ?? 0, drums,
      noteCount: group.reduce((n, p) => n + p.notes, 0), source: part.source,
    };
  });
  // Repeated names ("Piano", "Piano") get a number so mixer labels and ids tell them apart.
  const seen = new Map<string, number>();
  for (const s of described) {
    const n = (seen.get(s.name) ?? 0) + 1;
    seen.set(s.name, n);
    if (n > 1) s.name = `${s.name} ${n}`;
  }
  const ids = uniqueIds(described.map((s) => slugify(s.name)));
  described.forEach((s, i) => (s.id = ids[i]));
  return described;
}

interface Pending {
  beat: Beats;
  /** 0 note-off ending an earlier note, 1 controllers/programs/bends, 2 note-on, 3 note-off ending a note of the same tick. */
  rank: number;
  seq: number;
  status: number;
  data1: number;
  data2: number;
  stem: number;
}

/** Pair notes, close dangling ones at the end, sort, and pack into typed arrays. */
function encodeEvents(parts: Part[], endTick: number, toBeats: (t: number) => number, quoted: string): MidiEventList {
  const out: Pending[] = [];
  let seq = 0;
  let lastTick = endTick;
  for (const part of parts) for (const e of part.events) lastTick = Math.max(lastTick, e.tick);

  for (const part of parts) {
    const stem = part.stem;
    // Open notes per channel × key → the tick of their note-on.
    const open = new Map<number, number>();
    for (const e of part.events) {
      const type = e.status & 0xf0;
      const channel = e.status & 15;
      const noteKey = channel * 128 + e.data1;
      const push = (rank: number, status: number, data1: number, data2: number) =>
        out.push({ beat: toBeats(e.tick), rank, seq: seq++, status, data1, data2, stem });
      if (type === NOTE_ON && e.data2 > 0) {
        // A second note-on of a sounding note ends the first one there (one note per key at a time).
        const sounding = open.get(noteKey);
        if (sounding !== undefined) push(sounding === e.tick ? 3 : 0, NOTE_OFF | channel, e.data1, 0);
        open.set(noteKey, e.tick);
        push(2, NOTE_ON | channel, e.data1, e.data2);
      } else if (type === NOTE_OFF || type === NOTE_ON) {
        const startTick = open.get(noteKey);
        if (startTick === undefined) continue; // a note-off with no note: nothing to end
        open.delete(noteKey);
        push(startTick === e.tick ? 3 : 0, NOTE_OFF | channel, e.data1, type === NOTE_OFF ? e.data2 : 64);
      } else {
        push(1, e.status, e.data1, e.data2);
      }
    }
    // Notes never ended end where the song ends (a note-on that is the very last event: a beat later).
    for (const [noteKey, startTick] of open) {
      const beat = lastTick > startTick ? toBeats(lastTick) : toBeats(startTick) + 1;
      out.push({ beat, rank: 0, seq: seq++, status: NOTE_OFF | (noteKey >> 7), data1: noteKey & 127, data2: 64, stem });
    }
  }
  if (out.length > MAX_EVENTS) throw new MidiFileError(`${quoted} has too many events (${out.length}; Backline plays up to ${MAX_EVENTS}).`);
  out.sort((a, b) => a.beat - b.beat || a.rank - b.rank || a.seq - b.seq);
  const list = allocateEvents(out.length);
  out.forEach((e, i) => {
    list.beats[i] = e.beat;
    const o = i * EVENT_BYTES;
    list.bytes[o] = e.status;
    list.bytes[o + 1] = e.data1;
    list.bytes[o + 2] = e.data2;
    list.bytes[o + 3] = e.stem;
  });
  return list;
}

function readTempoMap(smf: SmfFile, toBeats: (t: number) => number): TempoPoint[] {
  const tempos: Array<{ tick: number; bpm: number; order: number }> = [];
  let order = 0;
  for (const track of smf.tracks) {
    for (const e of track.events) {
      if (e.kind === 'meta' && e.type === META.tempo && e.data.length === 3) {
        const usPerQuarter = (e.data[0] << 16) | (e.data[1] << 8) | e.data[2];
        if (usPerQuarter > 0) tempos.push({ tick: e.tick, bpm: 60_000_000 / usPerQuarter, order: order++ });
      }
    }
  }
  tempos.sort((a, b) => a.tick - b.tick || a.order - b.order);
  const map: TempoPoint[] = [];
  for (const t of tempos) {
    const beat = toBeats(t.tick);
    const last = map[map.length - 1];
    if (last && last.beat === beat) last.bpm = t.bpm; // the later of two tempos at one tick wins
    else if (!last || last.bpm !== t.bpm) map.push({ beat, bpm: t.bpm });
  }
  if (map.length === 0 || map[0].beat > 0) map.unshift({ beat: 0, bpm: MIDI_DEFAULT_BPM });
  // Merge equal neighbours left by the rules above.
  return map.filter((p, i) => i === 0 || p.bpm !== map[i - 1].bpm);
}

function readTimeSignatures(smf: SmfFile, toBeats: (t: number) => number): TimeSignaturePoint[] {
  const raw: Array<{ tick: number; numerator: number; denominator: number; order: number }> = [];
  let order = 0;
  for (const track of smf.tracks) {
    for (const e of track.events) {
      if (e.kind === 'meta' && e.type === META.timeSignature && e.data.length >= 2 && e.data[0] > 0 && e.data[1] <= 6) {
        raw.push({ tick: e.tick, numerator: e.data[0], denominator: 1 << e.data[1], order: order++ });
      }
    }
  }
  raw.sort((a, b) => a.tick - b.tick || a.order - b.order);
  const points: TimeSignaturePoint[] = [];
  for (const r of raw) {
    const beat = toBeats(r.tick);
    const last = points[points.length - 1];
    if (last && last.beat === beat) {
      last.numerator = r.numerator;
      last.denominator = r.denominator;
      continue;
    }
    if (last && last.numerator === r.numerator && last.denominator === r.denominator) continue;
    points.push({ beat, bar: 0, numerator: r.numerator, denominator: r.denominator });
  }
  if (points.length === 0 || points[0].beat > 0) points.unshift({ beat: 0, bar: 1, numerator: 4, denominator: 4 });
  // Bars: a signature change starts a new bar (also in the middle of one, as notation programs do).
  points[0].bar = 1;
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1];
    const barBeats = (prev.numerator * 4) / prev.denominator;
    points[i].bar = prev.bar + Math.ceil((points[i].beat - prev.beat) / barBeats - 1e-9);
  }
  return points;
}

/**
 * The song bar (1-based) that contains `beat`, through a time-signature map.
 *
 * @example barAtBeat([{ beat: 0, bar: 1, numerator: 4, denominator: 4 }], 8) // 3
 */
export function barAtBeat(signatures: readonly TimeSignaturePoint[], beat: Beats): number {
  let point = signatures[0];
  for (const s of signatures) if (s.beat <= beat + 1e-9) point = s;
  const barBeats = (point.numerator * 4) / point.denominator;
  return point.bar + Math.floor((beat - point.beat) / barBeats + 1e-9);
}

function readSections(smf: SmfFile, toBeats: (t: number) => number, signatures: TimeSignaturePoint[]): Section[] {
  const collect = (type: number) => {
    const found: Array<{ tick: number; name: string }> = [];
    for (const track of smf.tracks) {
      for (const e of track.events) if (e.kind === 'meta' && e.type === type) found.push({ tick: e.tick, name: metaText(e.data).trim() });
    }
    return found.filter((m) => m.name).sort((a, b) => a.tick - b.tick);
  };
  let marks = collect(META.marker);
  if (marks.length === 0) marks = collect(META.cuePoint);
  const sections: Section[] = [];
  for (const m of marks) {
    const bar = barAtBeat(signatures, toBeats(m.tick));
    if (sections.length && sections[sections.length - 1].bar >= bar) continue; // one section per bar
    sections.push({ name: m.name, bar });
  }
  return sections;
}

function readKey(smf: SmfFile): string | null {
  let best: { tick: number; text: string } | null = null;
  for (const track of smf.tracks) {
    for (const e of track.events) {
      if (e.kind !== 'meta' || e.type !== META.keySignature || e.data.length < 2) continue;
      const sharps = (e.data[0] << 24) >> 24; // signed
      if (sharps < -7 || sharps > 7) continue;
      const text = e.data[1] === 1 ? `${KEYS_MINOR[sharps + 7]} minor` : `${KEYS_MAJOR[sharps + 7]} major`;
      if (!best || e.tick < best.tick) best = { tick: e.tick, text };
    }
  }
  return best?.text ?? null;
}

function readTitle(smf: SmfFile, fileName: string): string {
  const first = smf.tracks[0];
  const hasNotes = first.events.some((e) => e.kind === 'channel' && (e.status & 0xf0) === NOTE_ON && e.data2 > 0);
  if (smf.format === 0 || !hasNotes) {
    const name = first.events.find((e) => e.kind === 'meta' && e.type === META.trackName);
    const text = name && name.kind === 'meta' ? metaText(name.data).trim() : '';
    if (text) return text;
  }
  return stripExtension(fileName) || 'MIDI file';
}

/** For tests and the GUI: how many notes each stem has, read back from the event list. */
export function countNotes(list: MidiEventList, stem: number): number {
  let n = 0;
  for (let i = 0; i < list.count; i++) {
    const o = i * EVENT_BYTES;
    if (list.bytes[o + 3] === stem && (list.bytes[o] & 0xf0) === NOTE_ON) n++;
  }
  return n;
}
