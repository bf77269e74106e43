// Real-time contract: the time-stretch / pitch-shift stage (docs/stretch.md). Every buffer (FFT
// tables, windows, resampler kernel, shared spectra, and the state of each of the VOICES × MAX_STEMS
// stretchers) is laid out by stretchConfigure() from configure(). stretchRender() runs in process():
// it never allocates or grows memory, every loop is bounded (frames per call ≤ a fixed count per
// output chunk), and the output is finite (the mixer sanitises it anyway).
//
// Method (docs/stretch.md, "Algorithm"): a phase vocoder with a FIXED synthesis hop Hs on an
// internal time axis u, whose analysis frames are read straight from stem storage at the source
// position the voice's time map gives for each synthesis frame centre. The phase advance of a bin is
// the phase difference between two analysis frames exactly Hs apart around that position, so no
// unwrapping is needed and rate changes glide. Phases are computed on the mid (L+R) spectrum and the
// same rotation applied to both channels; identity phase locking (Laroche & Dolson 1999) keeps each
// partial coherent across its bins. Transients: a source-domain onset scanner runs ahead, and the
// frames around an onset read the source at rate 1 with rotation 1 (the onset lock: exact timing, no
// pre-echo; such identity frames are overlap-added in the time domain, no FFT); the start of a voice
// is locked the same way (priming with 0 latency). Pitch: the stretcher runs at source rate rate/f
// on u, and a band-limited polyphase resampler reads u at f samples per output frame (its kernel's
// cutoff scales with f when transposing up, so it never aliases).
// Work spreading: a frame is two halves (analyse, synthesise) that may run in different calls.

import { MAX_STEMS, VOICES } from './constants';
import { fftConfigure, fftM, fftTableBytes, irfft, rfft } from './fft';
import { readStem } from './reader';
import { stemChannels } from './storage';
import { currentVoice } from './transport';

/** Synthesis window length N at 48 kHz (scaled by a power of two with the sample rate); Hs = N / OVERLAP. */
export const BASE_FRAME: i32 = 4096;
export const OVERLAP: i32 = 4;
/**
 * Resampler kernels: Kaiser-windowed sincs, one table per scale s_j = 2^(j/6), j = 0 … RS_TABLES − 1
 * (1 … 4 in steps of 2 semitones). Table j has cutoff RS_CUTOFF / s_j (cycles per sample of u), so
 * reading u at f ≤ s_j never aliases, and half-width W_j = RS_HALF × s_j (rounded up to even) taps.
 * Transposing by f > 1 uses the smallest s_j ≥ f: the output passband ends at about
 * 17 kHz × f / s_j at 48 kHz (15–17 kHz), see docs/stretch.md.
 */
export const RS_HALF: i32 = 16;
const RS_TABLES: i32 = 13;
/** Phases per sample: table 0 (f ≤ 1, the common case) is finer; the others see band-limited z. */
const RS_PHASES0: i32 = 4096;
const RS_PHASES: i32 = 1024;
const RS_CUTOFF: f64 = 0.45;
const RS_BETA: f64 = 9;
/** Kaiser window lookup resolution (linear interpolation), so configure() needs few Bessel series. */
const KAISER_STEPS: i32 = 4096;
/** A change of transposition glides linearly over this many seconds (a step would be a slope click). */
const GLIDE_SECONDS: f64 = 0.01;
let glideFrames: i32 = 480;
/** Output is produced in chunks of at most this many frames (bounds the frames generated per chunk). */
const CHUNK: i32 = 128;
/** Onset detector: share of (audible) bins rising by > 3 dB, and the total energy rise, both needed. */
const ONSET_SHARE: f64 = 0.4;
const ONSET_ENERGY: f64 = 2.0;
/** Frames after an onset before another can fire. */
const ONSET_HOLDOFF: i32 = 3;
/**
 * Source-domain onset scanner (transient lock, docs/stretch.md): blocks of SCAN_BLOCK source frames
 * (aligned on absolute positions, so a seek finds the same onsets), energy of the first difference of
 * L + R; an onset is a block SCAN_RISE × louder than each of the SCAN_HISTORY blocks before it and
 * above SCAN_FLOOR per frame. QUEUE onsets can wait ahead of the frames.
 */
const SCAN_BLOCK: i32 = 64;
const SCAN_HISTORY: i32 = 8;
const SCAN_RISE: f32 = 20;
const SCAN_FLOOR: f32 = 1e-7;
const QUEUE: i32 = 8;

/**
 * The parts of a frame, of similar cost, which work spreading may run in different calls:
 * A: position, then the two spectra Hs before (mid and side) → PART_PREV;
 * B: the two spectra now, onsets, rotations, the synthesis spectra → PART_READY;
 * S: two inverse FFTs, overlap-add, shift-out → PART_NONE.
 * An identity (locked) or silent frame is overlap-added in A already → PART_DONE (S only shifts).
 */
const PART_NONE: i32 = 0;
const PART_READY: i32 = 1;
const PART_DONE: i32 = 2;
const PART_PREV: i32 = 3;

/** Number of stretcher states: one per (voice, stem). */
const STATES: i32 = VOICES * MAX_STEMS;

@unmanaged
class State {
  /** 0: must be primed before the next output. */
  primed: i32;
  /** The rotation of the next frame is 1 (after priming, silence or an onset). */
  reset: i32;
  slot: i32;
  stem: i32;
  sinceOnset: i32;
  channels: i32;
  /** u of the next output sample, and of the next synthesis frame's centre. */
  uPos: f64;
  nextC: f64;
  /** Context frame the next call must start at (anything else re-primes). */
  tNext: f64;
  /** Pitch factor f now (the resampler's read rate); it glides to the target over GLIDE frames. */
  pitch: f64;
  pitchTarget: f64;
  pitchStep: f64;
  glideLeft: i32;
  /** Onset scanner: 0 until the first frame starts it (lockStart); source frames before scanPos
   *  are scanned; the last sample of each channel; holdoff. */
  scanOn: i32;
  /** 1 from priming until the first render tries primeFill(). */
  fresh: i32;
  scanPos: f64;
  scanLast: f32;
  scanLastR: f32;
  scanHold: i32;
  /** Onsets found ahead (source frames), a FIFO of up to QUEUE in the state's buffer. */
  qHead: i32;
  qCount: i32;
  /** The onset the previous frame was locked to, or −1. */
  lockedTo: f64;
  /** The previous frame was an identity frame rendered in the time domain: its mid spectrum (the
   *  phase reference of the next phase-vocoder frame) is computed only if a next frame needs it. */
  pendingP: f64;
  pending: i32;
  /** Progress of the next frame (PART_*): its parts may run in different calls. */
  staged: i32;
  /** The source position part A chose for the next frame. */
  frameP: f64;
  /** The process call this stretcher last rendered in, and the voice map of that render. */
  lastQ: i32;
  /** The process call it was last primed in. */
  primedQ: i32;
  mSong: f64;
  mCtx: f64;
  mRate: f64;
}
/** Sized from the struct itself (a fixed size silently overlapped neighbouring states once it grew). */
const STATE_BYTES: i32 = (<i32>offsetof<State>() + 15) & ~15;
const STATE_TABLE = memory.data(STATES * STATE_BYTES);

@inline function state(i: i32): State {
  return changetype<State>(STATE_TABLE + <usize>(i * STATE_BYTES));
}

export let frameN: i32 = 0;
export let hop: i32 = 0;
let bins4: i32 = 0; // M + 1 rounded up to 4
let zCap: i32 = 0; // z ring capacity (power of two)
let stStride: usize = 0;
let stBase: usize = 0;
// Shared buffers.
let winA: usize = 0; // analysis Hann, N
let winS: usize = 0; // synthesis Hann × OLA normalisation × 1/M, N
let winT: usize = 0; // winA × winS × M: an identity frame overlap-added in the time domain
let primeGain: usize = 0; // Σ winT of the priming frames at u in [−Hs, N) (primeFill), N + Hs
let frL: usize = 0;
let frR: usize = 0;
let frP: usize = 0;
let frQ: usize = 0;
let wRe: usize = 0;
let wIm: usize = 0;
let xlRe: usize = 0;
let xlIm: usize = 0;
let xrRe: usize = 0;
let xrIm: usize = 0;
let xmRe: usize = 0;
let xmIm: usize = 0;
let xsRe: usize = 0; // side (L − R) spectrum now
let xsIm: usize = 0;
let rRe: usize = 0;
let rIm: usize = 0;
let mag: usize = 0;
let magP: usize = 0;
let peaks: usize = 0;
let kernel: usize = 0;
/** Per table: byte offset of its taps, half-width, phases. */
const RS_INFO = memory.data(RS_TABLES * 16);
@inline function tabBase(j: i32): usize { return kernel + load<usize>(RS_INFO + <usize>(j * 16)); }
@inline function tabHalf(j: i32): i32 { return load<i32>(RS_INFO + <usize>(j * 16 + 4)); }
@inline function tabPhases(j: i32): i32 { return load<i32>(RS_INFO + <usize>(j * 16 + 8)); }
@inline function tabScale(j: i32): f64 { return Math.pow(2, <f64>j / 6); }

