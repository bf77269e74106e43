/**
 * Types shared by the benchmark's material, metrics, engine adapters and report.
 * Thread: the benchmark's main thread only.
 */
import type { Decibels, Hertz, Seconds, Semitones } from '../src/shared/units.js';

export type { Decibels, Hertz, Seconds, Semitones };
/** Pitch difference in cents (1/100 semitone). */
export type Cents = number;
/** Milliseconds, the unit every latency and timing figure is reported in. */
export type Millis = number;

/** A stereo signal at the benchmark's sample rate. */
export interface Stereo {
  left: Float32Array;
  right: Float32Array;
}

/** One benchmark case: playback speed (1 = original tempo) and transposition. */
export interface BenchCase {
  readonly id: string;
  readonly speed: number;
  readonly semitones: Semitones;
}

/** The seven cases of issue 3, identity last so the summary can leave it out easily. */
export const CASES: readonly BenchCase[] = [
  { id: 'speed0.75', speed: 0.75, semitones: 0 },
  { id: 'speed1.25', speed: 1.25, semitones: 0 },
  { id: 'pitch+3', speed: 1, semitones: 3 },
  { id: 'pitch-5', speed: 1, semitones: -5 },
  { id: 'speed0.75+3', speed: 0.75, semitones: 3 },
  { id: 'speed1.25-5', speed: 1.25, semitones: -5 },
  { id: 'identity', speed: 1, semitones: 0 },
];

export const SAMPLE_RATE = 48000;
/** One Web Audio render quantum. */
export const QUANTUM = 128;
/** Real-time budget of one quantum at 48 kHz, in µs. */
export const QUANTUM_BUDGET_US = (QUANTUM / SAMPLE_RATE) * 1e6;
