/**
 * What a GUI sees of a Backline instance: a snapshot store plus commands. The node implements it;
 * GUI tests implement it with a fake. Thread: main thread only.
 */
import type { SyncSettings, TransportReport } from './messages.js';
import type { PracticeSettings } from './practice.js';
import type { TrackDescription } from './track.js';
import type { Seconds } from './units.js';

export interface LoadProgress {
  /** What is happening, in words for the musician ("Decoding Bass.wav"). */
  label: string;
  /** 0…1. */
  fraction: number;
}

/** The transport as the processor last reported it (an anchor the playhead is derived from). */
export type TransportSnapshot = TransportReport;

/** The transport snapshot before anything was reported. */
export const INITIAL_TRANSPORT: Readonly<TransportSnapshot> = {
  playing: false, contextTime: 0, songSeconds: 0, rate: 1, sync: 'standalone', hostTempo: null,
  countIn: null, jump: null, passes: 0, looping: false,
};

export interface ViewState {
  track: TrackDescription | null;
  /** Current value of every parameter, by id (denormalized). */
  params: Readonly<Record<string, number>>;
  loading: LoadProgress | null;
  /** The last error, in words a musician can act on; null when cleared. */
  error: string | null;
  transport: TransportSnapshot;
  /** Sync settings (saved in state). */
  settings: SyncSettings;
  /** Practice settings: loop region, count-in mode, click, trainer (saved in state). */
  practice: PracticeSettings;
}

export type TrackSourceInput = string | URL | File[] | FileList;

export interface BacklineView {
  /** The current state; a new object whenever something changed (compare by identity). */
  getSnapshot(): ViewState;
  /** Called after every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The context clock, for deriving the playhead from the transport anchor. */
  readonly audioContext: BaseAudioContext;

  loadTrack(source: TrackSourceInput): Promise<TrackDescription>;
  play(): void;
  stop(): void;
  seek(seconds: Seconds): void;
  /** Set a parameter (denormalized value) as the GUI's user gesture. */
  setParameter(id: string, value: number): void;
  /** Change some sync settings (bar numbering, bar offset, transport output); saved in state. */
  setSyncSettings(patch: Partial<SyncSettings>): void;
  /** Whether a stem keeps its pitch when the song is transposed (overrides its role's default). */
  setStemKeepsPitch(stemId: string, on: boolean): void;
  /** Change some practice settings (loop region, count-in mode, click, trainer); saved in state. */
  setPractice(patch: Partial<PracticeSettings>): void;
  /** Go to the start of `bar`: at the next bar line while playing (quantized), at once when stopped. */
  jumpToBar(bar: number): void;
  /** Forget a jump that waits for its bar line. */
  cancelJump(): void;
  clearError(): void;
}

/** Song position at context time `t`, derived from the anchor (never accumulated). */
export function songSecondsAt(transport: TransportSnapshot, t: Seconds): Seconds {
  if (!transport.playing) return transport.songSeconds;
  return transport.songSeconds + (t - transport.contextTime) * transport.rate;
}
