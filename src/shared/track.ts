/**
 * What a loaded track is, as the node, the GUI, state and the CLI see it.
 * Audio itself never appears here: PCM lives in the engine, peaks are for drawing only.
 */
import type { MeterPoint } from './meter.js';
import type { Beats, Decibels, Frames, Hertz, Seconds } from './units.js';

/** Roles a stem can have (manifest v1). Unknown roles in a manifest are rejected with a message. */
export const STEM_ROLES = ['drums', 'percussion', 'bass', 'keys', 'guitar', 'vocals', 'strings', 'brass', 'synth', 'click', 'other'] as const;
export type StemRole = (typeof STEM_ROLES)[number];

export interface TempoPoint {
  /** Beat counted from the first downbeat (song bar 1, beat 1 is beat 0). */
  beat: Beats;
  bpm: number;
}

export interface Section {
  name: string;
  /** Song bar, 1-based. */
  bar: number;
}

/** Where a track came from; what `getState()` saves so a host can load it again. */
export type TrackSource =
  | { kind: 'url'; url: string }
  | { kind: 'files'; names: string[] };

export interface StemDescription {
  /** Stable id from the manifest (or derived from the file name). */
  id: string;
  name: string;
  role: StemRole;
  /** CSS colour. */
  color: string;
  /** Parameter slot 1…16: `stem${slot}Mute` etc. */
  slot: number;
  /** Trim from the manifest, applied inside the engine in addition to the `stemNGain` parameter. */
  gainDb: Decibels;
  channels: 1 | 2;
  /** Keeps its pitch when the song is transposed (default: drums, percussion, click); still time-stretched. */
  keepsPitch: boolean;
  /**
   * Waveform peaks for drawing: for each bucket of sampleRate/PEAKS_PER_SECOND frames, the max of
   * |sample| over all channels, 0…1 (scaled to full scale, before the trim).
   */
  peaks: Float32Array;
}

export interface TrackDescription {
  title: string;
  source: TrackSource;
  /** The context rate the stems were decoded and stored at. */
  sampleRate: Hertz;
  frames: Frames;
  duration: Seconds;
  tempoMap: TempoPoint[];
  timeSignature: [number, number];
  /** Time-signature changes after bar 1 (src/shared/meter.ts); absent or empty: `timeSignature` throughout. */
  meters?: MeterPoint[];
  /** Seconds from the start of the audio to song bar 1. */
  downbeat: Seconds;
  key: string | null;
  sections: Section[];
  stems: StemDescription[];
  /** Bytes of engine memory the stems occupy. */
  memoryBytes: number;
}
