// docs/engine.md Rules 2–4: mixing arithmetic, solo/mute, ramps.
import { describe, expect, it } from 'vitest';
import { TestEngine, dc, maxDiff, maxStep, sine } from './engine-harness.js';

const SR = 48000;
const LEN = 48000;
const dbToGain = (db: number) => Math.pow(10, db / 20);

/** Start playing mid-track and render past every start-up ramp. */
function settled(t: TestEngine): void {
  t.transport(10000, true);
  t.render(4 * t.rampFrames);
}

/** Mean of the last quarter of a render: a DC level. */
function level(x: Float32Array): number {
  const tail = x.subarray((x.length * 3) >> 2);
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

describe('Rule 2: the mix is master × Σ stem × gain, int16 × scale, mono to both sides at full level', () => {
  it('sums a stereo and a mono DC stem with stem and master gains in dB', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.25), dc(LEN, -0.5)], [dc(LEN, 0.1)]]);
    t.e.setStemGain(0, -6);
    t.e.setStemGain(1, 3);
    t.e.setMasterGain(-3);
    settled(t);
    const out = t.render(512);
    const m = dbToGain(-3);
    const g0 = dbToGain(-6);
    const g1 = dbToGain(3);
    expect(level(out.left)).toBeCloseTo(m * (0.25 * g0 + 0.1 * g1), 4);
    expect(level(out.right)).toBeCloseTo(m * (-0.5 * g0 + 0.1 * g1), 4);
    expect(maxStep(out.left)).toBeLessThan(1e-6); // settled: a constant
  });

  it('mono stems reach both channels at full level (no pan law)', () => {
    const t = new TestEngine(SR);
    const x = sine(LEN, 441, SR, 0.5);
    t.load([[x]]);
    settled(t);
    const out = t.render(1024);
    expect(maxDiff(out.left, out.right)).toBe(0);
    expect(Math.max(...out.left)).toBeCloseTo(0.5, 3);
  });

  it('applies the stem scale to the stored int16 values (peak × trim / 32767)', () => {
    const t = new TestEngine(SR);
    expect(t.e.trackReserve(LEN, 2)).toBe(1);
    t.writeStemInt16(0, 1, (0.8 * 0.5) / 32767, new Int16Array(LEN).fill(32767)); // peak 0.8, trim 0.5
    t.writeStemInt16(1, 1, 1 / 32767, new Int16Array(LEN).fill(-16384));
    t.e.trackCommit();
    settled(t);
    expect(level(t.render(512).left)).toBeCloseTo(0.4 - 16384 / 32767, 4);
  });

  it('gain at or below −60 dB is exactly 0; above it is 10^(dB/20)', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.5)], [dc(LEN, 0.25)]]);
    t.e.setStemGain(0, -60);
    t.e.setStemGain(1, -59.9);
    settled(t);
    expect(level(t.render(512).left)).toBeCloseTo(0.25 * dbToGain(-59.9), 7);
    t.e.setStemGain(1, -1000);
    t.render(2 * t.rampFrames);
    expect(maxDiff(t.render(512).left, new Float32Array(512))).toBe(0);
  });

  it('master gain scales the whole mix', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.2)], [dc(LEN, 0.3)]]);
    t.e.setMasterGain(6);
    settled(t);
    expect(level(t.render(512).left)).toBeCloseTo(0.5 * dbToGain(6), 4);
    t.e.setMasterGain(-60);
    t.render(2 * t.rampFrames);
    expect(level(t.render(512).left)).toBe(0);
  });
});

