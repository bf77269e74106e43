/**
 * The engine's WebAssembly exports (assembly/index.ts), as the processor and the CLI call them.
 * Stem indices here are 0-based; parameter slots are 1-based. Positions are in frames at the
 * configured sample rate; context frames count from the start of the AudioContext.
 *
 * Thread: every function is called on the thread that owns the instance (the audio thread in the
 * plugin, the main thread in the CLI and tests). Only `process` runs in the render path; all the
 * others run from the message handler, between render quanta.
 */
export interface EngineExports {
  readonly memory: WebAssembly.Memory;

  /** Reserve every fixed buffer. Call once, before anything else. */
  configure(sampleRate: number, maxBlockFrames: number): void;
  /** Byte offset of the input (0 = left, 1 = right) block buffer: f32 × maxBlockFrames. */
  inputPtr(channel: number): number;
  /** Byte offset of the output block buffer: f32 × maxBlockFrames. */
  outputPtr(channel: number): number;

  /**
   * Reserve storage for a new track in the loading slot; the active track keeps playing.
   * May grow memory (this is the only place that does). Returns 1, or 0 if memory cannot be had.
   */
  trackReserve(frames: number, stemCount: number): number;
  /**
   * Describe stem `stem` (0-based) of the loading track and get the byte offset of its int16
   * storage (`frames × channels` values, interleaved). `scale` maps int16 to float (peak × trim / 32767).
   * Returns 0 on bad arguments.
   */
  trackStemSetup(stem: number, channels: number, scale: number): number;
  /** Make the loading track active: the old one fades out while the new one fades in. */
  trackCommit(): void;
  /** Drop the loading track. */
  trackAbort(): void;
  activeFrames(): number;
  activeStemCount(): number;
  /** Bytes of stem storage held (active + loading). */
  trackBytes(): number;

  setStemGain(stem: number, db: number): void;
  setStemMute(stem: number, on: number): void;
  setStemSolo(stem: number, on: number): void;
  setMasterGain(db: number): void;

  /**
   * Re-anchor the transport at `contextFrame` (the start of the next `process` block): the song is
   * at `songFrame` then, and advances `rate` song frames per context frame while `playing` is 1
   * (`rate` omitted = 1; clamped to [1/16, 4]; ≠ 1 time-stretches with the pitch kept). An anchor that
   * agrees with the current extrapolation (within a frame) changes nothing, so re-anchoring at the
   * current position with a new rate is a seamless tempo glide; one that does not is a jump,
   * crossfaded; play and stop fade in and out. Crossing rate 1 (stretcher ↔ bit-exact direct read)
   * is crossfaded over one ramp.
   */
  transport(contextFrame: number, songFrame: number, playing: number, rate?: number): void;
  /**
   * Transpose by `semitones + cents / 100` (clamped to ±24) every stem that does not keep its pitch;
   * tempo is kept. Takes effect at the next block and glides (no click). 0/0 = no transposition.
   */
  setPitch(semitones: number, cents: number): void;
  /** Stem `stem` (0-based) keeps its pitch when transposed (drums, click): 1 = keep, 0 = transpose (default). */
  setStemKeepsPitch(stem: number, on: number): void;
  /** Latency of the output against the timeline, in frames, for getCompensationDelay(): always 0. */
  latencyFrames(): number;
  /** The stretcher's analysis frame length N at the configured rate (hop N / 4); for reports. 0 before configure. */
  stretchFrameFrames(): number;
  /** 1 while playing (including a fade-out in progress: 0 once it is silent). */
  isPlaying(): number;
  /** The song position derived from the anchor at `contextFrame`. */
  songFrameAt(contextFrame: number): number;

  /** Render `frames` (≤ maxBlockFrames) starting at `contextFrame`: input buffers in, output buffers out. */
  process(contextFrame: number, frames: number): void;
}