/** Half-width of table j. */
function halfFor(j: i32): i32 {
  const w = <i32>Math.ceil(<f64>RS_HALF * tabScale(j) - 1e-9);
  return (w + 1) & ~1;
}

/** Taps (floats) all tables take. */
function kernelFloats(): i32 {
  let t = 0;
  for (let j = 0; j < RS_TABLES; j++) t += (j == 0 ? RS_PHASES0 : RS_PHASES) * 2 * halfFor(j);
  return t;
}

/** The table for reading u at up to f per output frame. */
function tableFor(f: f64): i32 {
  if (f <= 1) return 0;
  const j = <i32>Math.ceil(6 * Math.log2(f) - 1e-9);
  return min(max(j, 0), RS_TABLES - 1);
}
/** Process-call counter for work spreading. */
let quantum: i32 = 0;
let hopQuanta: i32 = 1;

@inline function al(x: usize): usize {
  return (x + 15) & ~(<usize>15);
}
@inline function fa(p: usize, i: i32): f32 {
  return load<f32>(p + (<usize>i << 2));
}
@inline function sa(p: usize, i: i32, v: f32): void {
  store<f32>(p + (<usize>i << 2), v);
}

/** Real FFT size for a sample rate: BASE_FRAME × the power of two nearest rate / 48 kHz. */
export function frameFor(rate: f64): i32 {
  let n = BASE_FRAME;
  const ratio = rate / 48000;
  if (ratio >= 1) {
    let r = ratio;
    while (r >= 1.5 && n < 16384) { n <<= 1; r *= 0.5; }
  } else {
    let r = ratio;
    while (r < 0.75 && n > 256) { n >>= 1; r *= 2; }
  }
  return n;
}

/** Bytes stretchConfigure() needs at this sample rate. */
export function stretchBytes(rate: f64): u64 {
  const n = frameFor(rate);
  const m = n >> 1;
  const b4 = ((m + 1) + 3) & ~3;
  const z = n << 1;
  const shared = <u64>fftTableBytes(n) + <u64>(n * 9 + m * 2 + b4 * 16) * 4
    + <u64>(b4 * 4) + <u64>kernelFloats() * 4 + <u64>(KAISER_STEPS + 1) * 4 + 1024
    + <u64>(GAIN_ROWS * (GAIN_STEPS + 1)) * 4 + 16;
  const per = <u64>(n * 2 + z * 4 + b4 * 12 + 16 + QUEUE * 2) * 4 + 64;
  return shared + per * <u64>STATES;
}

