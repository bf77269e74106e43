/**
 * The typed protocol between the node (main thread) and the processor (audio thread).
 * Every message is wrapped as `{ backline: ... }` on the port, so it never collides with the SDK's
 * own request/response messages that share the same port.
 */
import type { MeterPoint } from './meter.js';
import type { PracticeSettings } from './practice.js';
import type { TempoPoint } from './track.js';
import type { Seconds } from './units.js';

/** What the processor needs of a song to map host beats to song time. */
export interface SongTiming {
  /** Seconds from the start of the audio to song bar 1. */
  downbeat: Seconds;
  tempoMap: TempoPoint[];
  timeSignature: [number, number];
  /** Time-signature changes after bar 1 (src/shared/meter.ts); absent or empty: one meter. */
  meters?: MeterPoint[];
}

/**
 * Where the song's clock comes from (docs/sync.md): a host's `wam-transport` that is playing,
 * the plugin's own standalone clock, or a host that has been seen but is stopped or counting in.
 */
export type SyncSource = 'host' | 'standalone' | 'waiting';

/** Sync settings saved in state (docs/sync.md, "Settings"). */
export interface SyncSettings {
  /** The number the host gives its first bar: 0 (the WAM default) or 1. */
  barBase: 0 | 1;
  /** Song bar 1 starts this many bars after the host's first bar (host bar `barBase + barOffset`); may be negative. */
  barOffset: number;
  /** When standalone, emit the song's own `wam-transport` downstream so other WAMs can follow it. */
  emitTransport: boolean;
}

export const DEFAULT_SYNC_SETTINGS: Readonly<SyncSettings> = { barBase: 0, barOffset: 0, emitTransport: false };

/** Bar offsets are whole numbers in this range. */
export const MAX_BAR_OFFSET = 9999;

/** Turn anything into valid settings (unknown or bad fields take the defaults). Any thread. */
export function sanitizeSyncSettings(input: Partial<Record<keyof SyncSettings, unknown>> | null | undefined): SyncSettings {
  const offset = Number(input?.barOffset);
  return {
    barBase: input?.barBase === 1 ? 1 : 0,
    barOffset: Number.isFinite(offset) ? Math.max(-MAX_BAR_OFFSET, Math.min(MAX_BAR_OFFSET, Math.round(offset))) : 0,
    emitTransport: input?.emitTransport === true,
  };
}

/** Layout of one stem in the engine: sent before its PCM. */
export interface StemLayout {
  channels: 1 | 2;
  /** Linear factor applied to the stored int16 values (peak normalisation × manifest trim). */
  scale: number;
  /** Parameter label stem ("Drums"). */
  name: string;
  /** Keeps its pitch when the song is transposed. */
  keepsPitch: boolean;
  /** 'midi': no PCM; voiced by the GM synth from the track's MIDI events (docs/midi.md). */
  kind?: 'audio' | 'midi';
}

/** A MIDI track's events for the engine (src/midi/events.ts); the arrays are transferred. */
export interface MidiPayload {
  beats: Float64Array;
  /** status, data1, data2, stem per event. */
  bytes: Uint8Array;
  /** (beat, bpm, 0) triples of the song's tempo map. */
  tempo: Float64Array;
  /** Engine stem of MIDI stem 0 (= the number of audio stems before them). */
  stemBase: number;
}

