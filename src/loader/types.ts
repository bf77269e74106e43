/**
 * The loader's public types. Thread: main thread (browser) or Node (CLI, tests).
 */
import type { MidiPayload, StemLayout } from '../shared/messages.js';
import type { StemDescription, TrackDescription } from '../shared/track.js';
import type { Hertz } from '../shared/units.js';
import type { LoadProgress } from '../shared/view.js';

/**
 * Turns one compressed or PCM file into float samples. In the browser it wraps
 * `audioContext.decodeAudioData` (which already resamples to the context rate); in Node it is
 * `wavDecoder` from src/audio-files/wav-decode.ts.
 *
 * @example
 * const browserDecoder: AudioDecoder = {
 *   async decode(bytes) {
 *     const b = await audioContext.decodeAudioData(bytes);
 *     return { sampleRate: b.sampleRate, channels: Array.from({ length: b.numberOfChannels }, (_, c) => b.getChannelData(c)) };
 *   },
 * };
 */
export interface AudioDecoder {
  /**
   * Decode a whole file; reject with an Error for corrupt/unsupported data. May detach `bytes`
   * (decodeAudioData does): the loader never reads them again.
   */
  decode(bytes: ArrayBuffer, fileName: string): Promise<{ sampleRate: number; channels: Float32Array[] }>;
}

export interface LoadOptions {
  /** The rate to store stems at: the AudioContext's. */
  sampleRate: Hertz;
  decoder: AudioDecoder;
  /** Used for every URL (manifest, package, stems). Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Called as the load advances; `fraction` covers the whole load and never goes back. */
  onProgress?: (progress: LoadProgress) => void;
  /** Aborting rejects the load with the signal's reason (an `AbortError` DOMException by default). */
  signal?: AbortSignal;
}

export interface LoadedStem {
  description: StemDescription;
  layout: StemLayout;
  /** Interleaved int16, `description.channels` values per frame, exactly `track.frames` frames (empty for a MIDI stem). */
  pcm: Int16Array;
}

export interface LoadedTrack {
  description: TrackDescription;
  /** In slot order: `stems[i].description.slot === i + 1`. */
  stems: LoadedStem[];
  /**
   * Things the musician may want to know that did not stop the load ("No tempo given: assuming
   * 120 BPM."). Empty when there is nothing to say.
   */
  warnings: string[];
  /** A MIDI track (src/loader/midi.ts): its stems have no PCM; the engine's synth plays these events. */
  midi?: MidiPayload;
}
