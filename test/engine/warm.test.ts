// warmEngineCalls (src/shared/engine-abi.ts): V8 compiles a JS-to-wasm call wrapper inside an export's
// 1,000th call; the processor calls warmEngineCalls once after configure() so no render-path call pays
// it. The warm-up must not change anything the engine renders.
import { describe, expect, it } from 'vitest';
import { ENGINE_WARM_CALLS, warmEngineCalls } from '../../src/shared/engine-abi.js';
import { TestEngine, noise } from './engine-harness.js';

function renderWith(warm: boolean): Float32Array {
  const t = new TestEngine(48000, 128);
  if (warm) warmEngineCalls(t.e);
  const len = 48000;
  t.load([[noise(len, 1, 0.3), noise(len, 2, 0.3)], [noise(len, 3, 0.3)]]);
  t.e.setPitch(3, 0);
  t.e.transport(t.t, 1000, 1, 0.8);
  const out = t.render(8000, undefined, 128);
  return out.left;
}

describe('warmEngineCalls', () => {
  it('leaves the engine state alone: the output is bit-identical with and without it', () => {
    const a = renderWith(false);
    const b = renderWith(true);
    expect(a.length).toBe(b.length);
    let same = true;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) same = false;
    expect(same).toBe(true);
    expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(0.01);
  });

  it('calls each render-path signature past the 1,000th call', () => {
    expect(ENGINE_WARM_CALLS).toBeGreaterThan(1000);
    const t = new TestEngine(48000, 128);
    const counts: Record<string, number> = {};
    const counted = Object.fromEntries(Object.entries(t.e).map(([key, v]) => [key, typeof v === 'function'
      ? (...args: number[]) => { counts[key] = (counts[key] ?? 0) + 1; return (v as (...a: number[]) => number)(...args); }
      : v])) as unknown as typeof t.e;
    warmEngineCalls(counted);
    // One export per signature the render path uses: (f64, f64) → void, 4 × f64 → void, f64 → f64, () → i32.
    expect(counts).toEqual({ process: ENGINE_WARM_CALLS, transport: ENGINE_WARM_CALLS, songFrameAt: ENGINE_WARM_CALLS, isPlaying: ENGINE_WARM_CALLS });
    expect(t.e.isPlaying()).toBe(0);
    expect(t.e.songFrameAt(1000)).toBe(0);
  });
});