/** Main thread → audio thread. */
export type NodeToProcessor =
  /** Reserve engine storage for a new track (the current one keeps playing). */
  | { type: 'track-begin'; loadId: number; frames: number; stems: StemLayout[]; timing: SongTiming; midi?: MidiPayload }
  /** Interleaved int16 PCM for one stem, at an offset in frames. `data` is transferred. */
  | { type: 'track-chunk'; loadId: number; stem: number; offsetFrames: number; data: Int16Array }
  /** All chunks sent: switch to the new track (crossfaded), relabel parameters, dispatch wam-info. */
  | { type: 'track-commit'; loadId: number }
  /** A stem keeps (or follows) the song's transposition: the per-stem override of the role default. */
  | { type: 'stem-keeps-pitch'; stem: number; on: boolean }
  /** Forget a partially sent track. */
  | { type: 'track-abort'; loadId: number }
  /** Standalone transport. `at` is a context time for the change (undefined: now). */
  | { type: 'transport'; action: 'play' | 'stop'; at?: Seconds }
  | { type: 'transport'; action: 'seek'; seconds: Seconds; at?: Seconds }
  /** Jump to the start of `bar` (a section): at the next bar line while playing, at once when stopped. */
  | { type: 'transport'; action: 'jump'; bar: number }
  /** Forget a jump that is waiting for its bar line. */
  | { type: 'transport'; action: 'cancel-jump' }
  /** Ask for parameter/transport reports (sent when the first GUI opens). */
  | { type: 'reports'; enabled: boolean }
  /** Sync settings saved in state (the whole set, already sanitized). */
  | { type: 'settings'; settings: SyncSettings }
  /** Practice settings saved in state (loop region, count-in mode, click, trainer), already sanitized. */
  | { type: 'practice'; settings: PracticeSettings };

/** Audio thread → main thread. Sent only on change, never per render quantum. */
export type ProcessorToNode =
  | { type: 'track-ack'; loadId: number; stem: number; offsetFrames: number }
  | { type: 'track-reserved'; loadId: number }
  | { type: 'track-committed'; loadId: number }
  | { type: 'track-error'; loadId: number; message: string }
  /**
   * The transport anchor: at context time `contextTime` the song was at `songSeconds`, and it
   * advances at `rate` song seconds per second while `playing` (while stopped, `rate` is the one it
   * would play at). The GUI derives the playhead from it. `sync` says who drives the clock;
   * `hostTempo` is the host's last tempo (BPM in its beat unit), null before any host transport.
   */
  | ({ type: 'transport-state' } & TransportReport)
  /** Parameter values changed by automation (coalesced). */
  | { type: 'params'; values: Record<string, number> }
  /** The engine trapped: output is silenced until the next track load. Reported once. */
  | { type: 'engine-error'; message: string };

/** A count-in under way (docs/practice.md): clicks from `from`, the song enters at `until` (context times). */
export interface CountInReport {
  from: Seconds;
  until: Seconds;
  /** Clicks in the count-in, and per bar. */
  beats: number;
  beatsPerBar: number;
}

/** A jump waiting for its bar line: to the start of `bar`, at context time `at`. */
export interface PendingJumpReport {
  bar: number;
  at: Seconds;
}

/**
 * The transport anchor: at context time `contextTime` the song was at `songSeconds`, and it
 * advances at `rate` song seconds per second while `playing` (while stopped, `rate` is the one it
 * would play at). The GUI derives the playhead from it. `sync` says who drives the clock;
 * `hostTempo` is the host's last tempo (BPM in its beat unit), null before any host transport.
 * Practice (docs/practice.md): a count-in under way, a pending section jump, the loop passes
 * completed since Play, and whether the plugin's own loop is in charge (standalone, loop on).
 */
export interface TransportReport {
  playing: boolean;
  /** Anchor: at context time `contextTime` the song was at `songSeconds`… */
  contextTime: Seconds;
  songSeconds: Seconds;
  /** …and advances `rate` song seconds per context second while playing (stopped: the rate it would play at). */
  rate: number;
  /** Who drives the clock: a playing host, the plugin's own clock, or a host that is stopped or counting in. */
  sync: SyncSource;
  /** The host's last tempo (BPM in the host's beat unit); null until a host sends transport. */
  hostTempo: number | null;
  /** A count-in under way (context times), or null. The song waits at `songSeconds` meanwhile. */
  countIn: CountInReport | null;
  /** A section jump waiting for its bar line, or null. */
  jump: PendingJumpReport | null;
  /** Loop passes completed since Play (the trainer adds its step after each). */
  passes: number;
  /** The plugin's own loop is in charge (standalone, loop on, a region set). */
  looping: boolean;
}

export interface Envelope<T> {
  backline: T;
}

export function isEnvelope<T>(data: unknown): data is Envelope<T> {
  return typeof data === 'object' && data !== null && 'backline' in data;
}
