// Real-time contract: the click (metronome) voices and its two block buffers live in static memory
// (memory.data, reserved at compile time). clickAt(), setClickLevel() and setClickSeparate() run
// from the message handler or between the processor's slices and only store; clickRender() runs at
// the end of process(). Nothing allocates or grows memory; loops are bounded by the block length
// and CLICK_VOICES. Bad arguments are ignored.
//
// The processor says where each click goes (a context frame, fractional, and whether it is a
// downbeat): it knows the song's tempo map, meters and the transport's course (docs/practice.md).
// Here a click is a decaying cosine that starts at its peak on that frame, sample-accurate: the
// oscillator and envelope start at the sub-frame phase, so the first sample heard is the click's
// value at `frame + d` (0 ≤ d < 1) of the exact time.

import { MAX_BLOCK_LIMIT, MAX_POSITION, SILENCE_DB } from './constants';
import { sampleRate } from './layout';

/** Clicks that may ring at once (they last CLICK_SECONDS; a new one steals the oldest). */
const CLICK_VOICES: i32 = 8;
/** Length of one click; its envelope is at e^−10 (−87 dB) when it ends. */
const CLICK_SECONDS: f64 = 0.06;
/** Envelope time constant. */
const CLICK_TAU: f64 = 0.006;
/** Downbeats are higher and louder than the other beats. */
const ACCENT_HZ: f64 = 1760;
const BEAT_HZ: f64 = 1320;
const BEAT_LEVEL: f64 = 0.5;
/** The click's own level ceiling (dB), like the faders' +12 with less headroom. */
const MAX_CLICK_DB: f64 = 12;

@unmanaged
class ClickVoice {
  /** Context frame of the onset (fractional). */
  start: f64;
  amp: f64;
  cosw: f64;
  sinw: f64;
  c: f64;
  s: f64;
  env: f64;
  decay: f64;
  /** Samples left to render; 0 = free. */
  left: i32;
  started: i32;
}

const VOICE_BYTES: i32 = (<i32>offsetof<ClickVoice>() + 15) & ~15;
const VOICE_TABLE = memory.data(CLICK_VOICES * VOICE_BYTES, 16);
/** The separate click output (left, right): f32 × MAX_BLOCK_LIMIT each. */
const BUF_BYTES: i32 = MAX_BLOCK_LIMIT * 4;
const CLICK_BUFS = memory.data(2 * BUF_BYTES, 16);

let level: f64 = 0.5;
let separate = false;

@inline function clickVoice(i: i32): ClickVoice {
  return changetype<ClickVoice>(VOICE_TABLE + <usize>(i * VOICE_BYTES));
}

/** Byte offset of the separate click output's block buffer (0 = left, 1 = right). */
export function clickBuffer(channel: i32): usize {
  return CLICK_BUFS + <usize>(channel * BUF_BYTES);
}

export function clickReset(): void {
  memory.fill(VOICE_TABLE, 0, <usize>(CLICK_VOICES * VOICE_BYTES));
  memory.fill(CLICK_BUFS, 0, <usize>(2 * BUF_BYTES));
  level = 0.5;
  separate = false;
}

/** The click's level in dB (≤ −60 dB: silent; clamped to +12). Applies to clicks scheduled from now on. */
export function setClickLevel(db: f64): void {
  if (!isFinite(db)) return;
  level = db <= SILENCE_DB ? 0 : Math.pow(10, min(db, MAX_CLICK_DB) / 20);
}

/** 1: the click goes to its own output buffers (clickBuffer); 0: into the main output. */
export function setClickSeparate(on: f64): void {
  if (!isFinite(on)) return;
  separate = on >= 0.5;
}

/** A click whose onset is at context frame `frame` (fractional); `accent` ≥ 0.5 for a downbeat. */
export function clickAt(frame: f64, accent: f64): void {
  if (!isFinite(frame) || Math.abs(frame) > MAX_POSITION || !(sampleRate > 0) || level == 0) return;
  // A free voice, else the one that started first (its tail is the quietest).
  let pick = 0;
  let oldest = Infinity;
  for (let i = 0; i < CLICK_VOICES; i++) {
    const v = clickVoice(i);
    if (v.left == 0) { pick = i; break; }
    if (v.start < oldest) { oldest = v.start; pick = i; }
  }
  const v = clickVoice(pick);
  const loud = accent >= 0.5;
  const w = 2 * Math.PI * (loud ? ACCENT_HZ : BEAT_HZ) / sampleRate;
  v.start = frame;
  v.amp = level * (loud ? 1 : BEAT_LEVEL);
  v.cosw = Math.cos(w);
  v.sinw = Math.sin(w);
  v.decay = Math.exp(-1 / (CLICK_TAU * sampleRate));
  v.left = max(1, <i32>Math.round(CLICK_SECONDS * sampleRate));
  v.started = 0;
}

/**
 * Render the clicks of the block [contextFrame, contextFrame + count): added into `outL`/`outR`, or
 * written into the separate click buffers (zeroed first) when the click has its own output.
 */
export function clickRender(contextFrame: f64, count: i32, outL: usize, outR: usize): void {
  const n = min(count, MAX_BLOCK_LIMIT);
  // The separate output is silent unless the click goes there (the processor copies it every block).
  memory.fill(clickBuffer(0), 0, <usize>n << 2);
  memory.fill(clickBuffer(1), 0, <usize>n << 2);
  if (!isFinite(contextFrame) || Math.abs(contextFrame) > MAX_POSITION) return;
  const dstL = separate ? clickBuffer(0) : outL;
  const dstR = separate ? clickBuffer(1) : outR;
  const end = contextFrame + <f64>n;
  for (let k = 0; k < CLICK_VOICES; k++) {
    const v = clickVoice(k);
    if (v.left == 0 || v.start >= end) continue;
    let i = 0;
    if (!v.started) {
      // First sample at or after the onset; a click scheduled in the past starts late, in phase.
      const first = Math.max(Math.ceil(v.start), contextFrame);
      const d = first - v.start;
      const phase = d * Math.atan2(v.sinw, v.cosw);
      v.c = Math.cos(phase);
      v.s = Math.sin(phase);
      v.env = v.amp * Math.pow(v.decay, d);
      v.started = 1;
      i = <i32>(first - contextFrame);
    }
    for (; i < n && v.left > 0; i++) {
      const x = <f32>(v.env * v.c);
      const pl = dstL + (<usize>i << 2);
      const pr = dstR + (<usize>i << 2);
      store<f32>(pl, load<f32>(pl) + x);
      store<f32>(pr, load<f32>(pr) + x);
      const c = v.c * v.cosw - v.s * v.sinw;
      v.s = v.s * v.cosw + v.c * v.sinw;
      v.c = c;
      v.env *= v.decay;
      v.left--;
    }
  }
}
