// docs/engine.md Rules 9–10: track slots, switching, abort, reserve failure, bounded memory.
import { describe, expect, it } from 'vitest';
import { TestEngine, dc, maxDiff, maxStep } from './engine-harness.js';

const SR = 48000;
const LEN = 48000;

function playingA(): TestEngine {
  const t = new TestEngine(SR);
  t.load([[dc(LEN, 0.5)], [dc(LEN, 0.1), dc(LEN, 0.2)]]);
  t.transport(1000, true);
  t.render(1000);
  return t;
}
const A_LEFT = 0.6; // 0.5 + 0.1 (int16-quantised: tolerance 1e-5)

describe('Rule 9: a track switch crossfades; abort and failed reserves leave the active track alone', () => {
  it('commit during playback crossfades old → new over one ramp at the same song position', () => {
    const t = playingA();
    const r = t.rampFrames;
    expect(t.e.activeStemCount()).toBe(2);
    t.load([[dc(LEN * 2, -0.25)]], false); // loading: the old track keeps playing meanwhile
    expect(maxDiff(t.render(128).left, new Float32Array(128).fill(A_LEFT))).toBeLessThan(1e-5);
    t.e.trackCommit();
    expect(t.e.activeStemCount()).toBe(1);
    expect(t.e.activeFrames()).toBe(LEN * 2);
    const y = t.render(4 * r).left;
    const a = (i: number) => Math.min(1, (i + 1) / r);
    const want = Float32Array.from({ length: y.length }, (_, i) => (1 - a(i)) * A_LEFT + a(i) * -0.25);
    expect(maxDiff(y, want)).toBeLessThan(1e-5);
    expect(maxStep([A_LEFT, ...y])).toBeLessThanOrEqual((A_LEFT + 0.25) / r + 1e-6);
  });

  it('abort drops the loading track and leaves the active one playing', () => {
    const t = playingA();
    t.load([[dc(LEN, -0.9)]], false);
    t.e.trackAbort();
    t.e.trackCommit(); // nothing left to commit
    expect(t.e.activeStemCount()).toBe(2);
    expect(t.e.activeFrames()).toBe(LEN);
    expect(maxDiff(t.render(1024).left, new Float32Array(1024).fill(A_LEFT))).toBeLessThan(1e-5);
    expect(t.e.trackStemSetup(0, 1, 1)).toBe(0); // no loading slot any more
  });

  it('trackReserve returns 0 for absurd sizes or more than wasm32 can address, and the active track plays on', () => {
    const t = playingA();
    const mem = t.memoryBytes;
    const bad: [number, number][] = [
      [0, 1], [-5, 1], [1.5, 1], [NaN, 1], [Infinity, 1], [LEN, 0], [LEN, 17], [LEN, 1.5], [LEN, NaN], [LEN, -Infinity],
      [2 ** 31, 1], [2 ** 31 - 1, 16], [2 ** 28, 4], [2 ** 32, 1], [1e300, 1],
      [2 ** 28 - 4096, 4], // under 4 GiB itself, but not above the memory already in use
    ];
    for (const [frames, stems] of bad) expect(t.e.trackReserve(frames, stems), `${frames} × ${stems}`).toBe(0);
    expect(t.memoryBytes).toBe(mem);
    t.e.trackCommit();
    expect(t.e.activeStemCount()).toBe(2);
    expect(maxDiff(t.render(1024).left, new Float32Array(1024).fill(A_LEFT))).toBeLessThan(1e-5);
  });

  it('a failed reserve after a successful one leaves nothing to commit', () => {
    const t = playingA();
    t.load([[dc(LEN, -0.9)]], false);
    expect(t.e.trackReserve(2 ** 31 - 1, 16)).toBe(0);
    t.e.trackCommit();
    expect(maxDiff(t.render(512).left, new Float32Array(512).fill(A_LEFT))).toBeLessThan(1e-5);
  });

  it('trackStemSetup rejects bad stems, channel counts and scales, and returns 16-byte-aligned offsets', () => {
    const t = new TestEngine(SR);
    expect(t.e.trackStemSetup(0, 1, 1)).toBe(0); // nothing reserved
    expect(t.e.trackReserve(1001, 3)).toBe(1);
    for (const [s, c, k] of [[3, 1, 1], [-1, 1, 1], [0.5, 1, 1], [NaN, 1, 1], [0, 0, 1], [0, 3, 1], [0, 1.5, 1], [0, 1, NaN], [0, 1, Infinity]]) {
      expect(t.e.trackStemSetup(s, c, k), `${s} ${c} ${k}`).toBe(0);
    }
    const ptrs = [0, 1, 2].map((s) => t.e.trackStemSetup(s, 2, 1 / 32767));
    for (const p of ptrs) expect(p % 16).toBe(0);
    expect(ptrs[1] - ptrs[0]).toBeGreaterThanOrEqual(1001 * 4); // room for stereo int16
    expect(t.e.trackStemSetup(1, 1, 0.5)).toBe(ptrs[1]); // set up again: same place
  });

  it('a reserve during a switch fade stops reading the old slot before its memory is reused', () => {
    const t = playingA();
    const r = t.rampFrames;
    t.load([[dc(LEN, -0.25)]]);
    const a = t.render(64).left;
    expect(a[63]).toBeGreaterThan(0); // old track still fading out
    t.load([[dc(LEN, 0.9)]], false); // reuses the old slot: overwrites A
    const y = t.render(4 * r).left;
    // Only the new active track (still fading in) is heard: neither A nor the uncommitted 0.9.
    const want = Float32Array.from({ length: y.length }, (_, i) => -0.25 * Math.min(1, (i + 65) / r));
    expect(maxDiff(y, want)).toBeLessThan(1e-5);
  });
});

