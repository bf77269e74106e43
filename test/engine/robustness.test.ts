// docs/engine.md Rules 10–11: process() never grows memory; no argument traps or yields NaN/Inf.
import { describe, expect, it } from 'vitest';
import { TestEngine, allFinite, dc, instantiate, noise, rng, sine } from './engine-harness.js';

const SR = 48000;
const NASTY = [NaN, Infinity, -Infinity, 1e308, -1e308, 2 ** 32, 2 ** 53 + 2, -(2 ** 31), -0, 0.5, 5e-324, 1e-30, 16, -1, 0, 1];

function loaded(): TestEngine {
  const t = new TestEngine(SR);
  t.load([[sine(SR, 441, SR, 0.9)], [noise(SR, 3, 0.9), noise(SR, 4, 0.9)], [dc(SR, 1)]]);
  return t;
}

describe('Rule 10: process() never grows memory', () => {
  it('10,000 process calls with random parameter changes, jumps, stops and block sizes', () => {
    const t = loaded();
    const r = rng(42);
    const mem = t.e.memory.buffer;
    const bytes = mem.byteLength;
    let finite = true;
    for (let k = 0; k < 10000; k++) {
      const pick = r();
      if (pick < 0.1) t.e.setStemGain(Math.floor(r() * 17), -80 + r() * 100);
      else if (pick < 0.15) t.e.setStemMute(Math.floor(r() * 17), r() < 0.5 ? 1 : 0);
      else if (pick < 0.2) t.e.setStemSolo(Math.floor(r() * 17), r() < 0.3 ? 1 : 0);
      else if (pick < 0.23) t.e.setMasterGain(-70 + r() * 90);
      else if (pick < 0.28) t.transport(Math.floor(r() * 1.2 * SR) - 1000, r() < 0.8);
      else if (pick < 0.3) t.transport(t.e.songFrameAt(t.t) + r(), true);
      const n = 1 + Math.floor(r() * 128);
      t.block(n, { left: noise(n, k), right: noise(n, k + 1) });
      const out = new Float32Array(t.e.memory.buffer, t.e.outputPtr(0), 128);
      if (!allFinite(out)) finite = false;
    }
    expect(t.e.memory.buffer).toBe(mem); // not even replaced
    expect(t.e.memory.buffer.byteLength).toBe(bytes);
    expect(finite).toBe(true);
  });
});

describe('Rule 11: no argument traps; NaN/Inf parameters are ignored; the output is always finite', () => {
  it('every export survives NaN, ±Inf, huge, negative and fractional arguments', () => {
    const t = loaded();
    t.transport(1000, true);
    t.render(512);
    const bytes = t.memoryBytes;
    const e = t.e;
    for (const x of NASTY) {
      for (const y of NASTY) {
        e.setStemGain(x, y);
        e.setStemMute(x, y);
        e.setStemSolo(x, y);
        e.inputPtr(x);
        e.outputPtr(x);
        e.songFrameAt(x);
        e.trackStemSetup(x, y, x);
      }
      e.setMasterGain(x);
      e.trackReserve(x, x);
      e.trackReserve(x, 1);
    }
    e.trackAbort();
    expect(t.memoryBytes).toBe(bytes);
    expect(e.activeStemCount()).toBe(3);
    const out = t.render(2048);
    expect(allFinite(out.left) && allFinite(out.right)).toBe(true);
  });

  it('NaN/Inf gains are ignored (the previous value holds); huge finite gains are clamped', () => {
    const t = new TestEngine(SR);
    t.load([[dc(SR, 0.25)]]);
    t.transport(1000, true);
    t.e.setStemGain(0, -6);
    t.render(1000);
    const level = () => t.render(64).left[63];
    const ref = level();
    for (const v of [NaN, Infinity, -Infinity]) {
      t.e.setStemGain(0, v);
      t.e.setMasterGain(v);
      t.e.setStemMute(0, v);
      t.e.setStemSolo(0, v);
      t.render(4 * t.rampFrames);
      expect(level()).toBe(ref);
    }
    t.e.setStemGain(0, 1e308);
    t.e.setMasterGain(1e308);
    t.render(4 * t.rampFrames);
    expect(level()).toBeCloseTo(0.25 * 10 ** (48 / 20), 2); // +24 dB twice
  });

  it('transport and process ignore non-finite and absurd frames', () => {
    const t = loaded();
    t.transport(1000, true);
    t.render(256);
    const at = t.e.songFrameAt(t.t);
    for (const x of [NaN, Infinity, -Infinity, 1e300]) {
      t.e.transport(x, 0, 1);
      t.e.transport(0, x, 1);
      t.e.transport(t.t, at, x);
    }
    expect(t.e.songFrameAt(t.t)).toBe(at);
    const e = t.e;
    for (const x of NASTY) {
      e.process(x, 128);
      e.process(t.t, x);
      e.process(x, x);
      expect(allFinite(new Float32Array(e.memory.buffer, e.outputPtr(0), 128))).toBe(true);
    }
  });

  it('non-finite input becomes finite (NaN → 0, ±Inf → ±FLT_MAX), denormals flush to 0', () => {
    const t = loaded();
    t.transport(1000, true);
    const left = new Float32Array(128);
    left.set([NaN, Infinity, -Infinity, 1e-40, -1e-40, 0.25]);
    const out = t.render(128, { left, right: left }).left;
    const dry = loaded();
    dry.transport(1000, true);
    const mix = dry.render(128).left;
    expect(out[0]).toBeCloseTo(mix[0], 6); // NaN input → 0: the mix is still heard
    expect(out[3]).toBeCloseTo(mix[3], 6);
    expect(out[5]).toBeCloseTo(mix[5] + 0.25, 6);
    expect(out[1]).toBe(3.4028234663852886e38);
    expect(out[2]).toBe(-3.4028234663852886e38);
    expect(allFinite(out)).toBe(true);
    const silent = new TestEngine(SR).render(8, { left: Float32Array.of(1e-40, -1e-39, 1, NaN, 0, 0, 0, 0), right: new Float32Array(8) });
    expect(Array.from(silent.left.subarray(0, 4))).toEqual([0, 0, 1, 0]);
  });

  it('configure with bad arguments leaves the engine unconfigured (pointers 0, calls inert); a good one recovers', () => {
    const e = instantiate();
    expect(e.inputPtr(0)).toBe(0);
    e.process(0, 128);
    expect(e.trackReserve(1000, 1)).toBe(0);
    for (const [sr, block] of [[NaN, 128], [0, 128], [-48000, 128], [48000, 0], [48000, NaN], [48000, 1e9], [Infinity, 128]]) {
      e.configure(sr, block);
      expect(e.inputPtr(0)).toBe(0);
      expect(e.outputPtr(1)).toBe(0);
      e.process(0, 128);
      e.transport(0, 0, 1);
      expect(e.trackReserve(1000, 1)).toBe(0);
    }
    e.configure(48000, 128);
    expect(e.inputPtr(0)).toBeGreaterThan(0);
    expect(e.outputPtr(1) - e.inputPtr(0)).toBeGreaterThanOrEqual(3 * 128 * 4);
    expect(e.trackReserve(1000, 1)).toBe(1);
  });

  it('a second configure resets tracks, mixer and transport and reuses the memory', () => {
    const t = loaded();
    t.transport(0, true);
    t.render(512);
    const bytes = t.memoryBytes;
    t.e.configure(44100, 256);
    expect(t.e.activeStemCount()).toBe(0);
    expect(t.e.trackBytes()).toBe(0);
    expect(t.e.isPlaying()).toBe(0);
    expect(t.memoryBytes).toBe(bytes);
  });
});
