/**
 * Units as types, and the only place where they are converted.
 * Shared by the main thread, the processor and the CLI.
 */

/** Time in seconds. */
export type Seconds = number;
/** A count or position of sample frames at some sample rate. */
export type Frames = number;
/** Musical time in quarter-note beats (or the song's beat unit). */
export type Beats = number;
/** Level in decibels relative to full scale / unity gain. */
export type Decibels = number;
/** Pitch offset in equal-tempered semitones. */
export type Semitones = number;
/** Samples per second. */
export type Hertz = number;

/** Gain values at or below this level are treated as silence (the bottom of every fader). */
export const SILENCE_DB: Decibels = -60;

/** dB → linear amplitude; the fader bottom ({@link SILENCE_DB}) and below is exactly 0. */
export function dbToGain(db: Decibels): number {
  if (!(db > SILENCE_DB)) return 0;
  return Math.pow(10, db / 20);
}

/** Linear amplitude → dB; 0 maps to -Infinity. */
export function gainToDb(gain: number): Decibels {
  return gain > 0 ? 20 * Math.log10(gain) : -Infinity;
}

export function secondsToFrames(seconds: Seconds, sampleRate: Hertz): Frames {
  return seconds * sampleRate;
}

export function framesToSeconds(frames: Frames, sampleRate: Hertz): Seconds {
  return frames / sampleRate;
}