describe('Rule 10: memory grows only in configure and trackReserve, and stays bounded', () => {
  it('20 load cycles of the same size: memory and trackBytes stop growing after the first two', () => {
    const t = new TestEngine(SR);
    const sizes: number[] = [];
    const held: number[] = [];
    const frames = 200000; // bigger than the initial memory holds
    for (let c = 0; c < 20; c++) {
      expect(t.load([[dc(frames, 0.1 * (c % 5))], [dc(frames, 0.1), dc(frames, 0.1)]])).toBe(true);
      t.transport(0, true);
      t.render(512);
      sizes.push(t.memoryBytes);
      held.push(t.e.trackBytes());
    }
    expect(new Set(sizes.slice(1)).size).toBe(1);
    expect(new Set(held.slice(1)).size).toBe(1);
    expect(held[1]).toBe(2 * 3 * frames * 2); // two slots × (mono + stereo stem) = 3 int16 channels
    expect(sizes[0]).toBeLessThan(sizes[1]);
  });

  it('loads of varying sizes stay bounded (no region is leaked forever)', () => {
    const t = new TestEngine(SR);
    const base = t.memoryBytes;
    const maxFrames = 60000;
    let peak = 0;
    for (let c = 0; c < 40; c++) {
      const frames = [60000, 20000, 45000, 5000, 59000, 30000][c % 6];
      expect(t.e.trackReserve(frames, 4)).toBe(1);
      t.e.trackCommit();
      t.render(128);
      peak = Math.max(peak, t.memoryBytes);
    }
    // Fixed buffers + at most about three of the largest track.
    expect(peak - base).toBeLessThanOrEqual(3 * 4 * maxFrames * 4 + 65536);
  });

  it('a first-loaded bigger track is reused in place by smaller ones', () => {
    const t = new TestEngine(SR);
    t.e.trackReserve(100000, 2);
    t.e.trackCommit();
    t.e.trackReserve(100000, 2);
    t.e.trackCommit();
    const mem = t.memoryBytes;
    for (let c = 0; c < 10; c++) {
      expect(t.e.trackReserve(1000 + c * 7000, 2)).toBe(1);
      t.e.trackCommit();
    }
    expect(t.memoryBytes).toBe(mem);
  });
});

describe('Rule 9b: storage is sized per stem when the reserve gives the channel total', () => {
  const MINUTE = 60 * SR;

  it('a stereo stem-minute takes 11.52 MB at 48 kHz with or without the total; a mono one half with it', () => {
    const bytes = (...args: number[]): number => {
      const t = new TestEngine(SR);
      expect((t.e.trackReserve as (...a: number[]) => number)(...args)).toBe(1);
      return t.e.trackBytes();
    };
    expect(bytes(MINUTE, 1)).toBe(11_520_000);
    expect(bytes(MINUTE, 1, 2)).toBe(11_520_000);
    expect(bytes(MINUTE, 1, 1)).toBe(5_760_000);
    expect(bytes(MINUTE, 4, 5)).toBe(5 * 5_760_000); // 1 stereo + 3 mono: 28.8 MB instead of 46.08
    expect(bytes(MINUTE, 4)).toBe(4 * 11_520_000);
  });

  it('a mixed track (mono and stereo, set up in any order) plays exactly as with stereo room for each', () => {
    const stems = [[dc(LEN, 0.25)], [dc(LEN, 0.1), dc(LEN, -0.2)], [dc(LEN, 0.05)], [dc(LEN, 0.3), dc(LEN, 0.15)]];
    const play = (legacy: boolean): { left: Float32Array; right: Float32Array } => {
      const t = new TestEngine(SR);
      const frames = LEN;
      const total = stems.reduce((n, c) => n + c.length, 0);
      expect(legacy ? t.e.trackReserve(frames, stems.length) : t.e.trackReserve(frames, stems.length, total)).toBe(1);
      for (const i of [2, 0, 3, 1]) t.writeStem(i, stems[i]); // setup order ≠ stem order
      t.e.trackCommit();
      t.transport(1000, true);
      return t.render(2048);
    };
    const a = play(false), b = play(true);
    expect(maxDiff(a.left, b.left)).toBe(0);
    expect(maxDiff(a.right, b.right)).toBe(0);
    expect(a.left[2000]).toBeCloseTo(0.25 + 0.1 + 0.05 + 0.3, 4);
    expect(a.right[2000]).toBeCloseTo(0.25 - 0.2 + 0.05 + 0.15, 4);
  });

  it('absurd totals return 0; a stem beyond the declared total is refused (0) and stays silent', () => {
    const t = new TestEngine(SR);
    for (const total of [0, 1, 5, 2.5, -2, Infinity, -Infinity]) expect(t.e.trackReserve(LEN, 2, total), `${total}`).toBe(0);
    expect(t.e.trackReserve(LEN, 2, 3)).toBe(1); // one stereo and one mono
    expect(t.e.trackStemSetup(0, 2, 0.5)).not.toBe(0);
    const again = t.e.trackStemSetup(0, 2, 0.5);
    expect(t.e.trackStemSetup(0, 1, 0.5)).toBe(again); // set up again: same place
    expect(t.e.trackStemSetup(1, 2, 0.5)).toBe(0); // 2 + 2 > 3 channels
    expect(t.e.trackStemSetup(1, 1, 0.5)).not.toBe(0);
  });
});
