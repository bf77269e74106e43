/**
 * The benchmark's measurements, exactly as defined in shared/STRETCH.md ("Metric definitions"):
 * alignment (latency), log-spectral distance (fine and 40 bands), sine pitch error and purity,
 * attacks (rise time, pre-echo), onset timing (duration error, jitter) and the automation responses.
 * Every function compares an engine's output with the ideal output of material.ts, or (automation)
 * with the known sine. Inputs are never modified.
 *
 * Thread: the benchmark's main thread only.
 */
import { blackmanHarris, butterworth, db, fft, hann, movingRms, powerSpectra2 } from './fft.js';
import { SAMPLE_RATE, type Cents, type Decibels, type Millis, type Stereo } from './types.js';

const ms = (frames: number, sr = SAMPLE_RATE): Millis => (frames / sr) * 1000;
const frames = (millis: Millis, sr = SAMPLE_RATE): number => (millis / 1000) * sr;

function mono(x: Stereo): Float64Array {
  const out = new Float64Array(x.left.length);
  for (let i = 0; i < out.length; i++) out[i] = 0.5 * (x.left[i] + x.right[i]);
  return out;
}

/** out[n + lag] (zero outside), `length` frames: the output brought onto the ideal timeline. */
export function shift(x: Float32Array, lag: number, length: number): Float32Array {
  const y = new Float32Array(length);
  for (let n = 0; n < length; n++) {
    const i = n + lag;
    if (i >= 0 && i < x.length) y[n] = x[i];
  }
  return y;
}

// ---------------------------------------------------------------------------------------------
// Alignment

export interface Alignment {
  /** Output frame = ideal frame + lag: the latency against the ideal timeline. */
  lag: number;
  latencyMs: Millis;
  /** Normalised waveform correlation at the lag (1 = identical shape). */
  correlation: number;
  /** 'waveform' when the sample-exact refinement was trusted, else 'envelope' (1 ms envelopes). */
  method: 'waveform' | 'envelope';
}

/**
 * Find the output's latency against the ideal: cross-correlate 1 ms RMS envelopes of the mono sums
 * over lags `minLagMs…maxLagMs`, then refine on the waveform within ±2 ms of that. The waveform lag
 * is kept only where the waveforms clearly correlate (≥ 0.5); stretched noise and re-phased partials
 * do not, and the envelope lag (±0.5 ms) is used instead.
 */
export function align(out: Stereo, ideal: Stereo, minLagMs = -20, maxLagMs = 600): Alignment {
  const a = mono(ideal);
  const b = mono(out);
  const block = 48;
  const env = (x: Float64Array): Float64Array => {
    const e = new Float64Array(Math.floor(x.length / block));
    for (let i = 0; i < e.length; i++) {
      let s = 0;
      for (let j = 0; j < block; j++) s += x[i * block + j] ** 2;
      e[i] = Math.sqrt(s / block);
    }
    const mean = e.reduce((p, v) => p + v, 0) / Math.max(1, e.length);
    for (let i = 0; i < e.length; i++) e[i] -= mean;
    return e;
  };
  const ea = env(a);
  const eb = env(b);
  const lo = Math.round(minLagMs);
  const hi = Math.round(maxLagMs);
  const scores = new Float64Array(hi - lo + 1);
  let best = lo;
  for (let lag = lo; lag <= hi; lag++) {
    let s = 0, na = 0, nb = 0;
    for (let i = 0; i < ea.length; i++) {
      const j = i + lag;
      if (j < 0 || j >= eb.length) continue;
      s += ea[i] * eb[j];
      na += ea[i] * ea[i];
      nb += eb[j] * eb[j];
    }
    scores[lag - lo] = na > 0 && nb > 0 ? s / Math.sqrt(na * nb) : 0;
    if (scores[lag - lo] > scores[best - lo]) best = lag;
  }
  let coarse = best * block;
  const k = best - lo;
  if (k > 0 && k < scores.length - 1) {
    const [y0, y1, y2] = [scores[k - 1], scores[k], scores[k + 1]];
    const d = y0 - 2 * y1 + y2;
    if (d < 0) coarse += (0.5 * (y0 - y2) / d) * block;
  }
  coarse = Math.round(coarse);

  // Waveform refinement, ±2 ms.
  const span = 96;
  let bestLag = coarse;
  let bestCorr = -Infinity;
  let ea2 = 0;
  for (let i = 0; i < a.length; i++) ea2 += a[i] * a[i];
  for (let lag = coarse - span; lag <= coarse + span; lag++) {
    let s = 0, nb = 0;
    const i0 = Math.max(0, -lag);
    const i1 = Math.min(a.length, b.length - lag);
    for (let i = i0; i < i1; i++) {
      const y = b[i + lag];
      s += a[i] * y;
      nb += y * y;
    }
    const c = ea2 > 0 && nb > 0 ? s / Math.sqrt(ea2 * nb) : 0;
    if (c > bestCorr) {
      bestCorr = c;
      bestLag = lag;
    }
  }
  const trusted = bestCorr >= 0.5 && Math.abs(bestLag - coarse) < span;
  const lag = trusted ? bestLag : coarse;
  return { lag, latencyMs: ms(lag), correlation: bestCorr, method: trusted ? 'waveform' : 'envelope' };
}