function bessel0(x: f64): f64 {
  let sum = 1.0, term = 1.0;
  const q = x * x / 4;
  for (let k = 1; k < 40; k++) {
    term *= q / (<f64>k * <f64>k);
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

/** Lay out and fill every stretch buffer at `base` (memory already there). Returns the end. configure() only. */
export function stretchConfigure(rate: f64, base: usize): usize {
  const n = frameFor(rate);
  let p = fftConfigure(n, al(base));
  const m = fftM;
  frameN = n;
  hop = n / OVERLAP;
  hopQuanta = max(1, hop / 128);
  glideFrames = max(1, <i32>Math.round(GLIDE_SECONDS * rate));
  bins4 = ((m + 1) + 3) & ~3;
  zCap = n << 1;
  const nb = <usize>n << 2;
  const bb = <usize>bins4 << 2;
  winA = p; p = al(p + nb);
  winS = p; p = al(p + nb);
  winT = p; p = al(p + nb);
  primeGain = p; p = al(p + (<usize>(n + hop) << 2));
  gainTable = p; p = al(p + (<usize>(GAIN_ROWS * (GAIN_STEPS + 1)) << 2));
  frL = p; p = al(p + nb);
  frR = p; p = al(p + nb);
  frP = p; p = al(p + nb);
  frQ = p; p = al(p + nb);
  wRe = p; p = al(p + (<usize>m << 2));
  wIm = p; p = al(p + (<usize>m << 2));
  xlRe = p; p += bb; xlIm = p; p += bb;
  xrRe = p; p += bb; xrIm = p; p += bb;
  xmRe = p; p += bb; xmIm = p; p += bb;
  xsRe = p; p += bb; xsIm = p; p += bb;
  rRe = p; p += bb; rIm = p; p += bb;
  mag = p; p += bb; magP = p; p += bb;
  peaks = p; p += bb;
  const kaiser = p; p = al(p + (<usize>(KAISER_STEPS + 1) << 2));
  kernel = p; p = al(p + (<usize>kernelFloats() << 2));
  // Periodic Hann; Σ_k hann²(n − k·N/4) = 3/2, and irfft returns M × the samples.
  const norm = 1.0 / (1.5 * <f64>m) * (4.0 / <f64>OVERLAP);
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos(2 * Math.PI * <f64>i / <f64>n);
    sa(winA, i, <f32>w);
    sa(winS, i, <f32>(w * norm));
    sa(winT, i, <f32>(w * w * norm * <f64>m));
  }
  // Overlap-add power gains at lags 0–3 hops (coherenceGain).
  let a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0;
  for (let t = 0; t < hop; t++) {
    for (let k = 0; k < OVERLAP; k++) {
      const wk = <f64>fa(winT, t + k * hop);
      a0 += wk * wk;
      if (k + 1 < OVERLAP) a1 += wk * <f64>fa(winT, t + (k + 1) * hop);
      if (k + 2 < OVERLAP) a2 += wk * <f64>fa(winT, t + (k + 2) * hop);
      if (k + 3 < OVERLAP) a3 += wk * <f64>fa(winT, t + (k + 3) * hop);
    }
  }
  a0 /= <f64>hop; a1 /= <f64>hop; a2 /= <f64>hop; a3 /= <f64>hop;
  for (let r = 0; r < GAIN_ROWS; r++) {
    const hops = 1 + <f64>r / <f64>GAIN_HOP_STEPS;
    for (let k = 0; k <= GAIN_STEPS; k++) {
      const rho = Math.pow(<f64>k / <f64>GAIN_STEPS, hops);
      const gp = a0 + 2 * rho * (a1 + rho * (a2 + rho * a3));
      store<f32>(gainTable + (<usize>(r * (GAIN_STEPS + 1) + k) << 2), <f32>(1.0 / Math.sqrt(gp)));
    }
  }
  // The priming frames are centred at c = k0·Hs … N/2 (k0 = 1 − N/2Hs, prime()); u = k − Hs.
  for (let k = 0; k < n + hop; k++) {
    const u = k - hop;
    let g: f32 = 0;
    for (let c = hop - (n >> 1); c <= (n >> 1); c += hop) {
      const w = u - c + (n >> 1);
      if (w >= 0 && w < n) g += fa(winT, w);
    }
    sa(primeGain, k, g);
  }
  // Kaiser window on a grid of r² ∈ [0, 1] (the window is a function of 1 − r²).
  const i0b = bessel0(RS_BETA);
  for (let k = 0; k <= KAISER_STEPS; k++) {
    const r2 = <f64>k / <f64>KAISER_STEPS;
    sa(kaiser, k, <f32>(bessel0(RS_BETA * Math.sqrt(1 - r2)) / i0b));
  }
  // Per table: taps for offsets t = −W+1 … W at fraction ph / P, each phase summing to 1.
  let off: usize = 0;
  for (let tj = 0; tj < RS_TABLES; tj++) {
    const w = halfFor(tj);
    const phases = tj == 0 ? RS_PHASES0 : RS_PHASES;
    const cut = RS_CUTOFF / tabScale(tj);
    store<usize>(RS_INFO + <usize>(tj * 16), off);
    store<i32>(RS_INFO + <usize>(tj * 16 + 4), w);
    store<i32>(RS_INFO + <usize>(tj * 16 + 8), phases);
    const base = kernel + off;
    // sin(π·2cut·x) for consecutive taps by rotation (one sin/cos pair per phase, not per tap).
    const d = Math.PI * 2 * cut;
    const cd = Math.cos(d), sd = Math.sin(d);
    for (let ph = 0; ph < phases; ph++) {
      const frac = <f64>ph / <f64>phases;
      let sum = 0.0;
      const a0 = d * (<f64>(1 - w) - frac);
      let sn = Math.sin(a0), cs = Math.cos(a0);
      for (let j = 0; j < 2 * w; j++) {
        const x = <f64>(j - w + 1) - frac;
        const arg = d * x;
        const sinc = Math.abs(arg) < 1e-12 ? 1.0 : sn / arg;
        const nsn = sn * cd + cs * sd;
        cs = cs * cd - sn * sd;
        sn = nsn;
        const r = x / <f64>w;
        let win = 0.0;
        if (r * r < 1) {
          const g = r * r * <f64>KAISER_STEPS;
          const k = <i32>g;
          const a = <f64>fa(kaiser, k);
          win = k >= KAISER_STEPS ? a : a + (<f64>fa(kaiser, k + 1) - a) * (g - <f64>k);
        }
        const h = sinc * win;
        sum += h;
        sa(base, ph * 2 * w + j, <f32>h);
      }
      for (let j = 0; j < 2 * w; j++) {
        const a = ph * 2 * w + j;
        sa(base, a, <f32>(<f64>fa(base, a) / sum));
      }
    }
    off += <usize>(phases * 2 * w) << 2;
  }
  stStride = al(<usize>(n * 2 + zCap * 4 + bins4 * 12 + 16 + QUEUE * 2) << 2);
  stBase = al(p);
  p = stBase + stStride * <usize>STATES;
  // Spectra are padded to a multiple of 4 bins that no transform writes: zero the shared buffers
  // and every state once, so SIMD loops over the padding see zeros whatever an earlier configure()
  // left there (the tables between them were just written).
  memory.fill(frL, 0, kaiser - frL);
  memory.fill(stBase, 0, p - stBase);
  memory.fill(STATE_TABLE, 0, <usize>(STATES * STATE_BYTES));
  quantum = 0;
  spent = 0;
  budget = 0;
  return al(p);
}

// Per-state buffers.
@inline function accL(i: i32): usize { return stBase + <usize>i * stStride; }
@inline function accR(i: i32): usize { return accL(i) + (<usize>frameN << 2); }
@inline function zL(i: i32): usize { return accL(i) + (<usize>(frameN * 2) << 2); }
@inline function zR(i: i32): usize { return zL(i) + (<usize>(zCap * 2) << 2); }
@inline function pyRe(i: i32): usize { return zL(i) + (<usize>(zCap * 4) << 2); }
@inline function pyIm(i: i32): usize { return pyRe(i) + (<usize>bins4 << 2); }
/** Scanner energy history (f32 × 16, ring of SCAN_HISTORY used) and the onset queue (f64 × QUEUE). */
@inline function hist(i: i32): usize { return pyIm(i) + (<usize>bins4 << 2); }
@inline function queue(i: i32): usize { return hist(i) + 64; }
/** The staged frame's synthesis spectra, f32 × bins4 each. */
@inline function yLRe(i: i32): usize { return queue(i) + (<usize>(QUEUE * 2) << 2); }
@inline function yLIm(i: i32): usize { return yLRe(i) + (<usize>bins4 << 2); }
@inline function yRRe(i: i32): usize { return yLIm(i) + (<usize>bins4 << 2); }
@inline function yRIm(i: i32): usize { return yRRe(i) + (<usize>bins4 << 2); }
/** The previous frame's rotated side spectrum (the phase reference where the side is louder). */
@inline function psRe(i: i32): usize { return yRIm(i) + (<usize>bins4 << 2); }
@inline function psIm(i: i32): usize { return psRe(i) + (<usize>bins4 << 2); }
/** The analysis spectra Hs before the frame (mid, or the one channel; side), from part A. */
@inline function xpRe(i: i32): usize { return psIm(i) + (<usize>bins4 << 2); }
@inline function xpIm(i: i32): usize { return xpRe(i) + (<usize>bins4 << 2); }
@inline function xqRe(i: i32): usize { return xpIm(i) + (<usize>bins4 << 2); }
@inline function xqIm(i: i32): usize { return xqRe(i) + (<usize>bins4 << 2); }

/** Forget a stretcher: it primes itself before its next output (voice start, seek, track switch). */
export function stretchForget(i: i32): void {
  state(i).primed = 0;
}

/**
 * Work units spent in this call (forced frame parts and priming), in units of a typical frame part
 * (two forward or two inverse FFTs of a stereo stem). Costs below are relative to that.
 */
let spent: f64 = 0;
/** The look-ahead pass's token bucket (stretchTick), in the same units. */
let budget: f64 = 0;
const COST_PART: f64 = 1;
const COST_PART_B: f64 = 1.2;
const COST_PENDING: f64 = 1; // part A's extra spectra after an identity frame
const COST_IDENTITY: f64 = 0.3; // an identity frame, in the time domain
const COST_SHIFT: f64 = 0.2; // part S of an identity or silent frame
const COST_PRIME: f64 = 0.4; // primeFill: scan and one read
/** Units a phase-vocoder frame costs (A + B + S). */
const COST_FRAME: f64 = COST_PART + COST_PART_B + COST_PART;
/** Look-ahead: a stretcher may run a part when it has less than this many hops of z ready (+ need). */
const AHEAD_HOPS: f64 = 1.5;
/** A candidate whose slack (calls it can still serve minus parts its frame needs) is below this
 *  runs even beyond the budget: otherwise its next call would have to force the whole frame. */
const URGENT: f64 = 1;
/** Candidates of the look-ahead pass, sorted by slack: slack (f64), calls left (f64), units left
 *  (f64) and the stretcher index (i32). */
const CAND_BYTES: i32 = 32;
const CAND = memory.data(STATES * CAND_BYTES);
@inline function candF(k: i32, field: i32): f64 { return load<f64>(CAND + <usize>(k * CAND_BYTES + field * 8)); }

/**
 * End of a process call: the look-ahead pass (work spreading), then count the call. Every stretcher
 * of the current voice rendered in this call whose z is less than AHEAD_HOPS ahead of need is a
 * candidate; earliest deadline first (least slack), each runs one frame part while the call's budget
 * lasts (urgent ones regardless). The budget is what the current voice needs per call on average,
 * COST_FRAME × Σ f / H units (each stretcher consumes f frames per hop; H calls per hop), plus one,
 * minus what this call already spent (priming, forced parts). A fading voice gets none: it ends
 * within a ramp. So a play or seek (every stretcher priming) adds nothing else to its call, the next
 * calls share the new voice's first frames, and steady calls run the same work each.
 */
export function stretchTick(): void {
  const cur = currentVoice();
  let count = 0;
  let demand: f64 = 0;
  for (let i = 0; i < STATES; i++) {
    const st = state(i);
    if (st.lastQ != quantum || st.primed == 0 || i / MAX_STEMS != cur) continue;
    const f = max(st.pitch, st.pitchTarget);
    demand += f;
    const w = <f64>tabHalf(tableFor(f));
    const ze = zEnd(st);
    if (ze > Math.floor(st.uPos + f * <f64>CHUNK) + w + AHEAD_HOPS * <f64>hop) continue;
    const s = st.staged;
    const left = s == PART_NONE ? 3 : s == PART_PREV ? 2 : 1;
    const units = s == PART_NONE ? COST_FRAME + (st.pending != 0 && st.reset == 0 ? COST_PENDING : 0)
      : s == PART_PREV ? COST_PART_B + COST_PART : s == PART_READY ? COST_PART : COST_SHIFT;
    const calls = (ze - w - st.uPos) / (f * <f64>CHUNK);
    const slack = calls - <f64>left;
    // Insertion into the sorted candidates (at most MAX_STEMS).
    let k = count;
    while (k > 0 && candF(k - 1, 0) > slack) {
      memory.copy(CAND + <usize>(k * CAND_BYTES), CAND + <usize>((k - 1) * CAND_BYTES), <usize>CAND_BYTES);
      k--;
    }
    const at = CAND + <usize>(k * CAND_BYTES);
    store<f64>(at, slack);
    store<f64>(at, calls, 8);
    store<f64>(at, units, 16);
    store<i32>(at, i, 24);
    count++;
  }
  // What the deadlines require this call: the largest (units due by a deadline) / (calls to it),
  // over the candidates in deadline order (after a seek every new stretcher's first frame is due
  // within the same hop; spread evenly, not left to turn urgent together).
  // The same for parts (one per stretcher per call): each needs `left` calls of its own.
  let required: f64 = 0;
  let due: f64 = 0;
  let partsNeeded: f64 = 0;
  let partsDue: f64 = 0;
  for (let k = 0; k < count; k++) {
    const calls = max(candF(k, 1), 1.0);
    due += candF(k, 2);
    required = max(required, due / calls);
    partsDue += candF(k, 1) - candF(k, 0); // calls − slack: the parts its frame still needs
    partsNeeded = max(partsNeeded, partsDue / calls);
  }
  let partsLeft = <i32>Math.ceil(partsNeeded - 1e-9);
  // The budget is a token bucket: each call adds the average need and what it spends (priming,
  // forced parts, then the parts run here) is taken out. At most one call's need plus one part is
  // saved up (the calls after an idle one are not a burst), and an overdraft (urgent parts) is not
  // carried over: carried debt would hold every stretcher back until all of them turn urgent at once.
  const need = COST_FRAME * demand / <f64>hopQuanta;
  budget = max(min(max(budget, 0) + need, need + COST_PART), required) - spent;
  for (let k = 0; k < count; k++) {
    const slack = candF(k, 0);
    if (budget <= 0 && partsLeft <= 0 && slack >= URGENT) break;
    const i = load<i32>(CAND + <usize>(k * CAND_BYTES + 24));
    const st = state(i);
    if (st.primedQ == quantum && slack >= URGENT) continue; // its priming was this call's share
    partsLeft--;
    // The stretcher's map as its render left it (t(u) linked at the end of the block).
    mapSong = st.mSong;
    mapCtx = st.mCtx;
    mapRate = st.mRate;
    blockT = st.tNext;
    blockU = st.uPos;
    blockPitch = st.pitchTarget;
    const before = spent;
    partFrame(i, st.channels);
    budget -= spent - before;
  }
  workRun += spent;
  spent = 0;
  quantum = (quantum + 1) & 0x3fffffff;
}

/** The source-position map of the voice being rendered: p(t) = song + (t − ctx) × rate. */
let mapSong: f64 = 0;
let mapCtx: f64 = 0;
let mapRate: f64 = 1;
/** The block's link between u and context time: t(u) = blockT + (u − blockU) / pitch. */
let blockT: f64 = 0;
let blockU: f64 = 0;
let blockPitch: f64 = 1;

function prime(i: i32, slot: i32, stem: i32): void {
  const st = state(i);
  const n = frameN;
  const hs = hop;
  st.primed = 1;
  st.reset = 1;
  st.slot = slot;
  st.stem = stem;
  st.sinceOnset = ONSET_HOLDOFF;
  st.uPos = 0;
  // Start untransposed and glide: the first output is the source itself (see the start lock), so
  // the crossfade from a direct read (or from silence) meets the same signal.
  st.pitch = 1;
  st.pitchTarget = 1;
  st.glideLeft = 0;
  st.pitchStep = 0;
  st.scanOn = 0; // started by the first frame
  st.fresh = 1;
  st.primedQ = quantum;
  st.qHead = 0;
  st.qCount = 0;
  st.lockedTo = -1;
  st.pending = 0;
  st.staged = PART_NONE;
  // First frame: the first whose window covers u = 0 (frames k0 … N/2Hs are needed before the first
  // output). The resampler's left taps (u = −W … −1) then miss the tail of the frame before, which is
  // at most hann(W/N)² ≈ −64 dB and falls within the voice's fade-in.
  const k0 = 1 - (n / 2) / hs;
  st.nextC = <f64>(k0 * hs);
  memory.fill(accL(i), 0, <usize>(n * 2) << 2);
}

/** First z index not yet final. */
@inline function zEnd(st: State): f64 {
  return st.nextC - <f64>(frameN >> 1);
}

/** dst = a × q (complex, split). */
@inline function cmul(dr: usize, di: usize, re: usize, im: usize, qr: usize, qi: usize, n: i32): void {
  for (let b = 0; b < n; b += 4) {
    const o = <usize>b << 2;
    const ar = v128.load(re + o), ai = v128.load(im + o);
    const br = v128.load(qr + o), bi = v128.load(qi + o);
    v128.store(dr + o, f32x4.sub(f32x4.mul(ar, br), f32x4.mul(ai, bi)));
    v128.store(di + o, f32x4.add(f32x4.mul(ar, bi), f32x4.mul(ai, br)));
  }
}

/** a ← a + b (mid), b ← a − b (side), in place. */
@inline function midSide(a: usize, b: usize, n: i32): void {
  for (let k = 0; k < n; k += 4) {
    const o = <usize>k << 2;
    const x = v128.load(a + o), y = v128.load(b + o);
    v128.store(a + o, f32x4.add(x, y));
    v128.store(b + o, f32x4.sub(x, y));
  }
}

@inline function powerAdd(re: usize, im: usize, dst: usize, n: i32): void {
  for (let b = 0; b < n; b += 4) {
    const o = <usize>b << 2;
    const r = v128.load(re + o), m = v128.load(im + o);
    v128.store(dst + o, f32x4.add(v128.load(dst + o), f32x4.add(f32x4.mul(r, r), f32x4.mul(m, m))));
  }
}

@inline function power(re: usize, im: usize, dst: usize, n: i32): void {
  for (let b = 0; b < n; b += 4) {
    const o = <usize>b << 2;
    const r = v128.load(re + o), m = v128.load(im + o);
    v128.store(dst + o, f32x4.add(f32x4.mul(r, r), f32x4.mul(m, m)));
  }
}

/** Read N frames of the stem centred on source frame c into a (and b if stereo); zeros if silent. */
function readFrame(slot: i32, stem: i32, c: f64, a: usize, b: usize): i32 {
  const n = frameN;
  const ch = readStem(slot, stem, c - <f64>(n >> 1), n, a, b);
  if (ch == 0) {
    memory.fill(a, 0, <usize>n << 2);
    memory.fill(b, 0, <usize>n << 2);
  }
  return ch;
}

/**
 * Make Hs more samples of z final: run the rest of the next frame's parts. Returns the parts run.
 */
function genFrame(i: i32, channels: i32): i32 {
  let parts = 1;
  while (partFrame(i, channels)) parts++;
  return parts;
}

/** Frame parts run since the last probeParts() (a deterministic measure of work per call). */
let partsRun: i32 = 0;
/** Work units since the last probeWork(). */
let workRun: f64 = 0;

/** Run the next part of a frame; true if the frame is not finished yet. */
function partFrame(i: i32, channels: i32): bool {
  partsRun++;
  const s = state(i).staged;
  if (s == PART_NONE) { partA(i, channels); return true; }
  if (s == PART_PREV) { partB(i, channels); return true; }
  synthesise(i, channels);
  return false;
}

function synthesise(i: i32, channels: i32): void {
  const st = state(i);
  const stereo = channels == 2;
  spent += st.staged == PART_READY ? COST_PART : COST_SHIFT;
  if (st.staged == PART_READY) {
    overlapAdd(yLRe(i), yLIm(i), accL(i));
    if (stereo) overlapAdd(yRRe(i), yRIm(i), accR(i));
  }
  st.staged = PART_NONE;
  finishFrame(i, stereo);
}

/** Part A of frame nextC: its position; identity frames are done here; else the spectra Hs before. */
function partA(i: i32, channels: i32): void {
  const st = state(i);
  const n = frameN;
  const hs = hop;
  const c = st.nextC;
  const t = blockT + (c - blockU) / blockPitch;
  const pMap = mapSong + (t - mapCtx) * mapRate;
  const p = lockedPosition(i, c, pMap, channels);
  const stereo = channels == 2;
  // Locked frames are identity frames (rate 1 around the onset, rotation exactly 1, see
  // lockedPosition): IFFT(FFT(x·wa))·ws = x·wa·ws, so they need no FFT at all.
  if (st.lockedTo >= 0) {
    const ch = readFrame(st.slot, st.stem, p, frL, frR);
    spent += COST_IDENTITY;
    st.sinceOnset++;
    if (ch == 0) {
      st.reset = 1;
      st.pending = 0;
    } else {
      timeOverlapAdd(frL, accL(i));
      if (stereo) timeOverlapAdd(frR, accR(i));
      st.reset = 0;
      st.pending = 1;
      st.pendingP = p;
    }
    st.staged = PART_DONE;
    return;
  }
  spent += COST_PART;
  if (st.pending != 0) {
    st.pending = 0;
    if (st.reset == 0) {
      spent += COST_PENDING;
      // The phase references the identity frame did not compute: its mid and side spectra (rotation 1).
      readFrame(st.slot, st.stem, st.pendingP, frP, frQ);
      if (stereo) {
        midSide(frP, frQ, n);
        rfft(frQ, winA, wRe, wIm, psRe(i), psIm(i));
      }
      rfft(frP, winA, wRe, wIm, pyRe(i), pyIm(i));
    }
  }
  readFrame(st.slot, st.stem, p - <f64>hs, frP, frQ);
  if (stereo) {
    midSide(frP, frQ, n);
    rfft(frQ, winA, wRe, wIm, xqRe(i), xqIm(i));
  }
  rfft(frP, winA, wRe, wIm, xpRe(i), xpIm(i));
  st.frameP = p;
  st.staged = PART_PREV;
}

/** Part B: the spectra now, onsets, rotations, and the synthesis spectra (yL/yR, and the references). */
function partB(i: i32, channels: i32): void {
  const st = state(i);
  const m = fftM;
  const nb = m + 1;
  const stereo = channels == 2;
  const chA = readFrame(st.slot, st.stem, st.frameP, frL, frR);
  spent += chA == 0 ? COST_SHIFT : COST_PART_B;
  if (chA == 0) {
    // Silence now: nothing to add; the next audible frame starts from the analysis phases.
    st.reset = 1;
    st.staged = PART_DONE;
  } else {
    rfft(frL, winA, wRe, wIm, xlRe, xlIm);
    if (stereo) {
      rfft(frR, winA, wRe, wIm, xrRe, xrIm);
      for (let b = 0; b < bins4; b += 4) {
        const o = <usize>b << 2;
        const lr = v128.load(xlRe + o), li = v128.load(xlIm + o);
        const rr = v128.load(xrRe + o), ri = v128.load(xrIm + o);
        v128.store(xmRe + o, f32x4.add(lr, rr));
        v128.store(xmIm + o, f32x4.add(li, ri));
        v128.store(xsRe + o, f32x4.sub(lr, rr));
        v128.store(xsIm + o, f32x4.sub(li, ri));
      }
    } else {
      memory.copy(xmRe, xlRe, <usize>bins4 << 2);
      memory.copy(xmIm, xlIm, <usize>bins4 << 2);
    }
    // Peaks and onsets on |M|² + |S|² = 2(|L|² + |R|²) (stereo), now and Hs before.
    power(xmRe, xmIm, mag, bins4);
    power(xpRe(i), xpIm(i), magP, bins4);
    if (stereo) {
      powerAdd(xsRe, xsIm, mag, bins4);
      powerAdd(xqRe(i), xqIm(i), magP, bins4);
    }
    // Onset: many bins rising by > 3 dB and the energy rising too. (SIMD over bins4: the padding
    // bins beyond M are 0 in both spectra, so they add nothing and never count.)
    let ve = f32x4.splat(0), vp = f32x4.splat(0), vm = f32x4.splat(0);
    for (let b = 0; b < bins4; b += 4) {
      const o = <usize>b << 2;
      const x = v128.load(mag + o);
      ve = f32x4.add(ve, x);
      vp = f32x4.add(vp, v128.load(magP + o));
      vm = f32x4.max(vm, x);
    }
    const e = <f64>(f32x4.extract_lane(ve, 0) + f32x4.extract_lane(ve, 1) + f32x4.extract_lane(ve, 2) + f32x4.extract_lane(ve, 3));
    const ep = <f64>(f32x4.extract_lane(vp, 0) + f32x4.extract_lane(vp, 1) + f32x4.extract_lane(vp, 2) + f32x4.extract_lane(vp, 3));
    const peak = max(max(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)), max(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)));
    const floor = peak * 1e-8;
    const vf = f32x4.splat(floor);
    const two = f32x4.splat(2);
    let va = i32x4.splat(0), vr = i32x4.splat(0);
    for (let b = 0; b < bins4; b += 4) {
      const o = <usize>b << 2;
      const x = v128.load(mag + o);
      const loud = f32x4.gt(x, vf);
      va = i32x4.sub(va, loud); // a true lane is −1
      vr = i32x4.sub(vr, v128.and(loud, f32x4.gt(x, f32x4.mul(two, v128.load(magP + o)))));
    }
    const audible = i32x4.extract_lane(va, 0) + i32x4.extract_lane(va, 1) + i32x4.extract_lane(va, 2) + i32x4.extract_lane(va, 3);
    const rising = i32x4.extract_lane(vr, 0) + i32x4.extract_lane(vr, 1) + i32x4.extract_lane(vr, 2) + i32x4.extract_lane(vr, 3);
    st.sinceOnset++;
    if (st.lockedTo < 0 && audible > 0 && st.sinceOnset > ONSET_HOLDOFF && <f64>rising > ONSET_SHARE * <f64>audible && e > ONSET_ENERGY * ep) {
      st.reset = 1;
      st.sinceOnset = 0;
    }
    rotations(i, st.reset != 0, floor, stereo);
    st.reset = 0;
    cmul(yLRe(i), yLIm(i), xlRe, xlIm, rRe, rIm, bins4);
    cmul(pyRe(i), pyIm(i), xmRe, xmIm, rRe, rIm, bins4);
    if (stereo) {
      cmul(yRRe(i), yRIm(i), xrRe, xrIm, rRe, rIm, bins4);
      cmul(psRe(i), psIm(i), xsRe, xsIm, rRe, rIm, bins4);
    }
    st.staged = PART_READY;
  }
}

