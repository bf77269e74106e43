// Real-time contract: the source stage. Reads int16 stem storage into f32 block buffers; never
// allocates, never reads outside the stem's frames (positions outside read as silence).
//
// This is the seam for the later time-stretch/pitch-shift stage: a stretcher per (voice, stem) will
// pull source frames from readStem() at its own source position and hand the mixer output frames.

import { MAX_POSITION } from './constants';
import { rampFrames } from './layout';
import { slotFrames, stemChannels, stemData, stemScale } from './storage';

/**
 * Write source frames [first, first + n) of `stem` in slot `s`, × its scale, to dstL (and dstR if
 * stereo). Frames before 0 or from the track end on are 0, and an edge fade of one ramp length
 * applies at both ends so stems that do not start or end in silence do not click.
 * Returns the channel count written (1: dstL only), or 0 when there is nothing to hear (dst untouched).
 */
export function readStem(s: i32, stem: i32, first: f64, n: i32, dstL: usize, dstR: usize): i32 {
  const ch = stemChannels(s, stem);
  const scale = stemScale(s, stem);
  const frames = slotFrames(s);
  if (ch == 0 || scale == 0) return 0;
  if (!(first > -MAX_POSITION && first < MAX_POSITION)) return 0;
  if (first >= <f64>frames || first + <f64>n <= 0) return 0;
  const start = <i64>first;
  // Block-relative range [lo, hi) that lies inside the stem.
  const lo = <i32>max<i64>(0, -start);
  const hi = <i32>min<i64>(<i64>n, <i64>frames - start);
  const data = stemData(s, stem);
  if (lo > 0) {
    memory.fill(dstL, 0, <usize>lo << 2);
    if (ch == 2) memory.fill(dstR, 0, <usize>lo << 2);
  }
  if (hi < n) {
    memory.fill(dstL + (<usize>hi << 2), 0, <usize>(n - hi) << 2);
    if (ch == 2) memory.fill(dstR + (<usize>hi << 2), 0, <usize>(n - hi) << 2);
  }
  const k = f32x4.splat(scale);
  let i = lo;
  if (ch == 1) {
    let src = data + (<usize>(start + <i64>i) << 1);
    for (; i + 4 <= hi; i += 4, src += 8) {
      const v = f32x4.convert_i32x4_s(v128.load_ext<i16>(src));
      v128.store(dstL + (<usize>i << 2), f32x4.mul(v, k));
    }
    for (; i < hi; i++, src += 2) store<f32>(dstL + (<usize>i << 2), <f32>load<i16>(src) * scale);
  } else {
    let src = data + (<usize>(start + <i64>i) << 2);
    for (; i + 4 <= hi; i += 4, src += 16) {
      const v = v128.load(src);
      const a = f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_low_i16x8_s(v)), k); // L0 R0 L1 R1
      const b = f32x4.mul(f32x4.convert_i32x4_s(i32x4.extend_high_i16x8_s(v)), k); // L2 R2 L3 R3
      v128.store(dstL + (<usize>i << 2), v128.shuffle<f32>(a, b, 0, 2, 4, 6));
      v128.store(dstR + (<usize>i << 2), v128.shuffle<f32>(a, b, 1, 3, 5, 7));
    }
    for (; i < hi; i++, src += 4) {
      store<f32>(dstL + (<usize>i << 2), <f32>load<i16>(src) * scale);
      store<f32>(dstR + (<usize>i << 2), <f32>load<i16>(src, 2) * scale);
    }
  }
  edgeFade(start, lo, hi, frames, ch, dstL, dstR);
  return ch;
}

/** Scale the block samples within one ramp of either end of the stem by (distance to the edge) / ramp. */
function edgeFade(start: i64, lo: i32, hi: i32, frames: i32, ch: i32, dstL: usize, dstR: usize): void {
  const r = <i64>rampFrames;
  // Block indices of the stem's first r frames [lo, headEnd) and last r frames [tailStart, hi).
  const headEnd = <i32>max<i64>(<i64>lo, min<i64>(<i64>hi, r - start));
  const tailStart = <i32>max<i64>(<i64>headEnd, min<i64>(<i64>hi, <i64>frames - r - start));
  edgeRange(start, lo, headEnd, frames, ch, dstL, dstR);
  edgeRange(start, tailStart, hi, frames, ch, dstL, dstR);
}

function edgeRange(start: i64, from: i32, to: i32, frames: i32, ch: i32, dstL: usize, dstR: usize): void {
  const r = <i64>rampFrames;
  const inv = 1.0 / <f64>r;
  for (let i = from; i < to; i++) {
    const p = start + <i64>i;
    const e = <f32>(<f64>min<i64>(min<i64>(p + 1, <i64>frames - p), r) * inv);
    const a = dstL + (<usize>i << 2);
    store<f32>(a, load<f32>(a) * e);
    if (ch == 2) {
      const b = dstR + (<usize>i << 2);
      store<f32>(b, load<f32>(b) * e);
    }
  }
}
