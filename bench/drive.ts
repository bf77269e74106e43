/**
 * Runs an engine quantum by quantum and times it. Each quantum is timed both by the wall clock
 * (performance.now) and by the process's CPU time (process.cpuUsage); its time is the smaller of the
 * two: a quantum during which the OS ran something else has a long wall time but not a long CPU time,
 * and one during which another thread of the process (GC helpers, the compiler) ran has a long CPU time
 * but not a long wall time. Only work done on this thread during the quantum counts either way.
 * The real-time factor uses the CPU time of the whole run. Automation, if given, is applied before the
 * quantum it belongs to, inside the timed region.
 *
 * Thread: the benchmark's main thread only.
 */
import type { Engine } from './engines/engine.js';
import { QUANTUM, QUANTUM_BUDGET_US, SAMPLE_RATE, type Semitones, type Stereo } from './types.js';

export interface Timing {
  quanta: number;
  outputSeconds: number;
  cpuSeconds: number;
  /** Time of each quantum, µs: min(wall, CPU). */
  perQuantumUs: Float64Array;
  /**
   * Largest (source frames fed − timeline position) over the run, in ms of output: the read-ahead a
   * stream-fed engine needed, i.e. its latency if the input arrived live. Null for engines that read
   * the source themselves.
   */
  readAheadMs: number | null;
}

export interface SpeedStats {
  /** Seconds of stereo output per CPU second (whole run). */
  realtime: number;
  meanUs: number;
  medianUs: number;
  q99Us: number;
  worstUs: number;
  /** Quanta over the 2,667 µs budget. */
  overBudget: number;
  quanta: number;
  /** Single runs: when the worst quantum started, ms from the run's start (0 = the first quantum). */
  worstAtMs?: number;
}

/** Automation: the speed and pitch for quantum `q`, or null to leave them. */
export type Automation = (q: number) => { speed: number; semitones: Semitones } | null;

const noAutomation: Automation = () => null;

export async function renderRun(
  engine: Engine, source: Stereo, speed: number, semitones: Semitones, frames: number, automation?: Automation,
): Promise<{ output: Stereo; timing: Timing; reportedLatency: number | null }> {
  await engine.start(source, speed, semitones);
  const quanta = Math.ceil(frames / QUANTUM);
  const left = new Float32Array(quanta * QUANTUM);
  const right = new Float32Array(quanta * QUANTUM);
  const perQuantumUs = new Float64Array(quanta);
  // Always a function: a call site that sees undefined in some runs and a function in others makes
  // the optimized loop deoptimize inside the first timed quantum of a run with automation.
  const next: Automation = automation ?? noAutomation;
  let timeline = 0; // source frames the timeline has advanced
  let speedNow = speed;
  let ahead = -Infinity;
  // The loop allocates nothing but cpuUsage's two small objects per quantum (automation reuses one
  // object), and starts on a settled heap (settleHeap; run.mjs passes --expose-gc), so the harness's
  // own garbage does not put a GC pause into some quantum: what allocation remains is the engine's.
  const l = new Float32Array(QUANTUM);
  const r = new Float32Array(QUANTUM);
  await settleHeap();
  const cpu0 = process.cpuUsage();
  for (let q = 0; q < quanta; q++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const change = next(q);
    if (change) engine.set(change.speed, change.semitones);
    engine.render(l, r);
    const wall = (performance.now() - t0) * 1000;
    const c1 = process.cpuUsage(c0);
    perQuantumUs[q] = Math.min(wall, c1.user + c1.system);
    left.set(l, q * QUANTUM);
    right.set(r, q * QUANTUM);
    if (change) speedNow = change.speed;
    timeline += QUANTUM * speedNow;
    const consumed = engine.consumed();
    if (consumed !== null) ahead = Math.max(ahead, (consumed - timeline) / speedNow);
  }
  const cpu = process.cpuUsage(cpu0);
  const reportedLatency = engine.reportedLatency();
  engine.stop();
  return {
    output: { left: left.subarray(0, frames), right: right.subarray(0, frames) },
    timing: {
      quanta, outputSeconds: (quanta * QUANTUM) / SAMPLE_RATE, cpuSeconds: (cpu.user + cpu.system) / 1e6, perQuantumUs,
      readAheadMs: Number.isFinite(ahead) ? (ahead / SAMPLE_RATE) * 1000 : null,
    },
    reportedLatency,
  };
}

/**
 * Leave the heap settled before a timed loop: a full GC, a turn of the event loop (so the tasks it
 * leaves behind, e.g. freeing the last run's large typed arrays, run now), and another full GC.
 * Otherwise the external memory those arrays held starts incremental marking during the loop, and
 * its finalization (0.5–3 ms, sometimes more) lands inside some quantum of whichever engine runs.
 */
async function settleHeap(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return;
  gc();
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  gc();
}

function quantile(sorted: Float64Array, q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

export function speedStats(timings: Timing[]): SpeedStats {
  const all = new Float64Array(timings.reduce((n, t) => n + t.quanta, 0));
  let k = 0;
  for (const t of timings) {
    all.set(t.perQuantumUs, k);
    k += t.quanta;
  }
  const sorted = all.slice().sort();
  const sum = all.reduce((s, v) => s + v, 0);
  const out = timings.reduce((s, t) => s + t.outputSeconds, 0);
  const cpu = timings.reduce((s, t) => s + t.cpuSeconds, 0);
  return {
    realtime: out / Math.max(cpu, 1e-9),
    meanUs: sum / all.length,
    medianUs: quantile(sorted, 0.5),
    q99Us: quantile(sorted, 0.99),
    worstUs: sorted[sorted.length - 1],
    overBudget: all.reduce((n, v) => n + (v > QUANTUM_BUDGET_US ? 1 : 0), 0),
    quanta: all.length,
    ...(timings.length === 1 ? { worstAtMs: ((all.indexOf(sorted[sorted.length - 1]) * QUANTUM) / SAMPLE_RATE) * 1000 } : {}),
  };
}