/** Hs samples are final: to the z ring (mirrored, so reads of up to zCap never wrap); shift acc. */
function finishFrame(i: i32, stereo: bool): void {
  const st = state(i);
  const z0 = <i64>zEnd(st);
  const mask = <i64>(zCap - 1);
  shiftOut(accL(i), zL(i), z0, mask);
  if (stereo) shiftOut(accR(i), zR(i), z0, mask);
  st.nextC += <f64>hop;
}

/** acc += x × wa × ws (an identity frame, no transform). */
function timeOverlapAdd(x: usize, acc: usize): void {
  for (let k = 0; k < frameN; k += 4) {
    const o = <usize>k << 2;
    v128.store(acc + o, f32x4.add(v128.load(acc + o), f32x4.mul(v128.load(x + o), v128.load(winT + o))));
  }
}

/**
 * Transient lock: the source position of the frame centred at u = c. Normally the map's (pMap).
 * When the frame's window (in u or in the source) reaches an onset a that the map puts at u_a, the
 * frame reads a + (c − u_a) instead: every frame around the onset agrees where it lands (exactly
 * where the map puts it) and, rate 1 there with the analysis phases (reset on entering), they
 * overlap-add back to the source: no smear, no pre-echo. Outside locks positions follow the map, so
 * the timeline never drifts; the material skipped or repeated at the lock's ends is absorbed by the
 * phase vocoder like any other rate.
 */
