/**
 * Song seconds ⇄ bar/beat for the GUI's position display and bar-wise seeking. Pure.
 *
 * Song seconds count from the start of the audio; beats count from the first downbeat (song bar 1
 * beat 1 is beat 0), through the song's tempo map (src/shared/tempo-map.ts, the same one the
 * processor uses, so the display and the engine agree). A bar has `timeSignature[0]` beats; before
 * the downbeat (a pickup or count-in) bars are 0 or less.
 */
import { beatsToSeconds, secondsToBeats } from '../shared/tempo-map.js';
import type { TempoPoint } from '../shared/track.js';
import type { Beats, Seconds } from '../shared/units.js';

/** The parts of a track that define its musical grid. */
export interface SongGrid {
  tempoMap: readonly TempoPoint[];
  timeSignature: readonly [number, number];
  /** Seconds from the start of the audio to song bar 1. */
  downbeat: Seconds;
}

/** Guards floor() against 3.9999999 showing the previous beat. */
const EPSILON = 1e-6;

/** Beats in a bar (the time signature's numerator, at least 1). */
export function beatsPerBar(grid: SongGrid): number {
  const n = Math.floor(grid.timeSignature[0]);
  return Number.isFinite(n) && n >= 1 ? n : 4;
}

/** Song beats at song time `seconds` (negative before the downbeat). */
export function songSecondsToBeats(grid: SongGrid, seconds: Seconds): Beats {
  return secondsToBeats(grid.tempoMap, seconds - grid.downbeat);
}

/** Song time at song beat `beats`. */
export function beatsToSongSeconds(grid: SongGrid, beats: Beats): Seconds {
  return grid.downbeat + beatsToSeconds(grid.tempoMap, beats);
}

export interface BarBeat {
  /** Song bar, 1-based; 0 or less before the downbeat. */
  bar: number;
  /** Beat in the bar, 1-based. */
  beat: number;
}

/**
 * Bar and beat at song time `seconds`.
 * @example barBeatAt({ tempoMap: [{ beat: 0, bpm: 120 }], timeSignature: [4, 4], downbeat: 0 }, 2.6) // { bar: 2, beat: 2 }
 */
export function barBeatAt(grid: SongGrid, seconds: Seconds): BarBeat {
  const perBar = beatsPerBar(grid);
  const beats = songSecondsToBeats(grid, seconds) + EPSILON;
  if (!Number.isFinite(beats)) return { bar: 1, beat: 1 };
  const barIndex = Math.floor(beats / perBar);
  const beatInBar = Math.floor(beats - barIndex * perBar);
  return { bar: barIndex + 1, beat: Math.min(beatInBar, perBar - 1) + 1 };
}

/** Song time at which `bar` (1-based) starts. */
export function barStartSeconds(grid: SongGrid, bar: number): Seconds {
  return beatsToSongSeconds(grid, (bar - 1) * beatsPerBar(grid));
}