/**
 * The lag (frames) that best aligns `out` with `ideal` within ideal frames [start, end), searched
 * within ±`rangeMs` of `around`: 1 ms RMS envelopes correlated, a parabola through the peak, then a
 * waveform refinement within ±0.5 ms that is kept only where the waveforms correlate (≥ 0.5). Used
 * per section, so an engine whose timing wanders (WSOLA) is compared where it actually is.
 */
export function localLag(out: Stereo, ideal: Stereo, spanStart: number, spanEnd: number, around: number, rangeMs = 30): number {
  const start = Math.max(0, Math.round(spanStart));
  const end = Math.round(spanEnd);
  const a = mono(ideal);
  const b = mono(out);
  const block = 48;
  const s0 = Math.max(0, Math.floor(start / block));
  const s1 = Math.min(Math.floor(a.length / block), Math.floor(end / block));
  if (s1 - s0 < 10) return around;
  const envAt = (x: Float64Array, i: number, offset: number): number => {
    let s = 0;
    for (let j = 0; j < block; j++) {
      const k = i * block + j + offset;
      if (k >= 0 && k < x.length) s += x[k] * x[k];
    }
    return Math.sqrt(s / block);
  };
  const ea = new Float64Array(s1 - s0);
  for (let i = s0; i < s1; i++) ea[i - s0] = envAt(a, i, 0);
  const ma = ea.reduce((p, v) => p + v, 0) / ea.length;
  const range = Math.round(rangeMs);
  const scores = new Float64Array(2 * range + 1);
  let best = 0;
  for (let k = -range; k <= range; k++) {
    const offset = around + k * block;
    let s = 0, na = 0, nb = 0, mb = 0;
    const eb = new Float64Array(ea.length);
    for (let i = s0; i < s1; i++) mb += (eb[i - s0] = envAt(b, i, offset));
    mb /= eb.length;
    for (let i = 0; i < ea.length; i++) {
      s += (ea[i] - ma) * (eb[i] - mb);
      na += (ea[i] - ma) ** 2;
      nb += (eb[i] - mb) ** 2;
    }
    scores[k + range] = na > 0 && nb > 0 ? s / Math.sqrt(na * nb) : 0;
    if (scores[k + range] > scores[best + range]) best = k;
  }
  let lag = around + best * block;
  const i = best + range;
  if (i > 0 && i < scores.length - 1) {
    const d = scores[i - 1] - 2 * scores[i] + scores[i + 1];
    if (d < 0) lag += ((0.5 * (scores[i - 1] - scores[i + 1])) / d) * block;
  }
  lag = Math.round(lag);
  // Waveform refinement, ±0.5 ms.
  let bestLag = lag;
  let bestCorr = -Infinity;
  for (let l = lag - 24; l <= lag + 24; l++) {
    let s = 0, na = 0, nb = 0;
    for (let n = start; n < Math.min(end, a.length); n++) {
      const k = n + l;
      const y = k >= 0 && k < b.length ? b[k] : 0;
      s += a[n] * y;
      na += a[n] * a[n];
      nb += y * y;
    }
    const c = na > 0 && nb > 0 ? s / Math.sqrt(na * nb) : 0;
    if (c > bestCorr) {
      bestCorr = c;
      bestLag = l;
    }
  }
  return bestCorr >= 0.5 ? bestLag : lag;
}

