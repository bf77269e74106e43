/**
 * `backline render`: load a track from disk, apply the options, render through the engine offline,
 * write a WAV. Node main thread.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { loadTrackData, type LoadedTrack } from '../loader/index.js';
import { fileFetch } from '../loader/file-fetch.js';
import { OfflineEngine } from '../offline/offline-engine.js';
import { encodeWav } from '../audio-files/wav-encode.js';
import { beatsToSeconds } from '../shared/tempo-map.js';
import { stemParamId } from '../shared/params.js';
import type { TrackDescription } from '../shared/track.js';
import type { Seconds } from '../shared/units.js';
import { UsageError, type RenderOptions } from './args.js';
import { nodeDecoder } from './node-decoder.js';

export interface RenderResult {
  track: TrackDescription;
  from: Seconds;
  to: Seconds;
  rate: number;
  frames: number;
}

/** Song seconds (from the start of the audio) where bar `bar` (1-based) begins. */
export function barToSeconds(track: TrackDescription, bar: number): Seconds {
  const beatsPerBar = track.timeSignature[0];
  return track.downbeat + beatsToSeconds(track.tempoMap, (bar - 1) * beatsPerBar);
}

function stemSlots(track: TrackDescription, ids: string[], flag: string): number[] {
  return ids.map((id) => {
    const stem = track.stems.find((s) => s.id === id);
    if (!stem) throw new UsageError(`${flag}: no stem "${id}" in "${track.title}" (its stems: ${track.stems.map((s) => s.id).join(', ')})`);
    return stem.slot;
  });
}

export async function render(options: RenderOptions, wasm: WebAssembly.Module): Promise<RenderResult> {
  const loaded: LoadedTrack = await loadTrackData(pathToFileURL(options.input), {
    sampleRate: options.sampleRate, decoder: nodeDecoder, fetch: fileFetch,
  });
  const track = loaded.description;
  const offline = new OfflineEngine(wasm, options.sampleRate);
  offline.load(loaded);
  for (const slot of stemSlots(track, options.mute, '--mute')) offline.setParameter(stemParamId(slot, 'Mute'), 1);
  for (const slot of stemSlots(track, options.solo, '--solo')) offline.setParameter(stemParamId(slot, 'Solo'), 1);
  offline.setPitch(options.semitones, options.cents);

  const rate = options.bpm !== null ? options.bpm / track.tempoMap[0].bpm : options.speed ?? 1;
  if (rate < 1 / 16 || rate > 4) throw new UsageError(`--bpm ${options.bpm} is too far from the song's ${track.tempoMap[0].bpm} BPM`);
  const from = options.fromBar !== null ? barToSeconds(track, options.fromBar) : 0;
  const to = options.toBar !== null ? barToSeconds(track, options.toBar) : track.duration;
  if (from >= track.duration) throw new UsageError(`--from ${options.fromBar} is past the end of the song (${track.duration.toFixed(1)} s)`);
  const [left, right] = offline.render(Math.max(0, from), to, rate);
  await writeFile(options.output, encodeWav([left, right], options.sampleRate, 'pcm16'));
  return { track, from, to: Math.min(to, track.duration), rate, frames: left.length };
}

/** The engine's wasm, next to the bundled CLI (dist/backline.wasm). */
export async function loadEngineModule(url = new URL('./backline.wasm', import.meta.url)): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await readFile(url));
}
