/**
 * The track loader: a URL or a list of files → stems as int16 PCM at the context rate, plus the
 * track's description. Thread: main thread (the node's `loadTrack`) or Node (the CLI, tests);
 * nothing here touches the DOM or Web Audio directly, the decoder is injected.
 *
 * Steps: plan the source (sources.ts) → per stem: read, decode, mix down to stereo, resample,
 * quantise (pcm.ts) → pad to the longest stem, peaks (peaks.ts), description.
 * Stems are processed one at a time so only one stem's float audio is alive at once.
 */
import type { StemLayout } from '../shared/messages.js';
import { keepsPitchByDefault } from '../shared/engine-params.js';
import type { StemDescription, TempoPoint, TrackDescription } from '../shared/track.js';
import type { TrackSourceInput } from '../shared/view.js';
import { isWav, readWavInfo } from '../audio-files/wav-decode.js';
import { TrackLoadError } from './errors.js';
import { checkDuration } from './limits.js';
import { normalizeKey, type Manifest } from './manifest.js';
import { baseName, extensionOf } from './naming.js';
import { computePeaks } from './peaks.js';
import { mixToStereo, padInterleaved, toInt16 } from './pcm.js';
import { Progress } from './progress.js';
import { resampleChannels } from './resample.js';
import { roleColor } from './roles.js';
import { fileNameOfUrl, planSource, resolveUrl } from './sources.js';
import type { LoadedStem, LoadedTrack, LoadOptions } from './types.js';
import { midiSourceOf, midiTrack } from './midi.js';

export { TrackLoadError } from './errors.js';
export { parseManifest, manifestSchema, manifestJsonSchema, MANIFEST_NAME, type Manifest, type ManifestStem } from './manifest.js';
export type { AudioDecoder, LoadOptions, LoadedStem, LoadedTrack } from './types.js';
export { guessRole, roleColor, ROLE_COLORS } from './roles.js';

/** Tempo assumed when a track gives none (single audio files, folders without a manifest). */
export const DEFAULT_BPM = 120;

/**
 * Load a track from a URL (manifest `.json`, `.zip` package, or one audio file) or a list of
 * files (a dropped folder, a `.zip`, or audio files). See docs/track-format.md for what each
 * becomes.
 *
 * @returns every stem as interleaved int16 at `options.sampleRate`, all exactly
 *   `description.frames` long, in slot order; and the track's description for the node and GUI.
 * @throws TrackLoadError with a message a musician can act on (bad manifest, missing or damaged
 *   file, too large, MIDI-only track). Aborting `options.signal` rejects with the signal's reason.
 * @example
 * const track = await loadTrackData('https://example.com/songs/blue/backline.json', {
 *   sampleRate: audioContext.sampleRate,
 *   decoder: browserDecoder(audioContext),
 *   onProgress: ({ label, fraction }) => console.log(label, Math.round(fraction * 100) + '%'),
 * });
 * track.description.stems[0].slot // 1
 */
