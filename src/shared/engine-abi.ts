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
  /**
   * Byte offset of the output block buffer: f32 × maxBlockFrames. Channels 0/1: the main output;
   * 2/3: the click's own output (left/right), written only while `setClickSeparate(1)`.
   */
  outputPtr(channel: number): number;

  /**
   * Reserve storage for a new track in the loading slot; the active track keeps playing.
   * May grow memory (this is the only place that does). Returns 1, or 0 if memory cannot be had.
   * `totalChannels` (the sum of the stems' channel counts, from `stemCount` to 2 × `stemCount`) sizes
   * the storage per stem (a mono stem takes half a stereo one); omitted, every stem gets stereo room.
   * With it, `trackStemSetup` gives each stem its share in the order they are set up, and refuses (0)
   * a stem that no longer fits. Out-of-range or fractional values return 0.
   */
  trackReserve(frames: number, stemCount: number, totalChannels?: number): number;
  /**
   * Describe stem `stem` (0-based) of the loading track and get the byte offset of its int16
   * storage (`frames × channels` values, interleaved). `scale` maps int16 to float (peak × trim / 32767).
   * Returns 0 on bad arguments.
   */
  trackStemSetup(stem: number, channels: number, scale: number): number;
  /**
   * `trackReserve` for a track whose stems `stemBase`… are MIDI stems (docs/midi.md), voiced by the
   * GM synth (buses 0…) and holding no PCM: `audioChannels` is the channel total of the audio stems
   * 0…stemBase−1 (0 when MIDI-only). Also reserves room for `eventCount` events (src/midi/events.ts)
   * and `tempoPoints` (beat, bpm, 0) f64 triples. Returns the byte offset of the f64 beats (the u32
   * event words follow at `+ 8 × eventCount`, the tempo triples at the next multiple of 8 after
   * `+ 12 × eventCount`); 0 on failure. May grow memory. The events are used from `trackCommit` on.
   */
  midiTrackReserve(frames: number, stemCount: number, audioChannels: number, stemBase: number, eventCount: number, tempoPoints: number): number;
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

  /**
   * The click (metronome, docs/practice.md): a click whose onset is at context frame `frame`
   * (fractional: sample-accurate), a downbeat when `accent` is 1. Schedule it before the `process`
   * call of the block that contains it (or any earlier block); up to 8 ring at once.
   */
  clickAt(frame: number, accent: number): void;
  /** The click's level in dB (≤ −60: silent, at most +12); applies to clicks scheduled from now on. */
  setClickLevel(db: number): void;
  /** 1: the click goes to outputPtr(2|3) (a second output); 0 (default): into the main output. */
  setClickSeparate(on: number): void;
}

/** Calls per export that warmEngineCalls() makes (V8 tiers a wrapper up on an export's 1,000th call). */
export const ENGINE_WARM_CALLS = 1100;

/**
 * Call once right after `configure`, from the message handler (never from the render path).
 * V8 calls a wasm export from JS through a generic wrapper until that export's 1,000th call, then
 * compiles a signature-specific wrapper synchronously, inside that call: 0.15–0.35 ms on the calling
 * thread, so the 1,000th `process` (2.7 s after play) would take several times its usual time. The
 * compiled wrapper serves every export of the same signature, so this calls one harmless export per
 * signature the render path uses (`process` and `clickAt`: (f64, f64) → void; `transport`: 4 × f64;
 * `songFrameAt`: f64 → f64; `activeFrames`, `isPlaying`: () → i32) past that point: about 1 ms, once.
 * None of these calls changes the engine's state (0 frames render nothing; a non-finite anchor is
 * ignored).
 */
export function warmEngineCalls(engine: EngineExports): void {
  for (let i = 0; i < ENGINE_WARM_CALLS; i++) {
    engine.process(0, 0);
    engine.transport(Number.NaN, Number.NaN, Number.NaN, Number.NaN);
    engine.songFrameAt(0);
    engine.isPlaying();
  }
}