function lockedPosition(i: i32, c: f64, pMap: f64, channels: i32): f64 {
  const st = state(i);
  if (st.scanOn == 0) lockStart(i, pMap);
  scan(i, pMap + lookAhead(), channels);
  const q = queue(i);
  while (st.qCount > 0) {
    const a = load<f64>(q + (<usize>st.qHead << 3));
    const ua = onsetU(a);
    if (c - ua > <f64>(frameN >> 1) && pMap - a >= <f64>(frameN >> 1)) { // behind this frame for good
      st.qHead = (st.qHead + 1) % QUEUE;
      st.qCount--;
      continue;
    }
    break;
  }
  const best = bestOnset(i, c, pMap);
  if (best < 0) {
    st.lockedTo = -1;
    return Math.floor(pMap + 0.5);
  }
  if (st.lockedTo != best) st.reset = 1;
  st.lockedTo = best;
  return Math.floor(best - bestU + 0.5) + c;
}

/** How far ahead of a frame's map position the scanner must have looked (onsets whose u reaches it). */
@inline function lookAhead(): f64 {
  return <f64>(frameN >> 1) * max(1.0, mapRate / blockPitch) + <f64>(2 * hop);
}

/** u at which the map puts source frame a (in the block being rendered). */
@inline function onsetU(a: f64): f64 {
  return blockU + (mapCtx + (a - mapSong) / mapRate - blockT) * blockPitch;
}

/**
 * The first frame after priming: start the scanner SCAN_HISTORY blocks before the first window, and
 * queue the start lock: the source position the map gives for u = 0 (the first output sample) is
 * treated as an onset, so the frames around it are rate 1 with the analysis phases and the first
 * output samples are the source itself (a seek starts crisp; crossing speed 1 meets the direct read
 * in phase). It is rounded up, so the map puts it at u in [0, f/rate): every frame whose window
 * reaches u in [0, Hs) (c <= N/2) locks to it, and the first hop of output is exactly the source.
 */
function lockStart(i: i32, pMap: f64): void {
  const st = state(i);
  const half = <f64>(frameN >> 1);
  st.scanOn = 1;
  st.scanPos = Math.floor((pMap - half) / <f64>SCAN_BLOCK) * <f64>SCAN_BLOCK - <f64>(SCAN_BLOCK * SCAN_HISTORY);
  st.scanHold = SCAN_HISTORY; // the history is empty: no onsets from the first blocks
  st.scanLast = 0;
  st.scanLastR = 0;
  memory.fill(hist(i), 0, 64);
  const a0 = mapSong + (blockT - blockU / blockPitch - mapCtx) * mapRate;
  store<f64>(queue(i) + (<usize>st.qHead << 3), Math.ceil(a0 - 1e-9));
  st.qCount = 1;
}

/** u of the onset bestOnset() returned. */
let bestU: f64 = 0;

/**
 * The queued onset the frame centred at u = c (map position pMap) locks to: the nearest in u among
 * those whose window reaches it (in u, |c − u_a| <= N/2, or in the source, |pMap − a| < N/2); −1 if none.
 */