export async function loadTrackData(source: TrackSourceInput, options: LoadOptions): Promise<LoadedTrack> {
  const { sampleRate, decoder, signal } = options;
  if (!(Number.isFinite(sampleRate) && sampleRate > 0)) throw new RangeError(`loadTrackData: sampleRate must be a positive number, got ${sampleRate}`);
  signal?.throwIfAborted();
  const fetchFn: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const progress = new Progress(options.onProgress);

  const midi = midiSourceOf(source);
  if (midi) {
    const onRead = progress.step(`Opening ${midi.name}`, 0, 0.9);
    const bytes = await midi.read({ fetch: fetchFn, signal }, onRead);
    signal?.throwIfAborted();
    progress.step('Reading the MIDI file', 0.9, 1);
    const track = midiTrack(bytes, midi.name, midi.source, sampleRate);
    progress.done(`Loaded ${track.description.title}`);
    return track;
  }

  // Spans of the whole load: opening (a package download is most of the work), stems, finishing.
  const packageDownload = isPackage(source);
  const stemsFrom = packageDownload ? 0.4 : 0.05;
  const stemsTo = 0.97;
  const onOpen = progress.step(openingLabel(source), 0, stemsFrom);
  const plan = await planSource(source, { fetch: fetchFn, signal, onProgress: onOpen });
  const { manifest, reader } = plan;
  const warnings = [...plan.warnings];

  const stored: Array<{ pcm: Int16Array; channels: 1 | 2; scale: number; frames: number }> = [];
  const perStem = (stemsTo - stemsFrom) / manifest.stems.length;
  for (const [i, stem] of manifest.stems.entries()) {
    signal?.throwIfAborted();
    const start = stemsFrom + i * perStem;
    const fileLabel = baseName(stem.file);
    const onRead = progress.step(`${reader.verb} ${fileLabel}`, start, start + perStem / 3);
    const { bytes, fileName } = await reader.read(stem.file, stem.name, onRead);
    signal?.throwIfAborted();
    const quoted = JSON.stringify(fileName);

    // A WAV says its length in its header: refuse an over-long one before decoding allocates it.
    if (isWav(bytes)) {
      let seconds = 0;
      try {
        const info = readWavInfo(bytes);
        seconds = info.frames / info.sampleRate;
      } catch {
        // A damaged header: the decoder will say so.
      }
      checkDuration(quoted, seconds);
    }

    progress.step(`Decoding ${fileName}`, start + perStem / 3, start + perStem);
    let decoded: { sampleRate: number; channels: Float32Array[] };
    try {
      decoded = await decoder.decode(bytes, fileName);
      if (!(decoded.sampleRate > 0) || decoded.channels.length === 0) throw new Error(`decoder returned ${decoded.channels.length} channels at ${decoded.sampleRate} Hz`);
    } catch (e) {
      signal?.throwIfAborted();
      throw new TrackLoadError(`Could not decode ${quoted}: the file is damaged or not an audio format this browser can read.`, { cause: e });
    }
    signal?.throwIfAborted();
    const decodedFrames = Math.max(...decoded.channels.map((c) => c.length));
    checkDuration(quoted, decodedFrames / decoded.sampleRate);

    const stereo = mixToStereo(decoded.channels);
    const atRate = resampleChannels(stereo, decoded.sampleRate, sampleRate);
    const { pcm, scale, peak } = toInt16(atRate, stem.gain);
    if (peak === 0) warnings.push(`Stem ${JSON.stringify(stem.name)} (${quoted}) is silent.`);
    stored.push({ pcm, channels: atRate.length as 1 | 2, scale, frames: Math.max(0, ...atRate.map((c) => c.length)) });
  }

  progress.step('Drawing waveforms', stemsTo, 1);
  const frames = Math.max(...stored.map((s) => s.frames));
  if (frames === 0) throw new TrackLoadError('The audio files of this track are empty (they contain no samples).');

  const stems: LoadedStem[] = manifest.stems.map((stem, i) => {
    const { channels, scale } = stored[i];
    const pcm = padInterleaved(stored[i].pcm, channels, frames);
    stored[i].pcm = pcm; // drop the unpadded copy from `stored` as we go
    const description: StemDescription = {
      id: stem.id,
      name: stem.name,
      role: stem.role,
      color: stem.color ?? roleColor(stem.role),
      slot: i + 1,
      gainDb: stem.gain,
      channels,
      keepsPitch: keepsPitchByDefault(stem.role),
      peaks: computePeaks(pcm, channels, sampleRate),
    };
    const layout: StemLayout = { channels, scale, name: stem.name, keepsPitch: description.keepsPitch };
    return { description, layout, pcm };
  });

  if (manifest.tempo === undefined) warnings.push(`No tempo given: assuming ${DEFAULT_BPM} BPM. Add "tempo" to backline.json for bars and beats to line up.`);
  if (manifest.midi !== undefined) warnings.push(`The MIDI file ${JSON.stringify(manifest.midi)} is not played yet (MIDI support comes later); the audio stems play.`);

  const description: TrackDescription = {
    title: manifest.title,
    source: plan.source,
    sampleRate,
    frames,
    duration: frames / sampleRate,
    tempoMap: tempoMapOf(manifest),
    timeSignature: [manifest.timeSignature[0], manifest.timeSignature[1]],
    ...(manifest.meters?.length ? { meters: manifest.meters.map((m) => ({ bar: m.bar, timeSignature: [m.timeSignature[0], m.timeSignature[1]] as [number, number] })) } : {}),
    downbeat: manifest.downbeat,
    key: manifest.key === undefined ? null : normalizeKey(manifest.key),
    sections: manifest.sections.map((s) => ({ name: s.name, bar: s.bar })),
    stems: stems.map((s) => s.description),
    memoryBytes: stems.reduce((sum, s) => sum + s.pcm.byteLength, 0),
  };
  progress.done(`Loaded ${manifest.title}`);
  return { description, stems, warnings };
}

/** The manifest's tempo as a map: a number is one point at beat 0; none is {@link DEFAULT_BPM}. */
export function tempoMapOf(manifest: Pick<Manifest, 'tempo'>): TempoPoint[] {
  const tempo = manifest.tempo;
  if (tempo === undefined) return [{ beat: 0, bpm: DEFAULT_BPM }];
  if (typeof tempo === 'number') return [{ beat: 0, bpm: tempo }];
  return tempo.map((p) => ({ beat: p.beat, bpm: p.bpm }));
}

/** Whether opening `source` downloads or reads a whole package first (progress spans). */
function isPackage(source: TrackSourceInput): boolean {
  if (typeof source === 'string' || source instanceof URL) {
    try {
      return extensionOf(fileNameOfUrl(resolveUrl(source))) === 'zip';
    } catch {
      return false;
    }
  }
  const list = Array.from(source);
  return list.length === 1 && extensionOf(list[0].name) === 'zip';
}

function openingLabel(source: TrackSourceInput): string {
  if (typeof source === 'string' || source instanceof URL) {
    try {
      return `Opening ${fileNameOfUrl(resolveUrl(source)) || 'track'}`;
    } catch {
      return 'Opening track';
    }
  }
  const list = Array.from(source);
  return list.length === 1 ? `Opening ${list[0].name}` : `Opening ${list.length} files`;
}
