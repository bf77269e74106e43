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
   * at `songFrame` then, and advances one frame per frame while `playing` is 1. An anchor that
   * agrees with the current extrapolation (within a frame) changes nothing; one that does not is a
   * jump, crossfaded; play and stop fade in and out.
   */
  transport(contextFrame: number, songFrame: number, playing: number): void;
  /** 1 while playing (including a fade-out in progress: 0 once it is silent). */
  isPlaying(): number;
  /** The song position derived from the anchor at `contextFrame`. */
  songFrameAt(contextFrame: number): number;

  /** Render `frames` (≤ maxBlockFrames) starting at `contextFrame`: input buffers in, output buffers out. */
  process(contextFrame: number, frames: number): void;
}
