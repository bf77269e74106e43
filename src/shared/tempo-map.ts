/**
 * Song tempo maps: beats (counted from the first downbeat) ↔ seconds (from that downbeat).
 * Pure; any thread. Piecewise-constant tempo between points.
 */
import type { Beats, Seconds } from './units.js';
import type { TempoPoint } from './track.js';

/** Seconds from the first downbeat to `beat`. Beats before 0 use the first tempo. */
export function beatsToSeconds(map: readonly TempoPoint[], beat: Beats): Seconds {
  if (map.length === 0) return (beat * 60) / 120;
  let seconds = 0;
  for (let i = 0; i < map.length; i++) {
    const point = map[i];
    const next = map[i + 1];
    const segmentEnd = next && beat > next.beat ? next.beat : beat;
    if (i === 0 && beat < point.beat) return (beat * 60) / point.bpm;
    seconds += ((segmentEnd - point.beat) * 60) / point.bpm;
    if (!next || beat <= next.beat) return seconds;
  }
  return seconds;
}

/** Beats from the first downbeat at `seconds` after it. Inverse of {@link beatsToSeconds}. */
export function secondsToBeats(map: readonly TempoPoint[], seconds: Seconds): Beats {
  if (map.length === 0) return (seconds * 120) / 60;
  if (seconds < 0) return (seconds * map[0].bpm) / 60;
  let elapsed = 0;
  for (let i = 0; i < map.length; i++) {
    const point = map[i];
    const next = map[i + 1];
    const segmentSeconds = next ? ((next.beat - point.beat) * 60) / point.bpm : Infinity;
    if (seconds <= elapsed + segmentSeconds) return point.beat + ((seconds - elapsed) * point.bpm) / 60;
    elapsed += segmentSeconds;
  }
  return 0;
}

/** The tempo in force at `beat`. */
export function bpmAt(map: readonly TempoPoint[], beat: Beats): number {
  let bpm = map.length ? map[0].bpm : 120;
  for (const point of map) if (point.beat <= beat) bpm = point.bpm;
  return bpm;
}