// ---------------------------------------------------------------------------------------------
// Log-spectral distance

export const LSD_FFT = 2048;
export const LSD_HOP = 512;
export const LSD_LOW_HZ = 50;
export const LSD_HIGH_HZ = 16000;
export const LSD_BANDS = 40;
/** Frame-relative floor and silence threshold: −60 dB. */
const FLOOR = 1e-6;

/** A span of the ideal timeline (frames, half-open) that LSD is also reported for. */
export interface Span {
  name: string;
  start: number;
  end: number;
  /** Output frame = ideal frame + lag inside this span (default: lsd()'s `lag`). */
  lag?: number;
}

export interface LsdResult {
  fine: Decibels;
  band: Decibels;
  /** Frames that counted (not silent in both). */
  frames: number;
  sections: Record<string, { fine: Decibels; band: Decibels; frames: number }>;
}

/**
 * LSD between `out` and `ideal`, output frame = ideal frame + lag (per span, else `lag`): 2048-point Hann STFT,
 * hop 512; per frame and channel, both power spectra are floored at −60 dB below the larger of the
 * two spectra's maximum in 50 Hz–16 kHz, then
 *   fine = √(mean over bins of (10·log10 Po/Pi)²),  band = the same over 40 log-spaced bands' energies
 * (a band narrower than a bin takes the power interpolated at its centre). A frame is skipped when
 * both signals are silent in it (energy 60 dB below the ideal's loudest frame). Channels are averaged
 * per frame; the result is the mean over the counted frames, overall and per span (by frame centre).
 */