function bestOnset(i: i32, c: f64, pMap: f64): f64 {
  const st = state(i);
  const half = <f64>(frameN >> 1);
  const q = queue(i);
  let best: f64 = -1;
  let bestD: f64 = Infinity;
  for (let k = 0; k < st.qCount; k++) {
    const a = load<f64>(q + (<usize>((st.qHead + k) % QUEUE) << 3));
    const ua = onsetU(a);
    const d = Math.abs(c - ua);
    if (d <= half || Math.abs(pMap - a) < half) {
      if (d < bestD) { bestD = d; best = a; bestU = ua; }
    }
  }
  return best;
}

/**
 * Priming without frames: when every frame whose window reaches the first hop of output (c from
 * k0·Hs to N/2) locks to the start onset, they are identity frames at consecutive source positions,
 * so their overlap-add is the source times the sum of their windows (gain, a table): the z ring
 * around u = 0 and the accumulators are filled with one read and one multiply, and the state is left
 * as those frames leave it. False (nothing done but the scan, which the frames would do anyway) if
 * another onset takes one of them: then they run one by one.
 */
function primeFill(i: i32, channels: i32): bool {
  const st = state(i);
  const n = frameN;
  const hs = hop;
  const half = n >> 1;
  const c0 = st.nextC;
  const frames = (half - <i32>c0) / hs + 1;
  let a0: f64 = -1;
  let u0: f64 = 0;
  for (let j = 0; j < frames; j++) {
    const c = c0 + <f64>(j * hs);
    const t = blockT + (c - blockU) / blockPitch;
    const pMap = mapSong + (t - mapCtx) * mapRate;
    if (st.scanOn == 0) {
      lockStart(i, pMap);
      a0 = load<f64>(queue(i) + (<usize>st.qHead << 3));
    }
    scan(i, pMap + lookAhead(), channels);
    if (bestOnset(i, c, pMap) != a0) return false;
    u0 = bestU;
  }
  // Frame c reads source c + p0 (lockedPosition): u maps to source u + p0 in all of them.
  const p0 = Math.floor(a0 - u0 + 0.5);
  const stereo = channels == 2;
  const mask = zCap - 1;
  const cap = <usize>zCap << 2;
  // u in [−Hs, 0) and [0, Hs): final, to the z ring (mirrored); u in [Hs, N): partial, to acc.
  const chB = readStem(st.slot, st.stem, p0 - <f64>hs, hs, frP, frQ);
  const chA = readStem(st.slot, st.stem, p0, n, frL, frR);
  if (chB == 0) { memory.fill(frP, 0, <usize>hs << 2); memory.fill(frQ, 0, <usize>hs << 2); }
  if (chA == 0) { memory.fill(frL, 0, <usize>n << 2); memory.fill(frR, 0, <usize>n << 2); }
  const zl = zL(i), zr = zR(i);
  const before = <usize>(((-hs) & mask)) << 2;
  gainInto(zl + before, frP, primeGain, hs);
  gainInto(zl + before + cap, frP, primeGain, hs);
  gainInto(zl, frL, primeGain + (<usize>hs << 2), hs);
  gainInto(zl + cap, frL, primeGain + (<usize>hs << 2), hs);
  gainInto(accL(i), frL + (<usize>hs << 2), primeGain + (<usize>(2 * hs) << 2), n - hs);
  if (stereo) {
    gainInto(zr + before, frQ, primeGain, hs);
    gainInto(zr + before + cap, frQ, primeGain, hs);
    gainInto(zr, frR, primeGain + (<usize>hs << 2), hs);
    gainInto(zr + cap, frR, primeGain + (<usize>hs << 2), hs);
    gainInto(accR(i), frR + (<usize>hs << 2), primeGain + (<usize>(2 * hs) << 2), n - hs);
  }
  // As the last of those frames (c = N/2, source [p0, p0 + N)) leaves the state.
  st.lockedTo = a0;
  st.sinceOnset += frames;
  st.reset = chA == 0 ? 1 : 0;
  st.pending = chA == 0 ? 0 : 1;
  st.pendingP = p0 + <f64>half;
  st.staged = PART_NONE;
  st.nextC = <f64>(half + hs);
  partsRun += frames;
  return true;
}

/** dst[k] = x[k] × g[k], k < n (n a multiple of 4). */
function gainInto(dst: usize, x: usize, g: usize, n: i32): void {
  for (let k = 0; k < n; k += 4) {
    const o = <usize>k << 2;
    v128.store(dst + o, f32x4.mul(v128.load(x + o), v128.load(g + o)));
  }
}

/** Scan the source for onsets up to `until` (bounded per call), queueing them. */
function scan(i: i32, until: f64, channels: i32): void {
  const st = state(i);
  const n = frameN;
  const h = hist(i);
  let rounds = 0;
  // Bounded: at most 4 × N source frames per frame (more than any rate needs per hop).
  while (st.scanPos + <f64>SCAN_BLOCK <= until && rounds < 4) {
    rounds++;
    const blocks = <i32>min<f64>(<f64>(n / SCAN_BLOCK), Math.floor((until - st.scanPos) / <f64>SCAN_BLOCK));
    const len = blocks * SCAN_BLOCK;
    const ch = readStem(st.slot, st.stem, st.scanPos, len, frP, frQ);
    // frP ← the step energy per frame: (ΔL)² + (ΔR)² (symmetric in the channels and their polarity),
    // four frames per step (SIMD): the previous frames are the last vector shifted in.
    let lastL = st.scanLast, lastR = st.scanLastR;
    if (ch == 0) {
      memory.fill(frP, 0, <usize>len << 2);
      lastL = 0;
      lastR = 0;
    } else {
      let pl = f32x4.splat(lastL), pr = f32x4.splat(lastR);
      for (let k = 0; k < len; k += 4) {
        const o = <usize>k << 2;
        const x = v128.load(frP + o);
        const dl = f32x4.sub(x, v128.shuffle<f32>(pl, x, 3, 4, 5, 6));
        pl = x;
        let e = f32x4.mul(dl, dl);
        if (ch == 2) {
          const y = v128.load(frQ + o);
          const dr = f32x4.sub(y, v128.shuffle<f32>(pr, y, 3, 4, 5, 6));
          pr = y;
          e = f32x4.add(e, f32x4.mul(dr, dr));
        }
        v128.store(frP + o, e);
      }
      lastL = f32x4.extract_lane(pl, 3);
      lastR = ch == 2 ? f32x4.extract_lane(pr, 3) : 0;
    }
    st.scanLast = lastL;
    st.scanLastR = lastR;
    for (let b = 0; b < blocks; b++) {
      const base = b * SCAN_BLOCK;
      let ve = f32x4.splat(0);
      for (let k = 0; k < SCAN_BLOCK; k += 4) ve = f32x4.add(ve, v128.load(frP + (<usize>(base + k) << 2)));
      const e = f32x4.extract_lane(ve, 0) + f32x4.extract_lane(ve, 1) + f32x4.extract_lane(ve, 2) + f32x4.extract_lane(ve, 3);
      let prevMax: f32 = 0;
      for (let k = 0; k < SCAN_HISTORY; k++) prevMax = max(prevMax, fa(h, k));
      const slotH = (<i32>(st.scanPos / <f64>SCAN_BLOCK) + b) & (SCAN_HISTORY - 1);
      if (st.scanHold > 0) {
        st.scanHold--;
      } else if (e > SCAN_RISE * prevMax && e > SCAN_FLOOR * <f32>SCAN_BLOCK && st.qCount < QUEUE) {
        // The onset: the first frame of the block whose step reaches 10% of the block's largest.
        let top: f32 = 0;
        for (let k = 0; k < SCAN_BLOCK; k++) top = max(top, fa(frP, base + k));
        let at = 0;
        for (let k = 0; k < SCAN_BLOCK; k++) {
          if (fa(frP, base + k) >= 0.01 * top) { at = k; break; }
        }
        store<f64>(queue(i) + (<usize>((st.qHead + st.qCount) % QUEUE) << 3), st.scanPos + <f64>(base + at));
        st.qCount++;
        st.scanHold = SCAN_HISTORY;
      }
      sa(h, slotH, e);
    }
    st.scanPos += <f64>len;
  }
}

function shiftOut(acc: usize, z: usize, z0: i64, mask: i64): void {
  const n = frameN;
  const hs = hop;
  const cap = <usize>zCap << 2;
  // hs divides zCap and z0 is a multiple of hs, so the block never wraps.
  const at = <usize>(z0 & mask) << 2;
  memory.copy(z + at, acc, <usize>hs << 2);
  memory.copy(z + at + cap, acc, <usize>hs << 2);
  memory.copy(acc, acc + (<usize>hs << 2), <usize>(n - hs) << 2);
  memory.fill(acc + (<usize>(n - hs) << 2), 0, <usize>hs << 2);
}

