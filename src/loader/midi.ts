/**
 * A `.mid` track (docs/midi.md, "Integration seams"): the file becomes one stem per part, with no
 * PCM; the event list, the tempo map and the stem base go to the engine's GM synth.
 * Thread: main thread (the node's `loadTrack`) or Node (tests, CLI).
 */
import { keepsPitchByDefault } from '../shared/engine-params.js';
import { STEM_SLOTS } from '../shared/constants.js';
import type { MidiPayload, StemLayout } from '../shared/messages.js';
import type { StemDescription, TrackDescription, TrackSource } from '../shared/track.js';
import type { TrackSourceInput } from '../shared/view.js';
import { MidiFileError, midiStemPeaks, parseMidiFile } from '../midi/index.js';
import { TrackLoadError } from './errors.js';
import { download, type FetchContext } from './http.js';
import { checkDuration, checkFileSize } from './limits.js';
import { isMidiName } from './naming.js';
import { fileNameOfUrl, resolveUrl } from './sources.js';
import type { LoadedStem, LoadedTrack } from './types.js';

/** Seconds of release tail after the last note of a MIDI track. */
export const MIDI_TAIL_SECONDS = 2;

/** A MIDI source: one `.mid`/`.midi` URL or one such file; null for anything else. */
export function midiSourceOf(source: TrackSourceInput): { name: string; source: TrackSource; read: (ctx: FetchContext, onProgress?: (fraction: number) => void) => Promise<ArrayBuffer> } | null {
  if (typeof source === 'string' || source instanceof URL) {
    let url: URL;
    try {
      url = resolveUrl(source);
    } catch {
      return null; // planSource gives the message
    }
    const name = fileNameOfUrl(url);
    if (!isMidiName(name)) return null;
    const label = JSON.stringify(name);
    return {
      name,
      source: { kind: 'url', url: url.href },
      read: async (ctx, onProgress) => (await download(url, label, ctx, { checkSize: (n) => checkFileSize(label, n), onProgress })).bytes,
    };
  }
  const list = Array.from(source);
  if (list.length !== 1 || !isMidiName(list[0].name)) return null;
  const file = list[0];
  return {
    name: file.name,
    source: { kind: 'files', names: [file.name] },
    read: async () => {
      checkFileSize(JSON.stringify(file.name), file.size);
      return file.arrayBuffer();
    },
  };
}

/** Parse the file into a track whose stems are the file's parts (no PCM) plus the engine payload. */
export function midiTrack(bytes: ArrayBuffer | Uint8Array, fileName: string, source: TrackSource, sampleRate: number): LoadedTrack {
  let song;
  try {
    song = parseMidiFile(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), { fileName, maxStems: STEM_SLOTS });
  } catch (e) {
    if (e instanceof MidiFileError) throw new TrackLoadError(e.message, { cause: e });
    throw e;
  }
  const quoted = JSON.stringify(fileName);
  checkDuration(quoted, song.duration);
  const frames = Math.max(1, Math.ceil((song.duration + MIDI_TAIL_SECONDS) * sampleRate));
  const duration = frames / sampleRate;
  const stems: LoadedStem[] = song.stems.map((stem) => {
    const keepsPitch = keepsPitchByDefault(stem.role);
    const description: StemDescription = {
      id: stem.id,
      name: stem.name,
      role: stem.role,
      color: stem.color,
      slot: stem.index + 1,
      gainDb: 0,
      channels: 2,
      keepsPitch,
      peaks: midiStemPeaks(song.events, song.tempoMap, stem.index, duration),
    };
    const layout: StemLayout = { channels: 2, scale: 1, name: stem.name, keepsPitch, kind: 'midi' };
    return { description, layout, pcm: new Int16Array(0) };
  });
  const count = song.events.count;
  const tempo = new Float64Array(song.tempoMap.length * 3);
  song.tempoMap.forEach((p, i) => {
    tempo[3 * i] = p.beat;
    tempo[3 * i + 1] = p.bpm;
  });
  const midi: MidiPayload = {
    beats: song.events.beats.slice(0, count),
    bytes: song.events.bytes.slice(0, 4 * count),
    tempo,
    stemBase: 0,
  };
  const meters = song.timeSignatures
    .filter((t) => t.bar > 1)
    .map((t) => ({ bar: t.bar, timeSignature: [t.numerator, t.denominator] as [number, number] }));
  const description: TrackDescription = {
    title: song.title,
    source,
    sampleRate,
    frames,
    duration,
    tempoMap: song.tempoMap.map((p) => ({ beat: p.beat, bpm: p.bpm })),
    timeSignature: [song.timeSignature[0], song.timeSignature[1]],
    ...(meters.length ? { meters } : {}),
    downbeat: 0,
    key: song.key,
    sections: song.sections.map((s) => ({ name: s.name, bar: s.bar })),
    stems: stems.map((s) => s.description),
    memoryBytes: midi.beats.byteLength + midi.bytes.byteLength + tempo.byteLength,
  };
  return { description, stems, warnings: [...song.warnings], midi };
}
