// Engine constants. The first two are MIRRORED from src/shared/constants.ts (STEM_SLOTS, RAMP_SECONDS)
// and SILENCE_DB from src/shared/units.ts: the engine imports nothing from src/, so
// test/engine/constants.test.ts checks that the copies agree. The rest are engine-only limits.

/** Stem slots (mirrors STEM_SLOTS). */
export const MAX_STEMS: i32 = 16;
/** Length of every gain, mute, solo, transport and track-switch ramp (mirrors RAMP_SECONDS). */
export const RAMP_SECONDS: f64 = 0.005;
/** Gains at or below this are exactly 0 (mirrors SILENCE_DB). */
export const SILENCE_DB: f64 = -60;

/** Gains above this are clamped (the UI stops at +12 dB; this only keeps the sum finite). */
export const MAX_GAIN_DB: f64 = 24;
/** An anchor further than this from a voice's extrapolation is a jump (crossfaded). */
export const JUMP_TOLERANCE_FRAMES: f64 = 1;
/** Reader voices: the current one and one fading out. */
export const VOICES: i32 = 2;
/** configure() accepts sample rates in [MIN_SAMPLE_RATE, MAX_SAMPLE_RATE] and blocks up to MAX_BLOCK_LIMIT. */
export const MIN_SAMPLE_RATE: f64 = 1000;
export const MAX_SAMPLE_RATE: f64 = 1536000;
export const MAX_BLOCK_LIMIT: i32 = 16384;
/** |scale| is clamped to this (int16 full scale → ±32767) and treated as 0 below MIN_SCALE (no denormals). */
export const MAX_SCALE: f64 = 1;
export const MIN_SCALE: f64 = 1e-20;
/** Transport positions beyond ±2^52 frames (about 3,000 years at 48 kHz) are rejected: f64 stays exact. */
export const MAX_POSITION: f64 = 4503599627370496;
/** wasm32 address space. */
export const MAX_MEMORY_BYTES: u64 = 0x1_0000_0000;
/** Transport rates (song frames per context frame) are clamped to [MIN_RATE, MAX_RATE]. */
export const MIN_RATE: f64 = 0.0625;
export const MAX_RATE: f64 = 4;
/** Transposition is clamped to ±MAX_TRANSPOSE semitones (the parameters reach ±13). */
export const MAX_TRANSPOSE: f64 = 24;
