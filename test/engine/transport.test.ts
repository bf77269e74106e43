// docs/engine.md Rules 5–8: derived position, play/stop fades, jumps, track edges.
import { describe, expect, it } from 'vitest';
import { TestEngine, dc, maxDiff, maxStep, sine } from './engine-harness.js';

const SR = 48000;
const F0 = 441; // not a divisor of SR: the phase identifies the frame
const LEN = 96000;
const AMP = 0.5;
/** Largest per-sample change of the sine itself. */
const CONTENT_STEP = AMP * 2 * Math.PI * F0 / SR;
const TOL = 2e-4; // int16 quantisation + f32

function sineEngine(len = LEN): { t: TestEngine; x: Float32Array } {
  const t = new TestEngine(SR);
  const x = sine(len, F0, SR, AMP);
  t.load([[x]]);
  return { t, x };
}

/** The expected output for source frames from `start`, times gain(i). */
function expected(x: Float32Array, start: number, n: number, gain: (i: number) => number = () => 1): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => {
    const p = start + i;
    return p >= 0 && p < x.length ? gain(i) * x[p] : 0;
  });
}

describe('Rule 5: position is derived from the anchor, never accumulated', () => {
  it('songFrameAt(t) = anchorSong + (t − anchorContext) while playing, anchorSong when stopped', () => {
    const { t } = sineEngine();
    t.e.transport(1000, 5000, 0);
    expect(t.e.songFrameAt(1000)).toBe(5000);
    expect(t.e.songFrameAt(99999)).toBe(5000);
    t.e.transport(1000, 5000.25, 1);
    expect(t.e.songFrameAt(1000)).toBe(5000.25);
    expect(t.e.songFrameAt(1128)).toBe(5128.25);
    expect(t.e.songFrameAt(872)).toBe(4872.25);
  });

  it('no drift over 10,000 blocks: songFrameAt is exact and the reader still lands on the sine phase', () => {
    const blocks = 10000;
    const { t, x } = sineEngine(blocks * 128 + 20000);
    t.t = 2 ** 40 + 3; // a late context frame: f64 stays exact
    const c0 = t.t;
    const f = 12345;
    t.transport(f, true);
    let exact = true;
    for (let b = 0; b < blocks; b++) {
      if (t.e.songFrameAt(t.t) !== f + (t.t - c0)) exact = false;
      t.block(128);
    }
    expect(exact).toBe(true);
    const out = t.render(256).left;
    expect(maxDiff(out, expected(x, f + blocks * 128, 256))).toBeLessThan(TOL);
  });
});

describe('Rule 6: play reads from the anchor position with a fade-in; stop fades out reading forward', () => {
  it('play at song frame F starts reading at F (sine phase), fading in over one ramp', () => {
    const { t, x } = sineEngine();
    const r = t.rampFrames;
    const F = 30011;
    t.t = 777;
    expect(t.e.isPlaying()).toBe(0);
    t.transport(F, true);
    expect(t.e.isPlaying()).toBe(1);
    const out = t.render(4 * r);
    expect(maxDiff(out.left, expected(x, F, 4 * r, (i) => Math.min(1, (i + 1) / r)))).toBeLessThan(TOL);
    expect(maxDiff(out.right, out.left)).toBe(0);
  });

  it('a fractional song frame reads the nearest frame (v1: no interpolation)', () => {
    const { t, x } = sineEngine();
    t.transport(20000.4, true);
    t.render(2 * t.rampFrames);
    expect(maxDiff(t.render(128).left, expected(x, 20000 + 2 * t.rampFrames, 128))).toBeLessThan(TOL);
  });

  it('stop fades out over one ramp while the reader keeps moving; isPlaying drops once silent', () => {
    const { t, x } = sineEngine();
    const r = t.rampFrames;
    t.transport(10000, true);
    t.render(1000);
    t.transport(t.e.songFrameAt(t.t), false);
    expect(t.e.isPlaying()).toBe(1); // the fade has not played yet
    expect(t.e.songFrameAt(t.t + 500)).toBe(11000); // stopped: the position holds
    const out = t.render(100).left;
    expect(t.e.isPlaying()).toBe(1);
    const rest = t.render(4 * r).left;
    const y = Float32Array.from([...out, ...rest]);
    expect(maxDiff(y, expected(x, 11000, y.length, (i) => Math.max(0, 1 - (i + 1) / r)))).toBeLessThan(TOL);
    expect(t.e.isPlaying()).toBe(0);
  });

  it('play during a stop fade crossfades (no click), restarting at the new anchor', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.5)]]);
    const r = t.rampFrames;
    t.transport(1000, true);
    t.render(1000);
    t.transport(t.e.songFrameAt(t.t), false);
    const a = t.render(64).left;
    t.transport(5000, true);
    const b = t.render(4 * r).left;
    const y = Float32Array.from([0.5, ...a, ...b]);
    expect(maxStep(y)).toBeLessThanOrEqual(0.5 / r + 1e-6);
    expect(b[b.length - 1]).toBeCloseTo(0.5, 6);
  });

  it('stop while stopped and play with no track are harmless', () => {
    const t = new TestEngine(SR);
    t.transport(0, false);
    t.transport(100, true);
    expect(t.e.isPlaying()).toBe(1);
    expect(maxDiff(t.render(256).left, new Float32Array(256))).toBe(0);
  });
});

