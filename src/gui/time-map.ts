/**
 * Song seconds ⇄ bar/beat for the GUI's position display and bar-wise seeking. Pure.
 *
 * Song seconds count from the start of the audio; beats count from the first downbeat (song bar 1
 * beat 1 is beat 0), through the song's tempo map (src/shared/tempo-map.ts, the same one the
 * processor uses, so the display and the engine agree). Bars follow the song's meters
 * (src/shared/meter.ts: `timeSignature`, then its `meters` changes); before the downbeat (a pickup
 * or count-in) bars are 0 or less.
 */
import { barAt, barStartBeat, meterSegments, type MeterPoint, type MeterSegment } from '../shared/meter.js';
import { beatsToSeconds, secondsToBeats } from '../shared/tempo-map.js';
import type { TempoPoint } from '../shared/track.js';
import type { Beats, Seconds } from '../shared/units.js';

/** The parts of a track that define its musical grid. */
export interface SongGrid {
  tempoMap: readonly TempoPoint[];
  timeSignature: readonly [number, number];
  /** Meter changes after bar 1, if any. */
  meters?: readonly MeterPoint[];
  /** Seconds from the start of the audio to song bar 1. */
  downbeat: Seconds;
}

/** Meter segments per grid object (a track's grid never changes; looked up every frame). */
const segmentCache = new WeakMap<SongGrid, MeterSegment[]>();

/** The grid's meter segments (cached). */
export function segmentsOf(grid: SongGrid): MeterSegment[] {
  let segments = segmentCache.get(grid);
  if (!segments) {
    segments = meterSegments(grid.timeSignature as [number, number], (grid.meters ?? []) as MeterPoint[]);
    segmentCache.set(grid, segments);
  }
  return segments;
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
  const beats = songSecondsToBeats(grid, seconds) + EPSILON;
  if (!Number.isFinite(beats)) return { bar: 1, beat: 1 };
  const position = barAt(segmentsOf(grid), beats);
  const perBar = position.segment.num;
  return { bar: position.bar, beat: Math.min(Math.floor(position.beatInBar + EPSILON), perBar - 1) + 1 };
}

/** Song time at which `bar` (1-based) starts. */
export function barStartSeconds(grid: SongGrid, bar: number): Seconds {
  return beatsToSongSeconds(grid, barStartBeat(segmentsOf(grid), bar));
}

/** The bar (1-based) that contains song time `seconds`. */
export function barAtSeconds(grid: SongGrid, seconds: Seconds): number {
  return barBeatAt(grid, seconds).bar;
}
