/**
 * Meter maps: where bars start when a song changes time signature. Pure; any thread (the processor
 * uses it for loops, count-ins and clicks; the GUI for bar.beat and the timeline).
 *
 * Song beats (as in the tempo map) are counted from song bar 1 in the song's beat unit: the note
 * value of the time signature at bar 1. A bar of `num/den` lasts `num × baseDen / den` song beats
 * (a 7/8 bar in a 4/4 song is 3.5 beats), and its clicks fall every `baseDen / den` beats. Bars
 * before bar 1 (a pickup) have the first meter.
 */
import type { Beats } from './units.js';

/** A time signature in force from song bar `bar` (1-based) on. */
export interface MeterPoint {
  bar: number;
  timeSignature: [number, number];
}

/** One meter segment, resolved against the song's beat unit. */
export interface MeterSegment {
  /** First bar of the segment (1-based). */
  bar: number;
  /** Song beat at which that bar starts. */
  beat: Beats;
  num: number;
  den: number;
  /** Song beats per bar. */
  barBeats: Beats;
  /** Song beats per beat of this meter (the click spacing). */
  clickBeats: Beats;
}

/** Guards floor() against 3.9999999 reading as the previous bar or beat. */
const EPSILON = 1e-6;

function validSignature(sig: readonly number[] | undefined): sig is [number, number] {
  return !!sig && Number.isInteger(sig[0]) && sig[0] >= 1 && sig[0] <= 64 && Number.isInteger(sig[1]) && sig[1] >= 1 && sig[1] <= 64;
}

/**
 * The segments of a song whose meter at bar 1 is `timeSignature`, changing at `meters` (any order;
 * bad or repeated points are ignored; a point at bar 1 overrides `timeSignature`).
 * @example meterSegments([4, 4], [{ bar: 3, timeSignature: [3, 4] }])[1] // { bar: 3, beat: 8, num: 3, den: 4, barBeats: 3, clickBeats: 1 }
 */
export function meterSegments(timeSignature: readonly [number, number], meters: readonly MeterPoint[] = []): MeterSegment[] {
  const points = meters
    .filter((m) => Number.isInteger(m.bar) && m.bar >= 1 && validSignature(m.timeSignature))
    .slice()
    .sort((a, b) => a.bar - b.bar);
  const first: readonly [number, number] = points.length > 0 && points[0].bar === 1 ? points[0].timeSignature : validSignature(timeSignature) ? timeSignature : [4, 4];
  const baseDen = first[1];
  const make = (bar: number, beat: Beats, [num, den]: readonly [number, number]): MeterSegment =>
    ({ bar, beat, num, den, barBeats: (num * baseDen) / den, clickBeats: baseDen / den });
  const segments = [make(1, 0, first)];
  for (const point of points) {
    const last = segments[segments.length - 1];
    if (point.bar <= last.bar) continue;
    if (point.timeSignature[0] === last.num && point.timeSignature[1] === last.den) continue;
    segments.push(make(point.bar, last.beat + (point.bar - last.bar) * last.barBeats, point.timeSignature));
  }
  return segments;
}

function segmentOfBar(segments: readonly MeterSegment[], bar: number): MeterSegment {
  let seg = segments[0];
  for (const s of segments) if (s.bar <= bar) seg = s;
  return seg;
}

function segmentOfBeat(segments: readonly MeterSegment[], beat: Beats): MeterSegment {
  let seg = segments[0];
  for (const s of segments) if (s.beat <= beat + EPSILON) seg = s;
  return seg;
}

/** Song beat at which `bar` (1-based, may be ≤ 0 for a pickup) starts. */
export function barStartBeat(segments: readonly MeterSegment[], bar: number): Beats {
  const seg = segmentOfBar(segments, bar);
  return seg.beat + (bar - seg.bar) * seg.barBeats;
}

export interface BarPosition {
  /** Song bar, 1-based (0 or less before bar 1). */
  bar: number;
  /** Beats of the bar's own meter since the bar started (0 = on the downbeat), fractional. */
  beatInBar: number;
  /** The meter in force. */
  segment: MeterSegment;
}

/**
 * The bar containing song beat `beat`, and where in it.
 * @example barAt(meterSegments([4, 4]), 9.5) // { bar: 3, beatInBar: 1.5, … }
 */
export function barAt(segments: readonly MeterSegment[], beat: Beats): BarPosition {
  const segment = segmentOfBeat(segments, beat);
  const bar = segment.bar + Math.floor((beat - segment.beat) / segment.barBeats + EPSILON);
  const start = segment.beat + (bar - segment.bar) * segment.barBeats;
  return { bar, beatInBar: Math.max(0, (beat - start) / segment.clickBeats), segment };
}

/** The bar (1-based) containing song beat `beat`; allocation-free (the audio thread uses it). */
export function barNumberAt(segments: readonly MeterSegment[], beat: Beats): number {
  const segment = segmentOfBeat(segments, beat);
  return segment.bar + Math.floor((beat - segment.beat) / segment.barBeats + EPSILON);
}

/** The meter in force at song beat `beat` (one of `segments`: nothing is allocated). */
export function meterAtBeat(segments: readonly MeterSegment[], beat: Beats): MeterSegment {
  return segmentOfBeat(segments, beat);
}

/** The meter in force at `bar`. */
export function meterAtBar(segments: readonly MeterSegment[], bar: number): MeterSegment {
  return segmentOfBar(segments, bar);
}
