/**
 * All of a case's quality metrics for one output, in the order that makes them robust:
 * 1. a global alignment (envelopes, then waveform) to find the drums;
 * 2. attacks and timing at the known drum onsets: their mean offset is *the* latency against the
 *    ideal timeline (onsets are sharp, so this does not depend on how an engine re-phases partials);
 * 3. per section, the local lag within ±30 ms of that (an engine whose timing wanders is compared
 *    where it is; the wandering itself is reported as jitter);
 * 4. LSD per section with those lags, and the sine's pitch and purity at the sine section's lag.
 *
 * Thread: the benchmark's main thread only.
 */
import type { Programme } from './material.js';
import { align, attacks, localLag, lsd, shift, sine, type AttackResult, type LsdResult, type SineResult, type Span } from './metrics.js';
import { SAMPLE_RATE, type BenchCase, type Millis, type Stereo } from './types.js';

const sr = SAMPLE_RATE;

export interface CaseMeasures {
  latency: {
    /** Mean offset of the drum onsets (output − ideal): the latency against the ideal timeline. */
    measuredMs: Millis;
    /** The global alignment's figure, and how it was found. */
    alignMs: Millis;
    method: 'waveform' | 'envelope';
    correlation: number;
    /** Lag used for each section's LSD. */
    sectionLagsMs: Record<string, Millis>;
  };
  lsd: LsdResult;
  sine: SineResult;
  attacks: AttackResult;
  /** Output energy over the ideal's span (at the latency) re. the ideal's, dB: a sanity check (≈ 0). */
  levelDb: number;
}

function level(out: Stereo, ideal: Stereo, lag: number): number {
  let eo = 0, ei = 0;
  for (const [o, i] of [[out.left, ideal.left], [out.right, ideal.right]] as const) {
    for (let n = 0; n < i.length; n++) {
      const k = n + lag;
      const y = k >= 0 && k < o.length ? o[k] : 0;
      eo += y * y;
      ei += i[n] * i[n];
    }
  }
  return 10 * Math.log10(Math.max(eo, 1e-30) / ei);
}

export function measureCase(out: Stereo, ideal: Stereo, p: Programme, c: BenchCase): CaseMeasures {
  const al = align(out, ideal);
  const a = attacks(out, ideal, p.drumOnsets.map((o) => (o / c.speed) * sr), al.lag);
  const lag = a.hits >= 3 ? Math.round((a.onsetLatencyMs / 1000) * sr) : al.lag;
  const spans: Span[] = p.sections.map((s) => {
    const start = (s.start / c.speed) * sr;
    const end = (s.end / c.speed) * sr;
    return { name: s.name, start, end, lag: localLag(out, ideal, start, end, lag) };
  });
  const sectionLagsMs: Record<string, Millis> = {};
  spans.forEach((s, i) => { sectionLagsMs[`${s.name}${p.sections.slice(0, i).some((x) => x.name === s.name) ? '2' : ''}`] = (s.lag! / sr) * 1000; });

  const sineSpan = spans.find((s) => s.name === 'sine')!;
  const n = ideal.left.length;
  const onTimeline = { left: shift(out.left, sineSpan.lag!, n), right: shift(out.right, sineSpan.lag!, n) };
  const target = p.sine.freq * Math.pow(2, c.semitones / 12);
  return {
    latency: { measuredMs: a.hits >= 3 ? a.onsetLatencyMs : al.latencyMs, alignMs: al.latencyMs, method: al.method, correlation: al.correlation, sectionLagsMs },
    lsd: lsd(out, ideal, spans, lag),
    sine: sine(onTimeline, (p.sine.steadyStart / c.speed) * sr, (p.sine.steadyEnd / c.speed) * sr, target),
    attacks: a,
    levelDb: level(out, ideal, lag),
  };
}