function overlapAdd(re: usize, im: usize, acc: usize): void {
  irfft(re, im, wRe, wIm);
  const m = fftM;
  // acc[2k] += wRe[k]·ws[2k], acc[2k + 1] += wIm[k]·ws[2k + 1], four k per step.
  for (let k = 0; k < m; k += 4) {
    const r = v128.load(wRe + (<usize>k << 2));
    const q = v128.load(wIm + (<usize>k << 2));
    const o = <usize>(2 * k) << 2;
    const lo = v128.shuffle<f32>(r, q, 0, 4, 1, 5);
    const hi = v128.shuffle<f32>(r, q, 2, 6, 3, 7);
    v128.store(acc + o, f32x4.add(v128.load(acc + o), f32x4.mul(lo, v128.load(winS + o))));
    v128.store(acc + o + 16, f32x4.add(v128.load(acc + o + 16), f32x4.mul(hi, v128.load(winS + o + 16))));
  }
}

/**
 * Level of partly incoherent content (noise): every bin of a region takes its peak's rotation, so in
 * noise, where the bins of a region are independent, they do not continue the previous frame's
 * phases and consecutive frames overlap-add partly incoherently (fully incoherent: the mean of Σ w²,
 * −3.1 dB, instead of (Σ w)² = 1, w = wa·ws). Per bin, the cosine between the rotation the bin would
 * take as its own peak, u = Yprev[b]·conj(Xprev[b]) (on the reference its region's rotation took:
 * mid, or side where frQ[b] ≠ 0), and the one it takes, weighted by |u|: frP gets Re(u·conj R), frQ
 * gets |u| (levelGains() averages them over neighbouring bins). SIMD over bins4 (the padding is 0).
 */
function coherence2(yr: usize, yi: usize, xr: usize, xi: usize, sr: usize, si: usize, qr: usize, qi: usize): void {
  const zero = f32x4.splat(0);
  for (let b = 0; b < bins4; b += 4) {
    const o = <usize>b << 2;
    const useSide = f32x4.ne(v128.load(frQ + o), zero);
    const a = v128.bitselect(v128.load(sr + o), v128.load(yr + o), useSide);
    const c = v128.bitselect(v128.load(si + o), v128.load(yi + o), useSide);
    const x = v128.bitselect(v128.load(qr + o), v128.load(xr + o), useSide);
    const y = v128.bitselect(v128.load(qi + o), v128.load(xi + o), useSide);
    const ur = f32x4.add(f32x4.mul(a, x), f32x4.mul(c, y));
    const ui = f32x4.sub(f32x4.mul(c, x), f32x4.mul(a, y));
    v128.store(frP + o, f32x4.add(f32x4.mul(ur, v128.load(rRe + o)), f32x4.mul(ui, v128.load(rIm + o))));
    v128.store(frQ + o, f32x4.sqrt(f32x4.add(f32x4.mul(ur, ur), f32x4.mul(ui, ui))));
  }
}

function coherence(yr: usize, yi: usize, xr: usize, xi: usize): void {
  for (let b = 0; b < bins4; b += 4) {
    const o = <usize>b << 2;
    const a = v128.load(yr + o), c = v128.load(yi + o), x = v128.load(xr + o), y = v128.load(xi + o);
    const ur = f32x4.add(f32x4.mul(a, x), f32x4.mul(c, y));
    const ui = f32x4.sub(f32x4.mul(c, x), f32x4.mul(a, y));
    v128.store(frP + o, f32x4.add(f32x4.mul(ur, v128.load(rRe + o)), f32x4.mul(ui, v128.load(rIm + o))));
    v128.store(frQ + o, f32x4.sqrt(f32x4.add(f32x4.mul(ur, ur), f32x4.mul(ui, ui))));
  }
}

/** levelGains() works on blocks of 4 bins and averages the coherence over this many blocks on each side. */
const COHERENCE_HALF: i32 = 2;
/** The gain table (in the shared region, stretchConfigure): ρ in [0, 1] in GAIN_STEPS steps, per row
 *  a number of source hops between synthesis frames, 1 to 8 in steps of 1/GAIN_HOP_STEPS. */
const GAIN_STEPS: i32 = 256;
const GAIN_HOP_STEPS: i32 = 16;
const GAIN_ROWS: i32 = 7 * GAIN_HOP_STEPS + 1;
let gainTable: usize = 0;

/**
 * Scale the rotations by 1/√G(ρ), ρ the |u|-weighted mean coherence around each block of 4 bins
 * (±COHERENCE_HALF blocks, about ±50 Hz at 48 kHz; a partial's bins keep their phase relations:
 * ρ ≈ 1, gain 1; noise: lower). With coherence ρ^j between frames j hops apart the overlap-add has
 * power gain G(ρ) = A0 + 2(ρ A1 + ρ² A2 + ρ³ A3) (A_j: mean of Σ_k w_k·w_(k+j), from the windows; a
 * table). Sliding sums in f64: the spectrum spans far more than f32 can subtract.
 */
function levelGains(): void {
  const blocks = bins4 >> 2;
  // ρ is measured over one hop of source (Xprev is Hs before X); consecutive synthesis frames are
  // rate/f hops of source apart, so when that exceeds 1 their coherence is ρ^(rate/f) (calibrated on
  // white and pink noise: within 0.1 / 0.2 dB from speed 0.5 to 1.5 and −5 to +3 semitones).
  const hops = min(max(mapRate / blockPitch, 1.0), 8.0);
  const row = gainTable + (<usize>(<i32>((hops - 1) * <f64>GAIN_HOP_STEPS + 0.5) * (GAIN_STEPS + 1)) << 2);
  // Block sums, in place (block j is written at index j, which blocks ≤ j have already been read from).
  for (let j = 0; j < blocks; j++) {
    const o = <usize>j << 4;
    const n = v128.load(frP + o), d = v128.load(frQ + o);
    sa(frP, j, f32x4.extract_lane(n, 0) + f32x4.extract_lane(n, 1) + f32x4.extract_lane(n, 2) + f32x4.extract_lane(n, 3));
    sa(frQ, j, f32x4.extract_lane(d, 0) + f32x4.extract_lane(d, 1) + f32x4.extract_lane(d, 2) + f32x4.extract_lane(d, 3));
  }
  const h = COHERENCE_HALF;
  let num: f64 = 0, den: f64 = 0;
  for (let j = 0; j < min(h, blocks); j++) { num += <f64>fa(frP, j); den += <f64>fa(frQ, j); }
  for (let j = 0; j < blocks; j++) {
    const add = j + h, drop = j - h - 1;
    if (add < blocks) { num += <f64>fa(frP, add); den += <f64>fa(frQ, add); }
    if (drop >= 0) { num -= <f64>fa(frP, drop); den -= <f64>fa(frQ, drop); }
    if (!(den > 1e-30)) continue;
    const rho = min(max(num / den, 0.0), 1.0);
    const g = v128.splat<f32>(load<f32>(row + (<usize><i32>(rho * <f64>GAIN_STEPS + 0.5) << 2)));
    const o = <usize>j << 4;
    v128.store(rRe + o, f32x4.mul(v128.load(rRe + o), g));
    v128.store(rIm + o, f32x4.mul(v128.load(rIm + o), g));
  }
}

/**
 * The per-bin rotation R (rRe/rIm) for this frame: 1 on a reset; otherwise identity phase locking:
 * each spectral peak p of the mid spectrum gets R_p = unit(Yprev[p] · conj(Xprev[p])), where Xprev
 * is the analysis frame Hs before the current one and Yprev the previous synthesis frame, and every
 * bin of the peak's region (bounded by the lowest bins between peaks) takes its peak's R.
 */
