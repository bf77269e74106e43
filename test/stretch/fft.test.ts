// Rule S1 (docs/stretch.md): the engine's real FFT matches a naive DFT and inverts exactly.
import { describe, expect, it } from 'vitest';
import { TestEngine, rng } from '../engine/engine-harness.js';
import { probes } from './stretch-harness.js';

function setup(rate = 48000): { t: TestEngine; n: number; frame: () => Float32Array; re: () => Float32Array; im: () => Float32Array } {
  const t = new TestEngine(rate, 128);
  const p = probes(t);
  const n = t.e.stretchFrameFrames();
  const mem = (): ArrayBuffer => t.e.memory.buffer;
  return {
    t, n,
    frame: () => new Float32Array(mem(), p.probeBuffer(0), n),
    re: () => new Float32Array(mem(), p.probeBuffer(1), n / 2 + 1),
    im: () => new Float32Array(mem(), p.probeBuffer(2), n / 2 + 1),
  };
}

describe('Rule S1: FFT', () => {
  it('frame length scales with the sample rate (4096 at 48 kHz, hop N/4)', () => {
    expect(setup(48000).n).toBe(4096);
    expect(setup(44100).n).toBe(4096);
    expect(setup(96000).n).toBe(8192);
    expect(setup(22050).n).toBe(2048);
  });

  it('the real FFT matches a naive DFT (random input, relative error < 1e-5)', () => {
    const s = setup();
    const { n } = s;
    const r = rng(7);
    const x = Float64Array.from({ length: n }, () => 2 * r() - 1);
    s.frame().set(x);
    probes(s.t).probeForward();
    const re = s.re(), im = s.im();
    let err = 0, ref = 0;
    for (const k of [0, 1, 2, 3, 17, 100, 511, 512, 513, 1000, 1023, 1024, 2047, 2048]) {
      let ar = 0, ai = 0;
      for (let i = 0; i < n; i++) {
        const a = (-2 * Math.PI * k * i) / n;
        ar += x[i] * Math.cos(a);
        ai += x[i] * Math.sin(a);
      }
      err = Math.max(err, Math.hypot(re[k] - ar, im[k] - ai));
      ref = Math.max(ref, Math.hypot(ar, ai));
    }
    expect(err / ref).toBeLessThan(1e-5);
  });

  it('a sinusoid lands in its bin (cos at bin 37: X[37] = N/2, elsewhere ≈ 0)', () => {
    const s = setup();
    const { n } = s;
    s.frame().set(Float32Array.from({ length: n }, (_, i) => Math.cos((2 * Math.PI * 37 * i) / n)));
    probes(s.t).probeForward();
    const re = s.re(), im = s.im();
    expect(re[37]).toBeCloseTo(n / 2, 1);
    let other = 0;
    for (let k = 0; k <= n / 2; k++) if (k !== 37) other = Math.max(other, Math.hypot(re[k], im[k]));
    expect(other / (n / 2)).toBeLessThan(1e-5);
  });

  it('inverse(forward(x)) = x within 1e-6 relative', () => {
    const s = setup();
    const r = rng(11);
    const x = Float32Array.from({ length: s.n }, () => 2 * r() - 1);
    s.frame().set(x);
    probes(s.t).probeForward();
    probes(s.t).probeInverse();
    const y = s.frame();
    let err = 0;
    for (let i = 0; i < s.n; i++) err = Math.max(err, Math.abs(y[i] - x[i]));
    expect(err).toBeLessThan(1e-5);
  });
});