describe('Rule 7: a jump crossfades over one ramp; an anchor that agrees with the extrapolation changes nothing', () => {
  it('seek crossfades old → new: exact crossfade, no step above what the content allows', () => {
    const { t, x } = sineEngine();
    const r = t.rampFrames;
    t.transport(10000, true);
    const before = t.render(1000).left;
    const from = t.e.songFrameAt(t.t);
    const to = 40000 + 27; // a different phase
    t.transport(to, true);
    const out = t.render(4 * r).left;
    const a = (i: number) => Math.min(1, (i + 1) / r);
    const want = Float32Array.from({ length: out.length }, (_, i) => (1 - a(i)) * (i < r ? x[from + i] : 0) + a(i) * x[to + i]);
    expect(maxDiff(out, want)).toBeLessThan(TOL);
    const y = Float32Array.from([before[before.length - 1], ...out]);
    expect(maxStep(y)).toBeLessThanOrEqual(CONTENT_STEP + (2 * AMP) / r + TOL);
  });

  it('re-anchoring every block with the extrapolated position (± 0.4 frame) is sample-identical to no re-anchoring', () => {
    const ref = sineEngine();
    const got = sineEngine();
    ref.t.transport(5000, true);
    got.t.transport(5000, true);
    const a = ref.t.render(128 * 50).left;
    const parts: number[] = [];
    for (let b = 0; b < 50; b++) {
      got.t.transport(got.t.e.songFrameAt(got.t.t) + (b % 2 ? 0.4 : -0.4), true);
      parts.push(...got.t.render(128).left);
    }
    expect(maxDiff(a, parts)).toBe(0);
  });

  it('jumps faster than the ramp never step: a pending jump waits for the fading voice, then lands on the last anchor', () => {
    const { t, x } = sineEngine();
    const r = t.rampFrames;
    t.transport(1000, true);
    const parts: number[] = [...t.render(1000).left];
    for (let k = 0; k < 6; k++) {
      t.transport(20000 + 3001 * k, true); // every 64 frames
      parts.push(...t.render(64).left);
    }
    parts.push(...t.render(4 * r).left);
    expect(maxStep(parts)).toBeLessThanOrEqual(CONTENT_STEP + (2 * AMP) / r + TOL);
    const last = 20000 + 3001 * 5;
    expect(t.e.songFrameAt(t.t)).toBe(last + 64 + 4 * r);
    expect(maxDiff(t.render(128).left, expected(x, last + 64 + 4 * r, 128))).toBeLessThan(TOL);
  });

  it('on a DC stem rapid jumps are inaudible (every crossfade is between full-level voices)', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.5)]]);
    t.transport(1000, true);
    const parts: number[] = [...t.render(1000).left];
    for (let k = 0; k < 6; k++) {
      t.transport(20000 + 3000 * k, true);
      parts.push(...t.render(64).left);
    }
    parts.push(...t.render(4 * t.rampFrames).left);
    expect(maxDiff(parts.slice(500), new Float32Array(parts.length - 500).fill(0.5))).toBeLessThan(1e-6);
  });

  it('a jump while stopped is silent and a later play starts there', () => {
    const { t, x } = sineEngine();
    t.transport(100, false);
    t.transport(7000, false);
    expect(maxDiff(t.render(128).left, new Float32Array(128))).toBe(0);
    t.transport(t.e.songFrameAt(t.t), true);
    t.render(2 * t.rampFrames);
    expect(maxDiff(t.render(128).left, expected(x, 7000 + 2 * t.rampFrames, 128))).toBeLessThan(TOL);
  });
});

describe('Rule 8: outside the track is silence, with an edge fade of one ramp at both ends', () => {
  it('playing through the end fades the last ramp and then is silent', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.5)]]);
    const r = t.rampFrames;
    t.transport(LEN - 1000, true);
    const y = t.render(2000).left;
    expect(maxStep(y.subarray(r))).toBeLessThanOrEqual(0.5 / r + 1e-6);
    expect(y[1000 - r - 1]).toBeCloseTo(0.5, 6);
    expect(y[999]).toBeCloseTo(0.5 / r, 6); // last frame: one step above 0
    expect(maxDiff(y.subarray(1000), new Float32Array(1000))).toBe(0);
    expect(t.e.isPlaying()).toBe(1); // still playing (silence) past the end
  });

  it('playing from before 0 is silent, then fades the track in', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.5)]]);
    const r = t.rampFrames;
    t.transport(-1000, true);
    const y = t.render(2000).left;
    expect(maxDiff(y.subarray(0, 1000), new Float32Array(1000))).toBe(0);
    expect(y[1000]).toBeCloseTo(0.5 / r, 6);
    expect(maxStep(y)).toBeLessThanOrEqual(0.5 / r + 1e-6);
    expect(y[1999]).toBeCloseTo(0.5, 6);
  });

  it('far beyond either end reads silence without touching memory outside the stem', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.5)]]);
    for (const f of [-1e15, -(2 ** 40), 2 ** 40, 1e15, LEN, LEN + 5000, -1e6]) {
      t.transport(f, true);
      t.render(4 * t.rampFrames);
      expect(maxDiff(t.render(128).left, new Float32Array(128))).toBe(0);
    }
  });
});
