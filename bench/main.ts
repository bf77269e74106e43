/**
 * `npm run bench`: every engine on every case, in one run, with the metrics of STRETCH.md, then a
 * Markdown report on stdout and in bench/results/latest.{json,md}. See docs/benchmark.md.
 * Flags: --quick, --engines=a,b, --cases=a,b, --no-automation, --no-write.
 *
 * Thread: the benchmark's main thread only (the engines run on it, one at a time).
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { renderRun, speedStats, type Automation } from './drive.js';
import type { BacklineEngine } from './engines/backline.js';
import { ENGINES, type Engine } from './engines/index.js';
import { programme, render, sineSource, type Programme } from './material.js';
import { measureCase } from './measure.js';
import { pitchStep, tempoRamp } from './metrics.js';
import { ROOT } from './paths.js';
import { markdown } from './report.js';
import type { AutomationResult, BenchResults, CaseResult } from './results-types.js';
import { CASES, SAMPLE_RATE, type BenchCase, type Semitones, type Stereo } from './types.js';

const sr = SAMPLE_RATE;
/** Output rendered beyond the ideal's length, so engines with latency deliver all of it. */
const LATENCY_MARGIN_SECONDS = 0.75;

interface Options {
  quick: boolean;
  engines: string[];
  cases: BenchCase[];
  automation: boolean;
  write: boolean;
}

function parseArgs(argv: string[]): Options {
  const list = (name: string): string[] | null => {
    const arg = argv.find((a) => a.startsWith(`--${name}=`));
    return arg ? arg.slice(name.length + 3).split(',').filter(Boolean) : null;
  };
  const engines = list('engines') ?? Object.keys(ENGINES);
  for (const e of engines) if (!ENGINES[e]) throw new Error(`unknown engine '${e}' (known: ${Object.keys(ENGINES).join(', ')})`);
  const caseIds = list('cases');
  const cases = caseIds ? caseIds.map((id) => {
    const c = CASES.find((k) => k.id === id);
    if (!c) throw new Error(`unknown case '${id}' (known: ${CASES.map((k) => k.id).join(', ')})`);
    return c;
  }) : [...CASES];
  return { quick: argv.includes('--quick'), engines, cases, automation: !argv.includes('--no-automation'), write: !argv.includes('--no-write') };
}