export function lsd(out: Stereo, ideal: Stereo, spans: Span[] = [], lag = 0, sr = SAMPLE_RATE): LsdResult {
  const n = LSD_FFT;
  const window = hann(n);
  const df = sr / n;
  const kLo = Math.ceil(LSD_LOW_HZ / df);
  const kHi = Math.floor(LSD_HIGH_HZ / df);
  const nb = kHi - kLo + 1;
  // Bands: bins whose centre lies in [edge j, edge j+1); empty bands interpolate at the centre.
  const edges = Array.from({ length: LSD_BANDS + 1 }, (_, j) => LSD_LOW_HZ * Math.pow(LSD_HIGH_HZ / LSD_LOW_HZ, j / LSD_BANDS));
  const bandBins: Array<{ k0: number; k1: number; interp?: { k: number; frac: number } }> = [];
  for (let j = 0; j < LSD_BANDS; j++) {
    const k0 = Math.ceil(edges[j] / df);
    const k1 = Math.min(Math.ceil(edges[j + 1] / df), kHi + 1);
    if (k1 > k0) bandBins.push({ k0, k1 });
    else {
      const centre = Math.sqrt(edges[j] * edges[j + 1]) / df;
      bandBins.push({ k0, k1, interp: { k: Math.floor(centre), frac: centre - Math.floor(centre) } });
    }
  }
  const length = ideal.left.length;
  const count = Math.max(0, Math.floor((length - n) / LSD_HOP) + 1);
  const re = new Float64Array(n);
  const im = new Float64Array(n);
  const specs = [0, 1].map(() => ({ pi: new Float64Array(n / 2 + 1), po: new Float64Array(n / 2 + 1) }));
  const bi = new Float64Array(LSD_BANDS);
  const bo = new Float64Array(LSD_BANDS);

  // The output frame that goes with ideal frame f (zeros outside the output).
  const segL = new Float32Array(n);
  const segR = new Float32Array(n);
  const lagOf = (f: number): number => {
    const centre = f * LSD_HOP + n / 2;
    const s = spans.find((x) => centre >= x.start && centre < x.end);
    return s?.lag ?? lag;
  };
  const outFrame = (f: number): Stereo => {
    const a = f * LSD_HOP + lagOf(f);
    for (const [src, dst] of [[out.left, segL], [out.right, segR]] as const) {
      if (a >= 0 && a + n <= src.length) dst.set(src.subarray(a, a + n));
      else for (let i = 0; i < n; i++) dst[i] = a + i >= 0 && a + i < src.length ? src[a + i] : 0;
    }
    return { left: segL, right: segR };
  };
  // Pass 1: frame energies of the ideal, for the silence threshold.
  const energy = (x: Stereo, offset: number): number => {
    let e = 0;
    for (const ch of [x.left, x.right]) {
      for (let i = 0; i < n; i++) e += (ch[offset + i] * window[i]) ** 2;
    }
    return e;
  };
  const frameEnergy = (x: Stereo, f: number): number => energy(x, f * LSD_HOP);
  const idealEnergy = new Float64Array(count);
  let maxEnergy = 0;
  for (let f = 0; f < count; f++) {
    idealEnergy[f] = frameEnergy(ideal, f);
    maxEnergy = Math.max(maxEnergy, idealEnergy[f]);
  }
  const silent = maxEnergy * FLOOR;

  const totals = { fine: 0, band: 0, frames: 0 };
  const perSpan = new Map<string, { fine: number; band: number; frames: number }>();
  for (const s of spans) perSpan.set(s.name, { fine: 0, band: 0, frames: 0 });

  for (let f = 0; f < count; f++) {
    const o = outFrame(f);
    if (idealEnergy[f] < silent && energy(o, 0) < silent) continue;
    const off = f * LSD_HOP;
    const chans: Array<[Float32Array, Float32Array]> = [[ideal.left, o.left], [ideal.right, o.right]];
    let fineSum = 0;
    let bandSum = 0;
    chans.forEach(([ci, co], c) => {
      const { pi, po } = specs[c];
      powerSpectra2(ci.subarray(off, off + n), co, window, re, im, pi, po);
      let peak = 0;
      for (let k = kLo; k <= kHi; k++) peak = Math.max(peak, pi[k], po[k]);
      const fl = Math.max(peak * FLOOR, 1e-30);
      let s = 0;
      for (let k = kLo; k <= kHi; k++) {
        const d = db(Math.max(po[k], fl) / Math.max(pi[k], fl));
        s += d * d;
      }
      fineSum += Math.sqrt(s / nb);
      let bpeak = 0;
      bandBins.forEach((b, j) => {
        if (b.interp) {
          const { k, frac } = b.interp;
          bi[j] = pi[k] * (1 - frac) + pi[k + 1] * frac;
          bo[j] = po[k] * (1 - frac) + po[k + 1] * frac;
        } else {
          let si = 0, so = 0;
          for (let k = b.k0; k < b.k1; k++) { si += pi[k]; so += po[k]; }
          bi[j] = si;
          bo[j] = so;
        }
        bpeak = Math.max(bpeak, bi[j], bo[j]);
      });
      const bfl = Math.max(bpeak * FLOOR, 1e-30);
      let sb = 0;
      for (let j = 0; j < LSD_BANDS; j++) {
        const d = db(Math.max(bo[j], bfl) / Math.max(bi[j], bfl));
        sb += d * d;
      }
      bandSum += Math.sqrt(sb / LSD_BANDS);
    });
    const fine = fineSum / 2;
    const band = bandSum / 2;
    totals.fine += fine;
    totals.band += band;
    totals.frames++;
    const centre = off + n / 2;
    for (const s of spans) {
      if (centre >= s.start && centre < s.end) {
        const acc = perSpan.get(s.name)!;
        acc.fine += fine;
        acc.band += band;
        acc.frames++;
      }
    }
  }
  const mean = (acc: { fine: number; band: number; frames: number }) => ({
    fine: acc.frames ? acc.fine / acc.frames : NaN,
    band: acc.frames ? acc.band / acc.frames : NaN,
    frames: acc.frames,
  });
  const sections: LsdResult['sections'] = {};
  for (const [name, acc] of perSpan) sections[name] = mean(acc);
  return { ...mean(totals), sections };
}

