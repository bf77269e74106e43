/**
 * Renders bench results as Markdown: a summary per engine (means over the non-identity cases), the
 * identity case, ratios of Backline against each peer, every case, LSD per section, automation,
 * and Backline's memory and 16-stem figures.
 *
 * Thread: the benchmark's main thread only.
 */
import type { SpeedStats } from './drive.js';
import { SECTION_NAMES } from './material.js';
import type { BenchResults, CaseResult } from './results-types.js';

const f = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits);
const signed = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(head: string[], rows: string[][]): string {
  return [row(head), row(head.map(() => '---')), ...rows.map(row)].join('\n');
}

/** Means over a set of case results (only those with figures). */
interface Means {
  cases: number;
  realtime: number;
  q99Us: number;
  worstUs: number;
  overBudget: number;
  latencyMs: number;
  reportedMs: number | null;
  readAheadMs: number | null;
  fine: number;
  band: number;
  cents: number;
  maxAbsCents: number;
  purity: number;
  rise: number;
  idealRise: number;
  preEcho: number;
  idealPreEcho: number;
  jitter: number;
  duration: number;
}

function means(rs: CaseResult[]): Means | null {
  const ok = rs.filter((r) => !r.unsupported);
  if (!ok.length) return null;
  const avg = (g: (r: CaseResult) => number): number => ok.reduce((s, r) => s + g(r), 0) / ok.length;
  const out = ok.reduce((s, r) => s + r.timing!.quanta, 0);
  const cpuPerQuantum = ok.reduce((s, r) => s + r.timing!.quanta / r.timing!.realtime, 0);
  const reported = ok.every((r) => r.latency!.reportedMs !== null) ? avg((r) => r.latency!.reportedMs!) : null;
  return {
    cases: ok.length,
    realtime: out / cpuPerQuantum, // pooled: all output seconds / all CPU seconds
    q99Us: avg((r) => r.timing!.q99Us),
    worstUs: Math.max(...ok.map((r) => r.timing!.worstUs)),
    overBudget: ok.reduce((s, r) => s + r.timing!.overBudget, 0),
    latencyMs: avg((r) => r.latency!.measuredMs),
    reportedMs: reported,
    readAheadMs: ok.every((r) => r.latency!.readAheadMs !== null) ? avg((r) => r.latency!.readAheadMs!) : null,
    fine: avg((r) => r.lsd!.fine),
    band: avg((r) => r.lsd!.band),
    cents: avg((r) => r.sine!.cents),
    maxAbsCents: Math.max(...ok.map((r) => Math.abs(r.sine!.cents))),
    purity: avg((r) => r.sine!.purityDb),
    rise: avg((r) => r.attacks!.riseMs),
    idealRise: avg((r) => r.attacks!.idealRiseMs),
    preEcho: avg((r) => r.attacks!.preEchoDb),
    idealPreEcho: avg((r) => r.attacks!.idealPreEchoDb),
    jitter: avg((r) => r.attacks!.jitterMs),
    duration: avg((r) => Math.abs(r.attacks!.durationErrorPct)),
  };
}

const SUMMARY_HEAD = ['engine', 'cases', '× real time', 'q99 µs', 'worst µs', '> budget', 'timeline ms', 'stream ms (claimed)',
  'LSD fine dB', 'LSD band dB', 'pitch cents (max abs)', 'purity dB', 'pre-echo dB (ideal)', 'rise ms (ideal)', 'jitter ms', 'abs duration %'];

function summaryRow(label: string, m: Means | null, reason?: string): string[] {
  if (!m) return [label, '0', reason ?? 'no case ran', ...SUMMARY_HEAD.slice(3).map(() => '')];
  return [
    label, String(m.cases), f(m.realtime, 1), f(m.q99Us, 0), f(m.worstUs, 0), String(m.overBudget),
    signed(m.latencyMs, 1), `${f(m.readAheadMs, 0)} (${f(m.reportedMs, 0)})`, f(m.fine, 2), f(m.band, 2), `${signed(m.cents, 2)} (${f(m.maxAbsCents, 2)})`,
    f(m.purity, 1), `${f(m.preEcho, 1)} (${f(m.idealPreEcho, 1)})`, `${f(m.rise, 2)} (${f(m.idealRise, 2)})`, f(m.jitter, 2), f(m.duration, 3),
  ];
}