function machine(): BenchResults['machine'] {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1].trim();
  } catch { /* not Linux */ }
  return {
    cpu, nproc: os.availableParallelism?.() ?? os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}`,
    loadAtStart: os.loadavg()[0],
  };
}

const log = (line: string): void => { process.stderr.write(`${line}\n`); };

async function runCase(engine: Engine, p: Programme, input: Stereo, ideal: Stereo, c: BenchCase): Promise<CaseResult> {
  const base = { engine: engine.id, case: c.id, speed: c.speed, semitones: c.semitones };
  const why = engine.unsupported(c.speed, c.semitones);
  if (why) return { ...base, unsupported: why };
  const n = ideal.left.length;
  const run = await renderRun(engine, input, c.speed, c.semitones, n + Math.round(LATENCY_MARGIN_SECONDS * sr));
  const growth = (engine as Partial<BacklineEngine>).memoryGrowth?.();
  const m = measureCase(run.output, ideal, p, c);
  return {
    ...base,
    timing: speedStats([run.timing]),
    latency: {
      ...m.latency,
      reportedMs: run.reportedLatency === null ? null : (run.reportedLatency / sr) * 1000,
      readAheadMs: run.timing.readAheadMs,
    },
    lsd: m.lsd,
    sine: m.sine,
    attacks: m.attacks,
    levelDb: m.levelDb,
    ...(growth === undefined ? {} : { memoryGrowth: growth }),
  };
}

async function runAutomation(engine: Engine, latencyMs: number): Promise<AutomationResult> {
  const latency = Math.max(0, Math.round((latencyMs / 1000) * sr));
  const result: AutomationResult = { engine: engine.id, latencyMs, pitchStep: { unsupported: '' }, tempoRamp: { unsupported: '' } };

  // Pitch step 0 → +3 semitones at 2.0 s (quantum 750), speed 1, on a 440 Hz sine.
  const noPitch = engine.unsupportedAutomation('pitch');
  if (noPitch) result.pitchStep = { unsupported: noPitch };
  else {
    const step = 2 * sr;
    const change = { speed: 1, semitones: 3 as Semitones }; // one object: the timed loop allocates nothing
    const automation: Automation = (q) => (q * 128 === step ? change : null);
    const run = await renderRun(engine, sineSource(6), 1, 0, 4 * sr, automation);
    result.pitchStep = { ...pitchStep(run.output, step, 440 * Math.pow(2, 3 / 12), latency), timing: speedStats([run.timing]) };
  }

  // Tempo ramp 0.8 → 1.25 between 1 s and 6 s of output, pitch 0, on a 440 Hz sine.
  const noSpeed = engine.unsupportedAutomation('speed');
  if (noSpeed) result.tempoRamp = { unsupported: noSpeed };
  else {
    const rate = (q: number): number => {
      const t = ((q + 0.5) * 128) / sr;
      return t < 1 ? 0.8 : t < 6 ? 0.8 + (0.45 * (t - 1)) / 5 : 1.25;
    };
    const change = { speed: 0.8, semitones: 0 as Semitones };
    const automation: Automation = (q) => {
      if (!(q > 0 && rate(q) !== rate(q - 1))) return null;
      change.speed = rate(q);
      return change;
    };
    const run = await renderRun(engine, sineSource(10), 0.8, 0, 7 * sr, automation);
    result.tempoRamp = { ...tempoRamp(run.output, 1 * sr, 6 * sr, 440, latency), timing: speedStats([run.timing]) };
  }
  return result;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const p = programme({ quick: opts.quick });
  const input = render(p);
  const ideals = new Map<string, Stereo>();
  const idealFor = (c: BenchCase): Stereo => {
    let x = ideals.get(c.id);
    if (!x) {
      x = c.speed === 1 && c.semitones === 0 ? input : render(p, c.speed, c.semitones);
      ideals.set(c.id, x);
    }
    return x;
  };

  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: machine(),
    options: { quick: opts.quick, engines: opts.engines, cases: opts.cases.map((c) => c.id) },
    material: { durationSeconds: p.duration, sections: p.sections, drumHits: p.drumOnsets.length },
    engines: [],
    cases: [],
    automation: [],
    runSeconds: 0,
  };
  log(`material: ${p.duration.toFixed(1)} s, ${opts.cases.length} cases, engines: ${opts.engines.join(', ')}`);

  for (const id of opts.engines) {
    const engine = ENGINES[id]();
    results.engines.push({ id: engine.id, label: engine.label, notes: engine.notes });
    const t0 = performance.now();
    // Warm-up (JIT and wasm tier-up): 3 s of the heaviest case the engine supports, discarded.
    const warm = [CASES[4], CASES[6]].find((c) => !engine.unsupported(c.speed, c.semitones))!;
    await renderRun(engine, input, warm.speed, warm.semitones, 3 * sr);

    for (const c of opts.cases) {
      const r = await runCase(engine, p, input, idealFor(c), c);
      results.cases.push(r);
      log(r.unsupported
        ? `  ${engine.id} ${c.id}: ${r.unsupported}`
        : `  ${engine.id} ${c.id}: ${r.timing!.realtime.toFixed(1)}× RT, latency ${r.latency!.measuredMs.toFixed(1)} ms, `
          + `LSD ${r.lsd!.fine.toFixed(2)}/${r.lsd!.band.toFixed(2)} dB, sine ${r.sine!.cents.toFixed(2)} c / ${r.sine!.purityDb.toFixed(1)} dB`);
    }

    if (opts.automation) {
      const own = results.cases.filter((r) => r.engine === engine.id && r.latency);
      const identity = own.find((r) => r.case === 'identity');
      // Changes reach the output after the engine's stream latency (how far ahead it is fed).
      const ref = identity ?? own[0];
      const latencyMs = ref ? ref.latency!.measuredMs + (ref.latency!.readAheadMs ?? 0) : 0;
      const a = await runAutomation(engine, latencyMs);
      results.automation.push(a);
      log(`  ${engine.id} automation done`);
    }

    if (engine.id === 'backline') {
      const b = engine as BacklineEngine;
      const stretch = !b.unsupported(0.75, 3);
      const c = stretch ? CASES[4] : CASES[6];
      b.setStemCount(16);
      await renderRun(b, input, c.speed, c.semitones, 3 * sr); // warm the 16-stem path
      const run = await renderRun(b, input, c.speed, c.semitones, Math.ceil(input.left.length / c.speed));
      b.setStemCount(1);
      const coreShare = run.timing.cpuSeconds / run.timing.outputSeconds;
      results.backline = {
        bytesPerStereoStemMinute: b.storageBytes(60),
        configuredBytes: b.configuredBytes(),
        stems16: { case: c.id, stems: 16, coreShare, timing: speedStats([run.timing]), memoryGrowth: b.memoryGrowth() },
      };
      log(`  backline 16 stems (${c.id}): ${(coreShare * 100).toFixed(2)} % of a core`);
    }
    log(`${engine.id}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  results.runSeconds = (performance.now() - started) / 1000;
  results.machine.loadAtEnd = os.loadavg()[0];
  const md = markdown(results);
  process.stdout.write(`${md}\n`);
  if (opts.write) {
    const dir = `${ROOT}/bench/results`;
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/latest.json`, `${JSON.stringify(results, null, 1)}\n`);
    writeFileSync(`${dir}/latest.md`, md);
    log('wrote bench/results/latest.json and latest.md');
  }
}

await main();
