/**
 * Practice settings (docs/practice.md): the loop region, count-in mode, click, speed trainer.
 * Saved in state; sent whole to the processor. The automatable parts (`loopEnabled`,
 * `clickLevel`, `countInBars`) are parameters (params.ts). Pure; any thread.
 */
import { SPEED_MAX, SPEED_MIN } from './params.js';

/** A loop over whole bars: from the start of `startBar` to the start of `endBar` (half-open, 1-based). */
export interface LoopRegion {
  startBar: number;
  endBar: number;
}

/** How the trainer's step is counted: percentage points of the song's tempo, or BPM. */
export type TrainerUnit = 'percent' | 'bpm';

export interface TrainerSettings {
  enabled: boolean;
  /** Speed (0.25–2) set when playback starts. */
  start: number;
  /** Added after each loop pass: percentage points (`percent`) or BPM (`bpm`); 0.1–50. */
  step: number;
  unit: TrainerUnit;
  /** The speed it stops at (0.25–2). */
  cap: number;
}

/** Where the click goes: into the plugin's main output, or its second stereo output (headphones). */
export type ClickOutput = 'main' | 'separate';

export interface PracticeSettings {
  /** The loop region (null: none set yet). Looping is on while the `loopEnabled` parameter is. */
  loop: LoopRegion | null;
  /** Count in before every repeat of the loop (false: only when playback starts). */
  countInEvery: boolean;
  /** Click while the song plays (count-ins always click). */
  click: boolean;
  clickOutput: ClickOutput;
  trainer: TrainerSettings;
}

export const MAX_LOOP_BAR = 9999;
export const TRAINER_STEP_MIN = 0.1;
export const TRAINER_STEP_MAX = 50;

export const DEFAULT_TRAINER: Readonly<TrainerSettings> = { enabled: false, start: 0.7, step: 3, unit: 'percent', cap: 1 };

export const DEFAULT_PRACTICE: Readonly<PracticeSettings> = {
  loop: null, countInEvery: false, click: false, clickOutput: 'main', trainer: { ...DEFAULT_TRAINER },
};

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function speedOr(value: unknown, fallback: number): number {
  const x = Number(value);
  return typeof value === 'number' && Number.isFinite(x) ? clamp(Math.round(x * 1000) / 1000, SPEED_MIN, SPEED_MAX) : fallback;
}

/** A loop from anything: whole bars, 1 ≤ start < end; null if it is not one. */
export function sanitizeLoop(input: unknown): LoopRegion | null {
  if (typeof input !== 'object' || input === null) return null;
  const raw = input as Record<string, unknown>;
  const start = Math.round(Number(raw.startBar));
  const end = Math.round(Number(raw.endBar));
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  const a = clamp(start, 1, MAX_LOOP_BAR - 1);
  const b = clamp(end, a + 1, MAX_LOOP_BAR);
  return { startBar: a, endBar: b };
}

/** Turn anything into valid practice settings (unknown or bad fields take the defaults). */
export function sanitizePractice(input: unknown): PracticeSettings {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const t = (typeof raw.trainer === 'object' && raw.trainer !== null ? raw.trainer : {}) as Record<string, unknown>;
  const step = Number(t.step);
  return {
    loop: sanitizeLoop(raw.loop),
    countInEvery: raw.countInEvery === true,
    click: raw.click === true,
    clickOutput: raw.clickOutput === 'separate' ? 'separate' : 'main',
    trainer: {
      enabled: t.enabled === true,
      start: speedOr(t.start, DEFAULT_TRAINER.start),
      step: typeof t.step === 'number' && Number.isFinite(step) ? clamp(Math.round(step * 10) / 10, TRAINER_STEP_MIN, TRAINER_STEP_MAX) : DEFAULT_TRAINER.step,
      unit: t.unit === 'bpm' ? 'bpm' : 'percent',
      cap: speedOr(t.cap, DEFAULT_TRAINER.cap),
    },
  };
}

/**
 * The speed after one more loop pass: `speed` plus the step (percentage points of the song's
 * tempo, or BPM at `songBpm`, the song's tempo at the loop start), never beyond the cap. A speed
 * already past the cap stays where it is.
 * @example nextTrainerSpeed({ ...DEFAULT_TRAINER, enabled: true }, 0.7, 100) // 0.73
 */
export function nextTrainerSpeed(trainer: TrainerSettings, speed: number, songBpm: number): number {
  const step = trainer.unit === 'bpm' ? trainer.step / (songBpm > 0 ? songBpm : 120) : trainer.step / 100;
  const cap = trainer.cap;
  if (speed >= cap - 1e-9) return speed;
  const next = Math.round((speed + step) * 1e6) / 1e6;
  return clamp(Math.min(next, cap), SPEED_MIN, SPEED_MAX);
}