// ---------------------------------------------------------------------------------------------
// Sine: pitch error and purity

export interface SineResult {
  freq: number;
  /** 1200·log2(measured / target). */
  cents: Cents;
  /** Energy within ±6 bins of the peak versus all the rest (4-term Blackman-Harris, no padding). */
  purityDb: Decibels;
}

/**
 * Measure the sine in `x` (mono, on the ideal timeline) between frames `start` and `end`: the
 * centred power-of-two stretch (≤ 65536) of it, Hann-windowed and zero-padded ×8, peak refined by a
 * parabola through the log magnitudes; purity on the same samples with a Blackman-Harris window.
 */
export function sine(x: Stereo, start: number, end: number, target: number, sr = SAMPLE_RATE): SineResult {
  const m = mono(x);
  let n = 1;
  while (n * 2 <= Math.min(65536, end - start)) n *= 2;
  const s0 = Math.floor((start + end - n) / 2);
  const seg = m.subarray(s0, s0 + n);

  const pad = 8;
  const N = n * pad;
  const re = new Float64Array(N);
  const im = new Float64Array(N);
  const w = hann(n);
  for (let i = 0; i < n; i++) re[i] = seg[i] * w[i];
  fft(re, im);
  const mag = (k: number): number => Math.log(Math.hypot(re[k], im[k]) + 1e-300);
  const kMin = Math.floor(((target / Math.pow(2, 1 / 12)) * N) / sr);
  const kMax = Math.ceil(((target * Math.pow(2, 1 / 12)) * N) / sr);
  let kp = kMin;
  for (let k = kMin; k <= kMax; k++) if (mag(k) > mag(kp)) kp = k;
  const [y0, y1, y2] = [mag(kp - 1), mag(kp), mag(kp + 1)];
  const d = y0 - 2 * y1 + y2;
  const delta = d < 0 ? (0.5 * (y0 - y2)) / d : 0;
  const freq = ((kp + delta) * sr) / N;

  const bh = blackmanHarris(n);
  const pr = new Float64Array(n);
  const pim = new Float64Array(n);
  for (let i = 0; i < n; i++) pr[i] = seg[i] * bh[i];
  fft(pr, pim);
  const k0 = Math.round((freq * n) / sr);
  let inside = 0, outside = 0;
  for (let k = 1; k <= n / 2; k++) {
    const p = pr[k] * pr[k] + pim[k] * pim[k];
    if (Math.abs(k - k0) <= 6) inside += p;
    else outside += p;
  }
  return { freq, cents: 1200 * Math.log2(freq / target), purityDb: db(inside / Math.max(outside, 1e-300)) };
}

// ---------------------------------------------------------------------------------------------
// Attacks and timing

export const ATTACK_HP_HZ = 2000;
const ENVELOPE_FRAMES = 97; // ≈ 2 ms, odd so the window is centred

/** The 2 kHz high-passed (4th-order Butterworth) mono signal and its centred 2 ms RMS envelope. */
export function attackEnvelope(x: Stereo, sr = SAMPLE_RATE): { hp: Float64Array; env: Float64Array } {
  const hp = butterworth(mono(x), 'highpass', ATTACK_HP_HZ, 4, sr);
  return { hp, env: movingRms(hp, ENVELOPE_FRAMES) };
}

interface Onset {
  /** The 50% crossing of the envelope's rise (fractional frame): the onset as realised. */
  at: number;
  riseMs: Millis;
  preEchoDb: Decibels;
}

/**
 * The onset near `expected` (±25 ms): the envelope peak within the search window, its 50%, 10% and
 * 90% crossings walking back from the peak (at most 30 ms); pre-echo is the RMS of the high-passed
 * signal 3–30 ms before the 50% crossing, relative to the envelope peak.
 */