describe('Rule 3: when any stem is soloed only soloed stems play; mute wins over solo', () => {
  it('solo, double solo, mute of a soloed stem, unsolo', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.01)], [dc(LEN, 0.02)], [dc(LEN, 0.04)]]);
    settled(t);
    const after = () => {
      t.render(2 * t.rampFrames);
      return level(t.render(256).left);
    };
    expect(after()).toBeCloseTo(0.07, 5);
    t.e.setStemSolo(1, 1);
    expect(after()).toBeCloseTo(0.02, 5);
    t.e.setStemSolo(2, 1);
    expect(after()).toBeCloseTo(0.06, 5);
    t.e.setStemMute(1, 1);
    expect(after()).toBeCloseTo(0.04, 5);
    t.e.setStemSolo(1, 0);
    t.e.setStemSolo(2, 0);
    expect(after()).toBeCloseTo(0.05, 5);
    t.e.setStemMute(1, 0);
    expect(after()).toBeCloseTo(0.07, 5);
  });

  it('a solo on an empty slot silences every loaded stem', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.3)]]);
    settled(t);
    t.e.setStemSolo(15, 1);
    t.render(2 * t.rampFrames);
    expect(level(t.render(256).left)).toBe(0);
  });
});

describe('Rule 4: every gain change is a linear ramp of round(RAMP_SECONDS × sampleRate) frames', () => {
  /** Apply `change` to a settled DC stem of `amp`, return the output from the change on. */
  function afterChange(sr: number, amp: number, change: (t: TestEngine) => void, block = 128): { t: TestEngine; y: Float32Array } {
    const t = new TestEngine(sr);
    t.load([[dc(LEN, amp)], [dc(LEN, 0)]]);
    settled(t);
    change(t);
    return { t, y: t.render(4 * t.rampFrames, undefined, block).left };
  }

  /** The step bound and completion for a change from `from` to `to` (output levels). */
  function expectRamp(t: TestEngine, y: Float32Array, from: number, to: number): void {
    const r = t.rampFrames;
    const slope = Math.abs(to - from) / r;
    const steps = [Math.abs(y[0] - from), maxStep(y.subarray(0, r + 1))];
    expect(Math.max(...steps)).toBeLessThanOrEqual(slope * (1 + 1e-4) + 1e-7);
    expect(Math.abs(y[r - 1] - to)).toBeLessThan(1e-6); // done on the R-th sample
    expect(Math.abs(y[r - 2] - to)).toBeGreaterThan(slope / 2); // and not before
    expect(maxDiff(y.subarray(r), new Float32Array(y.length - r).fill(to))).toBeLessThan(1e-6);
  }

  it.each([44100, 48000, 96000])('mute ramps without a click at %i Hz', (sr) => {
    const { t, y } = afterChange(sr, 0.5, (t) => t.e.setStemMute(0, 1));
    expect(t.rampFrames).toBe(Math.round(0.005 * sr));
    expectRamp(t, y, 0.5, 0);
  });

  it('unmute ramps back up', () => {
    const { t, y } = afterChange(SR, 0.5, (t) => {
      t.e.setStemMute(0, 1);
      t.render(2 * t.rampFrames);
      t.e.setStemMute(0, 0);
    });
    expectRamp(t, y, 0, 0.5);
  });

  it('stem gain change ramps (blocks of 37 frames, not aligned to the ramp)', () => {
    const { t, y } = afterChange(SR, 0.5, (t) => t.e.setStemGain(0, -12), 37);
    expectRamp(t, y, 0.5, 0.5 * dbToGain(-12));
  });

  it('master gain change ramps', () => {
    const { t, y } = afterChange(SR, 0.5, (t) => t.e.setMasterGain(6));
    expectRamp(t, y, 0.5, 0.5 * dbToGain(6));
  });

  it('solo of another stem ramps this one out', () => {
    const { t, y } = afterChange(SR, 0.5, (t) => t.e.setStemSolo(1, 1));
    expectRamp(t, y, 0.5, 0);
  });

  it('a change during a ramp restarts from the current value, never steps', () => {
    const t = new TestEngine(SR);
    t.load([[dc(LEN, 0.5)]]);
    settled(t);
    t.e.setStemMute(0, 1);
    const a = t.render(100).left;
    t.e.setStemMute(0, 0);
    const b = t.render(2 * t.rampFrames).left;
    const y = Float32Array.from([0.5, ...a, ...b]);
    expect(maxStep(y)).toBeLessThanOrEqual(0.5 / t.rampFrames + 1e-6);
    expect(b[b.length - 1]).toBeCloseTo(0.5, 6);
  });
});
