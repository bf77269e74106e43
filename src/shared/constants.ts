/**
 * Constants used on both sides of the worklet boundary.
 * Values marked "mirrored in assembly/" are also hard-coded in the engine; test/engine/constants.test.ts
 * checks that both agree.
 */

/** Number of stem slots, each with mute/solo/gain parameters. Mirrored in assembly/constants.ts (MAX_STEMS). */
export const STEM_SLOTS = 16;

/** Length of every gain/mute/solo/transport ramp, in seconds. Mirrored in assembly/constants.ts (RAMP_SECONDS). */
export const RAMP_SECONDS = 0.005;

/** Largest block the processor hands the engine at once (a render quantum). */
export const MAX_BLOCK_FRAMES = 128;

/** Frames of 16-bit PCM sent to the processor per message while a track loads. */
export const CHUNK_FRAMES = 65536;

/** Limits enforced before anything is allocated (see docs/limits.md). */
export const LIMITS = {
  /** Longest song accepted. */
  maxDurationSeconds: 20 * 60,
  /** Largest single file accepted (bytes). */
  maxFileBytes: 1024 * 1024 * 1024,
  /** Largest manifest accepted (bytes). */
  maxManifestBytes: 1024 * 1024,
  /** Total uncompressed size of a zip package (bytes). */
  maxZipUncompressedBytes: 2 * 1024 * 1024 * 1024,
} as const;

/** Peaks per second of audio computed for waveform drawing. */
export const PEAKS_PER_SECOND = 100;