function rotations(i: i32, reset: bool, floor: f32, stereo: bool): void {
  const nb = fftM + 1;
  if (!reset) {
    let np = 0;
    for (let b = 1; b < nb - 1; b++) {
      const x = fa(mag, b);
      if (x <= floor) continue;
      if (x > fa(mag, b - 1) && x >= fa(mag, b + 1) && (b < 2 || x > fa(mag, b - 2)) && (b + 2 >= nb || x >= fa(mag, b + 2))) {
        store<i32>(peaks + (<usize>np << 2), b);
        np++;
      }
    }
    if (np > 0) {
      const yr = pyRe(i), yi = pyIm(i);
      let start = 0;
      for (let k = 0; k < np; k++) {
        const pk = load<i32>(peaks + (<usize>k << 2));
        let end = nb;
        if (k + 1 < np) {
          const next = load<i32>(peaks + (<usize>(k + 1) << 2));
          end = pk + 1;
          let low = fa(mag, end);
          for (let b = pk + 2; b <= next; b++) {
            const x = fa(mag, b);
            if (x < low) { low = x; end = b; }
          }
        }
        // R = unit(Yprev · conj Xprev), on the mid, or on the side where the side is louder (content
        // in anti-phase between the channels has no mid to take a phase from).
        let refY = yr, refYi = yi, refX = xpRe(i), refXi = xpIm(i);
        let side: f32 = 0;
        if (stereo) {
          const sr = fa(xsRe, pk), si = fa(xsIm, pk), mr = fa(xmRe, pk), mi = fa(xmIm, pk);
          if (sr * sr + si * si > mr * mr + mi * mi) {
            refY = psRe(i); refYi = psIm(i); refX = xqRe(i); refXi = xqIm(i);
            side = 1;
          }
        }
        // The reference, for coherence2(): 0 = mid, 1 = side.
        if (side == 0) memory.fill(frQ + (<usize>start << 2), 0, <usize>(end - start) << 2);
        else for (let b = start; b < end; b++) sa(frQ, b, side);
        const ar = fa(refY, pk), ai = fa(refYi, pk);
        const br = fa(refX, pk), bi = -fa(refXi, pk);
        let cr = ar * br - ai * bi, ci = ar * bi + ai * br;
        const q = cr * cr + ci * ci;
        if (q > 1e-30 && isFinite(q)) {
          const s = <f32>(1.0 / Math.sqrt(<f64>q));
          cr *= s; ci *= s;
        } else {
          cr = 1; ci = 0;
        }
        for (let b = start; b < end; b++) { sa(rRe, b, cr); sa(rIm, b, ci); }
        start = end;
      }
      for (let b = nb; b < bins4; b++) { sa(rRe, b, 0); sa(rIm, b, 0); }
      if (stereo) coherence2(yr, yi, xpRe(i), xpIm(i), psRe(i), psIm(i), xqRe(i), xqIm(i));
      else coherence(yr, yi, xpRe(i), xpIm(i));
      levelGains();
      // DC and Nyquist are real in every frame (the real inverse FFT drops their imaginary parts): a
      // rotation there would only scale them by cos θ. Their phase advance is 0 (or π): keep them real.
      sa(rRe, 0, <f32>Math.sqrt(<f64>(fa(rRe, 0) * fa(rRe, 0) + fa(rIm, 0) * fa(rIm, 0))));
      sa(rIm, 0, 0);
      sa(rRe, nb - 1, <f32>Math.sqrt(<f64>(fa(rRe, nb - 1) * fa(rRe, nb - 1) + fa(rIm, nb - 1) * fa(rIm, nb - 1))));
      sa(rIm, nb - 1, 0);
      return;
    }
  }
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  for (let b = 0; b < bins4; b += 4) {
    v128.store(rRe + (<usize>b << 2), one);
    v128.store(rIm + (<usize>b << 2), zero);
  }
}

/**
 * Render `n` output frames of stem `stem` (slot `slot`) for stretcher `i`, starting at context frame
 * `t0`, reading the source through the map p(t) = song + (t − ctx) × rate and transposing by `pitch`
 * (a factor). Writes dstL (and dstR if the stem is stereo); returns the channel count, 0 if the stem
 * is silent (not set up). `n` ≤ the block buffers' length.
 */
export function stretchRender(i: i32, slot: i32, stem: i32, song: f64, ctx: f64, rate: f64, pitch: f64, t0: f64, n: i32, dstL: usize, dstR: usize): i32 {
  const ch = stemChannels(slot, stem);
  if (ch == 0) return 0;
  const st = state(i);
  if (st.primed == 0 || st.tNext != t0 || st.slot != slot || st.stem != stem || st.channels != ch) {
    prime(i, slot, stem);
    st.channels = ch;
  }
  mapSong = song;
  mapCtx = ctx;
  mapRate = rate;
  blockT = t0;
  blockU = st.uPos;
  if (pitch != st.pitchTarget) {
    st.pitchTarget = pitch;
    st.glideLeft = glideFrames;
    st.pitchStep = (pitch - st.pitch) / <f64>glideFrames;
  }
  // Frames computed now are read after the glide: map them with the target.
  blockPitch = pitch;
  if (st.fresh != 0) {
    st.fresh = 0;
    spent += COST_PRIME;
    primeFill(i, ch);
  }
  const mask = <i64>(zCap - 1);
  let done = 0;
  let forced = 0;
  while (done < n) {
    const c = min(CHUNK, n - done);
    const u = st.uPos;
    const direct = st.pitch == 1 && st.glideLeft == 0 && u == Math.floor(u);
    // Last z index this chunk reads (the kernel reaches W samples to the right).
    const fMax = max(st.pitch, pitch);
    const tab = tableFor(fMax);
    const last = direct ? u + <f64>(c - 1) : Math.floor(u + fMax * <f64>(c - 1)) + <f64>tabHalf(tab);
    // Bounded: each frame finishes Hs samples, and a chunk needs at most CHUNK × 2 + 2W + N of them.
    let guard = 0;
    while (zEnd(st) <= last && guard < 64) { forced += genFrame(i, ch); guard++; }
    const oL = dstL + (<usize>done << 2);
    const oR = dstR + (<usize>done << 2);
    if (direct) {
      const at = <usize>(<i64>u & mask) << 2;
      memory.copy(oL, zL(i) + at, <usize>c << 2);
      if (ch == 2) memory.copy(oR, zR(i) + at, <usize>c << 2);
      st.uPos = u + <f64>c;
    } else {
      st.uPos = resample(i, ch, u, c, tab, oL, oR);
    }
    done += c;
  }
  // Work spreading: the frames computed ahead of need run in stretchTick()'s look-ahead pass, at the
  // end of the call, in deadline order across all stems; it needs this render's map.
  st.tNext = t0 + <f64>n;
  st.lastQ = quantum;
  st.mSong = song;
  st.mCtx = ctx;
  st.mRate = rate;
  return ch;
}

/** Band-limited read of z at u, u + f, u + 2f, … (c outputs); returns the next u. */
function resample(i: i32, ch: i32, u0: f64, c: i32, tab: i32, oL: usize, oR: usize): f64 {
  const st = state(i);
  let f = st.pitch;
  const mask = <i64>(zCap - 1);
  const w = tabHalf(tab);
  const phases = tabPhases(tab);
  const kern = tabBase(tab);
  const zl = zL(i), zr = zR(i);
  let u = u0;
  for (let k = 0; k < c; k++) {
    let ip = Math.floor(u);
    let ph = <i32>Math.floor((u - ip) * <f64>phases + 0.5);
    if (ph >= phases) { ph = 0; ip += 1; }
    const first = <usize>((<i64>ip - <i64>(w - 1)) & mask) << 2;
    const h = kern + (<usize>(ph * 2 * w) << 2);
    let aL = f32x4.splat(0);
    let aR = f32x4.splat(0);
    for (let j = 0; j < 2 * w; j += 4) {
      const o = <usize>j << 2;
      const hv = v128.load(h + o);
      aL = f32x4.add(aL, f32x4.mul(hv, v128.load(zl + first + o)));
      if (ch == 2) aR = f32x4.add(aR, f32x4.mul(hv, v128.load(zr + first + o)));
    }
    sa(oL, k, f32x4.extract_lane(aL, 0) + f32x4.extract_lane(aL, 1) + f32x4.extract_lane(aL, 2) + f32x4.extract_lane(aL, 3));
    if (ch == 2) sa(oR, k, f32x4.extract_lane(aR, 0) + f32x4.extract_lane(aR, 1) + f32x4.extract_lane(aR, 2) + f32x4.extract_lane(aR, 3));
    u += f;
    if (st.glideLeft > 0) {
      st.glideLeft--;
      f = st.glideLeft == 0 ? st.pitchTarget : f + st.pitchStep;
    }
  }
  st.pitch = f;
  return u;
}

// ---- probes for tests (test/stretch): the FFT on the shared work buffers ----

/** Work buffer pointers for tests: 0 = time frame (N), 1/2 = spectrum re/im (M + 1). */
export function probeBuffer(which: i32): usize {
  return which == 0 ? frL : which == 1 ? xlRe : which == 2 ? xlIm : 0;
}

/** rfft of the time frame into the spectrum buffers (no window). */
export function probeForward(): void {
  rfft(frL, 0, wRe, wIm, xlRe, xlIm);
}

/** irfft of the spectrum buffers back into the time frame (normalised). */
export function probeInverse(): void {
  irfft(xlRe, xlIm, wRe, wIm);
  const s: f32 = <f32>(1.0 / <f64>fftM);
  for (let k = 0; k < fftM; k++) {
    sa(frL, 2 * k, fa(wRe, k) * s);
    sa(frL, 2 * k + 1, fa(wIm, k) * s);
  }
}

/** Frame parts run since the previous call (tests: work per process call, independent of timing). */
export function probeParts(): i32 {
  const n = partsRun;
  partsRun = 0;
  return n;
}

/** Work units (stretchTick's cost model: priming, parts by kind) since the previous call (tests). */
export function probeWork(): f64 {
  const w = workRun;
  workRun = 0;
  return w;
}
