// docs/engine.md Rule 1: output = input + master × Σ stems; the input passes through unchanged.
import { describe, expect, it } from 'vitest';
import { TestEngine, dc, maxDiff, noise, sine, type Stereo } from './engine-harness.js';

const SR = 48000;
const N = 4096;
const input: Stereo = { left: noise(N, 1), right: noise(N, 2) };

describe('Rule 1: the input passes through unchanged, always', () => {
  it('with no track (and before any transport)', () => {
    const t = new TestEngine(SR);
    const out = t.render(N, input);
    expect(out.left).toEqual(input.left);
    expect(out.right).toEqual(input.right);
  });

  it('with a track loaded but stopped, and after a stop fade', () => {
    const t = new TestEngine(SR);
    t.load([[dc(SR, 0.5)]]);
    expect(t.render(N, input).left).toEqual(input.left);
    t.transport(1000, true);
    t.render(1000);
    t.transport(2000, false);
    t.render(2 * t.rampFrames);
    const out = t.render(N, input);
    expect(out.left).toEqual(input.left);
    expect(out.right).toEqual(input.right);
  });

  it('while playing: output − input is the track alone; with every stem muted it is the input exactly', () => {
    const mk = () => {
      const t = new TestEngine(SR);
      t.load([[sine(SR, 441, SR, 0.3)], [dc(SR, 0.1), dc(SR, -0.1)]]);
      t.transport(5000, true);
      return t;
    };
    const dry = mk().render(N);
    const t = mk();
    const wet = t.render(N, input, 100); // odd block size: not a multiple of 4
    for (const ch of ['left', 'right'] as const) {
      const diff = wet[ch].map((y, i) => y - input[ch][i]);
      expect(maxDiff(diff, dry[ch])).toBeLessThan(1e-6);
    }
    t.e.setStemMute(0, 1);
    t.e.setStemMute(1, 1);
    t.render(2 * t.rampFrames);
    expect(t.render(N, input).left).toEqual(input.left);
  });
});