function detectOnset(hp: Float64Array, env: Float64Array, expected: number, sr: number): Onset | null {
  const lo = Math.max(1, Math.round(expected - frames(25, sr)));
  const hi = Math.min(env.length - 1, Math.round(expected + frames(25, sr)));
  if (hi <= lo) return null;
  let p = lo;
  for (let i = lo; i <= hi; i++) if (env[i] > env[p]) p = i;
  const peak = env[p];
  if (!(peak > 0)) return null;
  const limit = Math.max(1, p - Math.round(frames(30, sr)));
  const crossing = (level: number): number => {
    for (let i = p; i > limit; i--) {
      if (env[i - 1] < level) return i - 1 + (level - env[i - 1]) / (env[i] - env[i - 1]);
    }
    return limit;
  };
  const at = crossing(0.5 * peak);
  const riseMs = ms(crossing(0.9 * peak) - crossing(0.1 * peak), sr);
  const a = Math.max(0, Math.round(at - frames(30, sr)));
  const b = Math.max(a + 1, Math.round(at - frames(3, sr)));
  let e = 0;
  for (let i = a; i < b; i++) e += hp[i] * hp[i];
  const rms = Math.sqrt(e / (b - a));
  return { at, riseMs, preEchoDb: 20 * Math.log10(Math.max(rms, 1e-12) / peak) };
}

export interface AttackResult {
  /** Mean 10–90% rise time of the output, and of the ideal (ground truth). */
  riseMs: Millis;
  idealRiseMs: Millis;
  /** Mean pre-echo (dB re. each hit's peak), output and ideal. */
  preEchoDb: Decibels;
  idealPreEchoDb: Decibels;
  /** (slope − 1)·100 of detected output onsets regressed on detected ideal onsets. */
  durationErrorPct: number;
  /** RMS residual of that regression. */
  jitterMs: Millis;
  /** Mean offset output − ideal onset: the latency seen by the drums. */
  onsetLatencyMs: Millis;
  hits: number;
  missed: number;
}

/**
 * Attacks and timing at the known drum onsets (`onsets`: ideal-timeline frames). Output onsets are
 * searched near the ideal's detected onset + `lag`; each is measured where it actually is, so timing
 * errors are reported as jitter and not as pre-echo.
 */
export function attacks(out: Stereo, ideal: Stereo, onsets: number[], lag: number, sr = SAMPLE_RATE): AttackResult {
  const io = attackEnvelope(ideal, sr);
  const oo = attackEnvelope(out, sr);
  const xs: number[] = [];
  const ys: number[] = [];
  let rise = 0, idealRise = 0, pre = 0, idealPre = 0, missed = 0;
  for (const o of onsets) {
    const a = detectOnset(io.hp, io.env, o, sr);
    if (!a) { missed++; continue; }
    const b = detectOnset(oo.hp, oo.env, a.at + lag, sr);
    if (!b) { missed++; continue; }
    xs.push(a.at);
    ys.push(b.at);
    rise += b.riseMs;
    idealRise += a.riseMs;
    pre += b.preEchoDb;
    idealPre += a.preEchoDb;
  }
  const h = xs.length;
  const mx = xs.reduce((s, v) => s + v, 0) / h;
  const my = ys.reduce((s, v) => s + v, 0) / h;
  let sxy = 0, sxx = 0;
  for (let i = 0; i < h; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  let res = 0;
  for (let i = 0; i < h; i++) res += (ys[i] - (my + slope * (xs[i] - mx))) ** 2;
  return {
    riseMs: rise / h,
    idealRiseMs: idealRise / h,
    preEchoDb: pre / h,
    idealPreEchoDb: idealPre / h,
    durationErrorPct: (slope - 1) * 100,
    jitterMs: ms(Math.sqrt(res / h), sr),
    onsetLatencyMs: ms(my - mx, sr),
    hits: h,
    missed,
  };
}

// ---------------------------------------------------------------------------------------------
// Automation (on a sine)

/** Per-period frequency track of a sine: 4-period spans between upward zero crossings. */
export function pitchTrack(x: Stereo, sr = SAMPLE_RATE): { t: Float64Array; f: Float64Array } {
  let m = butterworth(mono(x), 'highpass', 100, 2, sr);
  m = butterworth(m, 'lowpass', 1500, 4, sr);
  const level = movingRms(m, 481);
  let top = 0;
  for (const v of level) top = Math.max(top, v);
  const zs: number[] = [];
  for (let i = 1; i < m.length; i++) {
    if (m[i - 1] < 0 && m[i] >= 0 && level[i] > top * 0.01) zs.push(i - 1 + -m[i - 1] / (m[i] - m[i - 1]));
  }
  const span = 4;
  const count = Math.max(0, zs.length - span);
  const t = new Float64Array(count);
  const f = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const d = zs[i + span] - zs[i];
    t[i] = (zs[i + span] + zs[i]) / 2;
    f[i] = (span * sr) / d;
  }
  return { t, f };
}

