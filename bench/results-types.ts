/**
 * The shape of bench/results/latest.json (written by main.ts, rendered by report.ts).
 * Thread: the benchmark's main thread only.
 */
import type { SpeedStats } from './drive.js';
import type { AttackResult, LsdResult, RampResult, SineResult, StepResult } from './metrics.js';
import type { Millis } from './types.js';

export interface CaseResult {
  engine: string;
  case: string;
  speed: number;
  semitones: number;
  /** Set when the engine could not run the case: why. No figures then. */
  unsupported?: string;
  timing?: SpeedStats;
  latency?: {
    /** Against the ideal timeline: the mean offset of the drum onsets (measure.ts). */
    measuredMs: Millis;
    /** The global cross-correlation's figure and method, and the lag used per section. */
    alignMs: Millis;
    method: 'waveform' | 'envelope';
    correlation: number;
    sectionLagsMs: Record<string, Millis>;
    /** The engine's own claim (Rubber Band: start delay; Signalsmith: input/speed + output), if any. */
    reportedMs: Millis | null;
    /** Stream-fed engines: how far ahead of the timeline they had to be fed (ms of output), see drive.ts. */
    readAheadMs: Millis | null;
  };
  lsd?: LsdResult;
  sine?: SineResult;
  attacks?: AttackResult;
  /** Output level re. the ideal over the programme, dB (sanity: ≈ 0; far off = a broken output). */
  levelDb?: number;
  /** Backline only: wasm memory growth during the run, bytes (must be 0). */
  memoryGrowth?: number;
}

export interface AutomationResult {
  engine: string;
  /** Latency used to place the measurement windows: identity-case timeline offset + stream latency. */
  latencyMs: Millis;
  pitchStep: (StepResult & { timing: SpeedStats }) | { unsupported: string };
  tempoRamp: (RampResult & { timing: SpeedStats }) | { unsupported: string };
}

export interface BenchResults {
  date: string;
  /** loadAtStart/End: 1-minute load average; above ~1 on 2 cores, something else was running (timings suffer). */
  machine: { cpu: string; nproc: number; node: string; platform: string; loadAtStart: number; loadAtEnd?: number };
  options: { quick: boolean; engines: string[]; cases: string[] };
  material: { durationSeconds: number; sections: Array<{ name: string; start: number; end: number }>; drumHits: number };
  engines: Array<{ id: string; label: string; notes: string }>;
  cases: CaseResult[];
  automation: AutomationResult[];
  backline?: {
    /** trackBytes() for one stereo stem of 60 s at 48 kHz. */
    bytesPerStereoStemMinute: number;
    /** wasm memory after configure(48000, 128), no track. */
    configuredBytes: number;
    stems16?: { case: string; stems: number; coreShare: number; timing: SpeedStats; memoryGrowth: number } | { unsupported: string };
  };
  runSeconds: number;
}
