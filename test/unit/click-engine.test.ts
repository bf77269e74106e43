/**
 * The engine's click (assembly/click.ts, docs/practice.md "Click"): sample-accurate onsets at
 * fractional frames, accented downbeats, its own level, the main or the separate output, no
 * allocation. Driven through the engine ABI like the processor does.
 */
import { describe, expect, it } from 'vitest';
import { TestEngine } from '../engine/engine-harness.js';

const SR = 48000;

/** Render `frames` in 128-frame blocks, scheduling each click before the block that contains it. */
function renderClicks(t: TestEngine, frames: number, clicks: { frame: number; accent: boolean }[]): { left: Float32Array; right: Float32Array; clickL: Float32Array; clickR: Float32Array } {
  const out = { left: new Float32Array(frames), right: new Float32Array(frames), clickL: new Float32Array(frames), clickR: new Float32Array(frames) };
  for (let done = 0; done < frames; done += 128) {
    const n = Math.min(128, frames - done);
    for (const c of clicks) if (c.frame >= t.t && c.frame < t.t + n) t.e.clickAt(c.frame, c.accent ? 1 : 0);
    t.block(n);
    const mem = t.e.memory.buffer;
    out.left.set(new Float32Array(mem, t.e.outputPtr(0), n), done);
    out.right.set(new Float32Array(mem, t.e.outputPtr(1), n), done);
    out.clickL.set(new Float32Array(mem, t.e.outputPtr(2), n), done);
    out.clickR.set(new Float32Array(mem, t.e.outputPtr(3), n), done);
  }
  return out;
}

function onsets(x: Float32Array, threshold = 0.05): number[] {
  const found: number[] = [];
  let quiet = Infinity;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a >= threshold && quiet >= 0.02 * SR) found.push(i);
    quiet = a < threshold / 2 ? quiet + 1 : 0;
  }
  return found;
}

describe('the engine\'s click', () => {
  it('starts at its peak on its frame, accented downbeats louder and higher, in both channels', () => {
    const t = new TestEngine(SR);
    t.e.setClickLevel(0);
    const out = renderClicks(t, SR, [{ frame: 1000, accent: true }, { frame: 13000, accent: false }, { frame: 25000.5, accent: false }]);
    expect(onsets(out.left)).toEqual([1000, 13000, 25001]);
    expect(out.left[999]).toBe(0);
    expect(out.left[1000]).toBeCloseTo(1, 6); // accent at 0 dB, cosine at its peak
    expect(out.left[13000]).toBeCloseTo(0.5, 6);
    // Half a frame late: the first sample is the click's value half a sample in.
    const w = (2 * Math.PI * 1320) / SR;
    expect(out.left[25001]).toBeCloseTo(0.5 * Math.cos(w * 0.5) * Math.exp(-0.5 / (0.006 * SR)), 6);
    expect(Array.from(out.right)).toEqual(Array.from(out.left));
    expect(Math.max(...out.clickL.map(Math.abs))).toBe(0); // the separate output stays silent
    // Pitch: zero crossings per millisecond of each click.
    const crossings = (from: number) => {
      let n = 0;
      for (let i = from + 1; i < from + 480; i++) if (Math.sign(out.left[i]) !== Math.sign(out.left[i - 1])) n++;
      return n;
    };
    expect(crossings(1000)).toBeGreaterThan(crossings(13000));
    // It ends: silent 60 ms later.
    expect(Math.max(...out.left.subarray(1000 + 0.061 * SR, 13000).map(Math.abs))).toBe(0);
  });

  it('has its own level: −6 dB halves it, −60 dB is silence', () => {
    const t = new TestEngine(SR);
    t.e.setClickLevel(-6);
    let out = renderClicks(t, 4000, [{ frame: 100, accent: true }]);
    expect(out.left[100]).toBeCloseTo(10 ** (-6 / 20), 5);
    t.e.setClickLevel(-60);
    out = renderClicks(t, 4000, [{ frame: t.t + 100, accent: true }]);
    expect(Math.max(...out.left.map(Math.abs))).toBe(0);
  });

  it('the separate output: the click leaves the main mix', () => {
    const t = new TestEngine(SR);
    t.e.setClickLevel(0);
    t.e.setClickSeparate(1);
    const out = renderClicks(t, 4000, [{ frame: 300, accent: true }]);
    expect(Math.max(...out.left.map(Math.abs))).toBe(0);
    expect(out.clickL[300]).toBeCloseTo(1, 6);
    expect(Array.from(out.clickR)).toEqual(Array.from(out.clickL));
  });

  it('ignores bad arguments and never grows memory, over 10,000 blocks of clicks', () => {
    const t = new TestEngine(SR);
    for (const bad of [Number.NaN, Infinity, -Infinity, 1e300]) {
      t.e.clickAt(bad, 1);
      t.e.setClickLevel(bad);
      t.e.setClickSeparate(bad);
    }
    const bytes = t.memoryBytes;
    for (let b = 0; b < 10000; b++) {
      if (b % 3 === 0) t.e.clickAt(t.t + (b % 128) + 0.25, b % 12 === 0 ? 1 : 0);
      t.block(128);
    }
    expect(t.memoryBytes).toBe(bytes);
    const out = t.render(128);
    for (const x of out.left) expect(Number.isFinite(x)).toBe(true);
  });
});
