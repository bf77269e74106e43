/**
 * The one interface every engine under test is driven through, so that all of them run the same
 * way: one `render` call per 128-frame quantum, one thread, 48 kHz stereo, streaming (real-time)
 * mode. Whatever an engine needs to do per quantum (feed input, process, retrieve) happens inside
 * `render`, which is what the benchmark times.
 *
 * Thread: the benchmark's main thread only.
 */
import type { Semitones, Stereo } from '../types.js';

export interface Engine {
  /** Stable id used by `--engines=` and in results (e.g. `rubberband-r3`). */
  readonly id: string;
  /** Human label with the package and version. */
  readonly label: string;
  /** How the adapter drives the engine (options, feeding), for the report. */
  readonly notes: string;
  /** Why this engine cannot run a case (speed, semitones), or null if it can. */
  unsupported(speed: number, semitones: Semitones): string | null;
  /** Why it cannot change speed / pitch while playing, or null if it can. */
  unsupportedAutomation(kind: 'pitch' | 'speed'): string | null;
  /** New run (fresh engine state): load `source` (untimed) and set the initial speed and pitch. */
  start(source: Stereo, speed: number, semitones: Semitones): Promise<void>;
  /** Change speed and pitch; takes effect from the next `render` (called inside the timed region). */
  set(speed: number, semitones: Semitones): void;
  /** Produce the next 128 output frames. */
  render(left: Float32Array, right: Float32Array): void;
  /**
   * Source frames the adapter has handed the engine so far, for engines fed as a stream (null for an
   * engine that reads the source itself). Minus the timeline position, this is how far ahead of the
   * timeline the engine must read: the latency a live (push) stream would have.
   */
  consumed(): number | null;
  /** The engine's own latency figure for the current run, in output frames (null if it gives none). */
  reportedLatency(): number | null;
  /** Release the run's resources. */
  stop(): void;
}

/** Reads a stereo source forward in chunks, with silence before its start and after its end. */
export class SourceCursor {
  /** Next source frame to read (negative: silence first, e.g. a start pad). */
  position: number;
  constructor(private readonly source: Stereo, start = 0) {
    this.position = start;
  }

  /** Copy the next `n` frames into left/right (from index 0) and advance. */
  read(n: number, left: Float32Array, right: Float32Array): void {
    const { left: l, right: r } = this.source;
    const a = Math.max(this.position, 0);
    const lead = Math.min(n, a - this.position); // frames of silence before the start
    const avail = Math.max(0, Math.min(n - lead, l.length - a));
    left.fill(0, 0, lead);
    right.fill(0, 0, lead);
    if (avail > 0) {
      left.set(l.subarray(a, a + avail), lead);
      right.set(r.subarray(a, a + avail), lead);
    }
    left.fill(0, lead + avail, n);
    right.fill(0, lead + avail, n);
    this.position += n;
  }
}