export interface Disturbance {
  /** Loudest 2 ms RMS of the 3 kHz high-passed (8th order) output in the window, dB re. the sine's RMS. */
  glitchDb: Decibels;
  /** Lowest 10 ms RMS in the window, dB re. the steady RMS (0 = no dip). */
  dipDb: Decibels;
}

function disturbance(x: Stereo, from: number, to: number, steadyFrom: number, steadyTo: number, sr: number): Disturbance {
  const m = mono(x);
  let s = 0;
  for (let i = steadyFrom; i < steadyTo; i++) s += m[i] * m[i];
  const steady = Math.sqrt(s / Math.max(1, steadyTo - steadyFrom));
  const hp = movingRms(butterworth(m, 'highpass', 3000, 8, sr), ENVELOPE_FRAMES);
  const lvl = movingRms(m, 481);
  let g = 0;
  let dip = Infinity;
  for (let i = Math.max(0, from); i < Math.min(m.length, to); i++) {
    g = Math.max(g, hp[i]);
    dip = Math.min(dip, lvl[i]);
  }
  return { glitchDb: 20 * Math.log10(Math.max(g, 1e-12) / steady), dipDb: 20 * Math.log10(Math.max(dip, 1e-12) / steady) };
}

export interface StepResult extends Disturbance {
  /** From the command to the moment the pitch is within ±10 cents of the target for good; null = never. */
  timeToPitchMs: Millis | null;
}

/**
 * A pitch step commanded at output frame `step`: the time until the tracked pitch settles within
 * ±10 cents of `target` (and stays there until 100 ms before the end), counted from the command;
 * glitch and dip in [step − 10 ms, step + latency + 300 ms], against the steady sine before the step.
 */
export function pitchStep(x: Stereo, step: number, target: number, latency: number, sr = SAMPLE_RATE): StepResult {
  const { t, f } = pitchTrack(x, sr);
  const endT = x.left.length - frames(100, sr);
  let settled: number | null = null;
  for (let i = t.length - 1; i >= 0; i--) {
    if (t[i] > endT) continue;
    if (Math.abs(1200 * Math.log2(f[i] / target)) > 10) break;
    if (t[i] >= step) settled = t[i];
  }
  const d = disturbance(x, step - frames(10, sr), step + latency + frames(300, sr), Math.round(frames(500, sr)), step - frames(50, sr), sr);
  return { ...d, timeToPitchMs: settled === null ? null : ms(settled - step, sr) };
}

export interface RampResult extends Disturbance {
  /** Largest |pitch − target| during the ramp (4-period track), cents. */
  maxDeviationCents: Cents;
  rmsDeviationCents: Cents;
}

/** A tempo ramp over output frames [from, to) (shifted by the engine's latency): the sine must stay put. */
export function tempoRamp(x: Stereo, from: number, to: number, target: number, latency: number, sr = SAMPLE_RATE): RampResult {
  const a = from + latency;
  const b = to + latency;
  const { t, f } = pitchTrack(x, sr);
  let max = 0, sum = 0, n = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] < a || t[i] >= b) continue;
    const c = Math.abs(1200 * Math.log2(f[i] / target));
    max = Math.max(max, c);
    sum += c * c;
    n++;
  }
  const d = disturbance(x, a, b, Math.max(0, a - frames(600, sr)), a - frames(100, sr), sr);
  return { ...d, maxDeviationCents: n ? max : NaN, rmsDeviationCents: n ? Math.sqrt(sum / n) : NaN };
}