/** Targets from issue 3, in the summary's columns. */
const TARGET_ROW = ['**target (issue 3)**', '', '≥ 100', '≤ 100', '≤ 300', '0', '0', '≤ 60 inside the engine', '≤ 2.6', '≤ 2.0',
  '≤ 0.1 every case', '≥ 65', '≤ −40', '≤ 2.5', '≤ 1', '≤ 0.01'];

function speedCells(t: SpeedStats): string[] {
  return [f(t.realtime, 1), f(t.medianUs, 1), f(t.q99Us, 0), `${f(t.worstUs, 0)} (${f(t.worstAtMs, 0)})`, String(t.overBudget)];
}

export function markdown(r: BenchResults): string {
  const out: string[] = [];
  const label = (id: string): string => r.engines.find((e) => e.id === id)?.label ?? id;
  const byEngine = (id: string): CaseResult[] => r.cases.filter((c) => c.engine === id);
  const nonIdentity = (id: string): CaseResult[] => byEngine(id).filter((c) => c.case !== 'identity');

  out.push(`# Backline benchmark: time-stretch and pitch-shift engines side by side`);
  out.push('');
  out.push(`${r.date.slice(0, 10)} · ${r.machine.cpu}, ${r.machine.nproc} cores · Node ${r.machine.node} · ${r.machine.platform}`
    + ` · material ${f(r.material.durationSeconds, 1)} s${r.options.quick ? ' (--quick)' : ''}, ${r.material.drumHits} drum hits`
    + ` · run ${f(r.runSeconds, 0)} s · load average ${f(r.machine.loadAtStart, 2)} → ${f(r.machine.loadAtEnd, 2)}`
    + `. Metrics: shared/STRETCH.md; method: docs/benchmark.md.`);
  out.push('');
  out.push('Every engine: one call per 128-frame quantum, one thread, 48 kHz stereo, streaming. Speed is CPU-time based'
    + ' (output seconds per CPU second); per-quantum times are min(wall, CPU) (see docs/benchmark.md); the budget is 2,667 µs.'
    + ' With a load average above ~1 something else shared the 2 cores: treat worst cases with care.');
  out.push('');
  out.push('## Summary: means over the non-identity cases');
  out.push('');
  const sumRows = r.engines.map((e) => {
    const rs = nonIdentity(e.id);
    const why = rs.find((c) => c.unsupported)?.unsupported;
    return summaryRow(e.id, means(rs), why);
  });
  out.push(table(SUMMARY_HEAD, [...sumRows, TARGET_ROW]));
  out.push('');
  out.push('`× real time` pools all cases (output seconds ÷ CPU seconds); q99 and worst are per quantum (min of wall and CPU'
    + ' time), `worst µs` the worst over all cases. `timeline ms`: offset of the drum onsets against the ideal timeline, after'
    + ' each engine\'s own latency compensation (Rubber Band: start pad and start delay; Signalsmith: its input and output'
    + ' latency run ahead; SoundTouch has none). `stream ms`: how far ahead of the timeline the engine had to be fed, in ms of'
    + ' output: its latency if the input arrived live; the engine\'s own figure in brackets; Backline reads its storage itself'
    + ' (\'—\').');
  out.push('');

  out.push('## Identity (speed 1, 0 semitones)');
  out.push('');
  out.push(table(SUMMARY_HEAD, r.engines.map((e) => summaryRow(e.id, means(byEngine(e.id).filter((c) => c.case === 'identity'))))));
  out.push('');

  const bl = r.engines.find((e) => e.id === 'backline');
  if (bl) {
    out.push('## Backline against each peer (ratios; absolute times vary between machines)');
    out.push('');
    const ours = { identity: means(byEngine('backline').filter((c) => c.case === 'identity')), stretched: means(nonIdentity('backline')) };
    const rows: string[][] = [];
    for (const e of r.engines) {
      if (e.id === 'backline') continue;
      const peer = { identity: means(byEngine(e.id).filter((c) => c.case === 'identity')), stretched: means(nonIdentity(e.id)) };
      for (const [what, a, b] of [
        ['identity vs identity', ours.identity, peer.identity],
        ['non-identity means', ours.stretched, peer.stretched],
        ['Backline identity vs peer non-identity', ours.stretched ? null : ours.identity, ours.stretched ? null : peer.stretched],
      ] as Array<[string, Means | null, Means | null]>) {
        if (!a || !b) continue;
        rows.push([e.id, what, `${f(a.realtime / b.realtime, 1)}×`, `${f(b.q99Us / a.q99Us, 1)}×`, `${f(b.worstUs / a.worstUs, 1)}×`,
          f(a.fine - b.fine, 2), f(a.band - b.band, 2)]);
      }
    }
    out.push(table(['peer', 'compared', 'speed (Backline ÷ peer)', 'q99 (peer ÷ Backline)', 'worst (peer ÷ Backline)',
      'Δ LSD fine dB (Backline − peer)', 'Δ LSD band dB'], rows));
    out.push('');
    if (!ours.stretched) {
      out.push('Backline ran the identity case only (this build cannot stretch or transpose): its identity is playback from'
        + ' storage, the peers\' identity still runs their stretcher at ratio 1, and the last rows compare our playback with'
        + ' their stretching. These ratios say what the budget leaves for our stretcher, not how fast it is.');
      out.push('');
    }
  }

  out.push('## Every case');
  out.push('');
  out.push(table(['engine', 'case', '× RT', 'median µs', 'q99 µs', 'worst µs (at ms)', '> budget', 'timeline ms', 'stream ms (claimed)', 'level dB', 'LSD fine / band dB',
    'pitch cents', 'purity dB', 'pre-echo dB (ideal)', 'rise ms (ideal)', 'jitter ms', 'duration %'],
  r.cases.map((c) => c.unsupported
    ? [c.engine, c.case, c.unsupported, '', '', '', '', '', '', '', '', '', '', '', '', '', '']
    : [c.engine, c.case, ...speedCells(c.timing!), signed(c.latency!.measuredMs, 1), `${f(c.latency!.readAheadMs, 0)} (${f(c.latency!.reportedMs, 0)})`,
      Math.abs(c.levelDb ?? 0) > 3 ? `**${signed(c.levelDb, 1)}**` : signed(c.levelDb, 1),
      `${f(c.lsd!.fine, 2)} / ${f(c.lsd!.band, 2)}`, signed(c.sine!.cents, 2), f(c.sine!.purityDb, 1),
      `${f(c.attacks!.preEchoDb, 1)} (${f(c.attacks!.idealPreEchoDb, 1)})`, `${f(c.attacks!.riseMs, 2)} (${f(c.attacks!.idealRiseMs, 2)})`,
      f(c.attacks!.jitterMs, 2), signed(c.attacks!.durationErrorPct, 3)])));
  out.push('');
  out.push('`level dB`: output energy re. the ideal over the whole programme, a sanity check (bold when more than 3 dB off:'
    + ' the output is broken, e.g. silent, and its other figures mean little).');
  out.push('');
  out.push('`worst µs (at ms)`: the worst quantum and when it started in the run (0 = the first quantum, where engines that'
    + ' prime inside the timed run do so).');
  out.push('');

  out.push('## LSD per section (fine / band, dB)');
  out.push('');
  out.push(table(['engine', 'case', ...SECTION_NAMES], r.cases.filter((c) => !c.unsupported).map((c) =>
    [c.engine, c.case, ...SECTION_NAMES.map((s) => {
      const x = c.lsd!.sections[s];
      return x ? `${f(x.fine, 2)} / ${f(x.band, 2)}` : '—';
    })])));
  out.push('');

  if (r.automation.length) {
    out.push('## Automation on a 440 Hz sine');
    out.push('');
    out.push('Pitch step 0 → +3 semitones at 2.0 s (speed 1): time from the command until the pitch stays within ±10 cents'
      + ' (includes the engine\'s latency), loudest 3 kHz high-passed 2 ms RMS and lowest 10 ms RMS around it, both re. the'
      + ' steady sine. Tempo ramp 0.8 → 1.25 over 5 s: pitch deviation (4-period track), glitch and dip during the ramp.');
    out.push('');
    out.push(table(['engine', 'step: time to pitch ms', 'step: glitch dB', 'step: dip dB', 'step: worst µs',
      'ramp: max dev cents', 'ramp: rms dev cents', 'ramp: glitch dB', 'ramp: dip dB', 'ramp: worst µs'],
    r.automation.map((a) => {
      const s = 'unsupported' in a.pitchStep ? null : a.pitchStep;
      const t = 'unsupported' in a.tempoRamp ? null : a.tempoRamp;
      return [a.engine,
        s ? (s.timeToPitchMs === null ? 'never' : f(s.timeToPitchMs, 1)) : (a.pitchStep as { unsupported: string }).unsupported,
        s ? f(s.glitchDb, 1) : '', s ? f(s.dipDb, 2) : '', s ? f(s.timing.worstUs, 0) : '',
        t ? f(t.maxDeviationCents, 2) : (a.tempoRamp as { unsupported: string }).unsupported,
        t ? f(t.rmsDeviationCents, 2) : '', t ? f(t.glitchDb, 1) : '', t ? f(t.dipDb, 2) : '', t ? f(t.timing.worstUs, 0) : ''];
    })));
    out.push('');
    out.push('Targets (issue 3): pitch heard within 20 ms, no glitch above −75 dB, no dip below −1 dB. For scale: an instant'
      + ' phase-continuous jump from 440 to 523 Hz scores about −53 dB glitch; a 10 ms raised-cosine glide below −75 dB.');
    out.push('');
  }

  if (r.backline) {
    const b = r.backline;
    out.push('## Backline: memory and 16 stems');
    out.push('');
    out.push(`- Memory: ${f(b.bytesPerStereoStemMinute / 1e6, 2)} MB of stem storage per stereo stem-minute at 48 kHz`
      + ` (trackBytes() after trackReserve(2,880,000 frames, 1 stem)); ${f(b.configuredBytes / 1e6, 2)} MB of wasm memory after configure(48000, 128).`);
    if (b.stems16 && 'coreShare' in b.stems16) {
      const s = b.stems16;
      out.push(`- 16 stereo stems at once (${s.case}): ${f(s.coreShare * 100, 2)} % of one core; median ${f(s.timing.medianUs, 1)} µs,`
        + ` q99 ${f(s.timing.q99Us, 0)} µs, worst ${f(s.timing.worstUs, 0)} µs per quantum, ${s.timing.overBudget} over budget;`
        + ` wasm memory growth ${s.memoryGrowth} bytes.`);
    } else if (b.stems16) {
      out.push(`- 16 stems: ${b.stems16.unsupported}`);
    }
    const growth = r.cases.filter((c) => c.engine === 'backline' && c.memoryGrowth);
    if (growth.length) out.push(`- **wasm memory grew during ${growth.map((c) => c.case).join(', ')}**`);
    out.push('');
  }

  out.push('## Engines');
  out.push('');
  for (const e of r.engines) out.push(`- \`${e.id}\`: ${label(e.id)}. ${e.notes}.`);
  out.push('');
  return out.join('\n');
}
