// Synth constants. MAX_STEMS mirrors STEM_SLOTS (src/shared/constants.ts); EVENT_BYTES, NO_STEM and
// MAX_EVENTS mirror src/midi/events.ts; KILL_SECONDS mirrors RAMP_SECONDS. The synth imports nothing
// from src/ (nor from the engine's files), so test/midi/constants.test.ts checks that the copies agree.

/** Stem buses (mirrors STEM_SLOTS). */
export const MAX_STEMS: i32 = 16;
/** Bytes per event: status, data1, data2, stem (mirrors EVENT_BYTES). */
export const EVENT_BYTES: i32 = 4;
/** Stem byte of events that only set channel state (mirrors NO_STEM). */
export const NO_STEM: i32 = 255;
/** Largest event list synthLoadEvents accepts (mirrors MAX_EVENTS). */
export const MAX_EVENTS: i32 = 1 << 21;

/** Voices that may sound at once; a note beyond them steals one. */
export const POLYPHONY: i32 = 64;
/**
 * Extra voice slots where stolen or stopped voices fade out while new notes already sound. As many
 * as POLYPHONY: a jump with 64 held notes fades all of them out while it restarts them (chase).
 */
export const SPARE_VOICES: i32 = 64;
export const VOICE_SLOTS: i32 = POLYPHONY + SPARE_VOICES;

/** Control-rate period in frames: envelopes, filter coefficients, pitch and gains update this often. */
export const CHUNK: i32 = 64;
/** A stolen voice fades out over this long. */
export const STEAL_SECONDS: f64 = 0.003;
/** All-sound-off (stop, seek, loop, track switch) fades voices out over this long (mirrors RAMP_SECONDS). */
export const KILL_SECONDS: f64 = 0.005;
/** Hi-hat and other exclusive groups: a choked voice fades over this long. */
export const CHOKE_SECONDS: f64 = 0.012;
/** A voice whose level is below this may be reused at once (a step of at most −66 dB). */
export const CUT_LEVEL: f32 = 0.0005;
/** A voice quieter than this (−90 dB) for QUIET_SECONDS is over. */
export const SILENT_LEVEL: f32 = 0.00003;
export const QUIET_SECONDS: f64 = 0.05;
/** Gain ramps move by at most 1 per this many seconds (a CC7 jump from 0 to 127 takes 5 ms). */
export const GAIN_SLEW_SECONDS: f64 = 0.005;

/** Karplus–Strong strings: lowest frequency a ring buffer holds. */
export const KS_MIN_HZ: f64 = 16;
/** Strings per voice (piano: two, detuned, for the beat between them). */
export const KS_STRINGS: i32 = 2;

/** configure() limits (the engine's too). */
export const MIN_SAMPLE_RATE: f64 = 8000;
export const MAX_SAMPLE_RATE: f64 = 384000;
export const MAX_BLOCK_LIMIT: i32 = 16384;

/** The GM drum channel ("channel 10"). */
export const DRUM_CHANNEL: i32 = 9;
/** Transposition is clamped to ±MAX_TRANSPOSE semitones. */
export const MAX_TRANSPOSE: f64 = 24;
