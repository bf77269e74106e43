// docs/engine.md Rule 12: the constants mirrored in assembly/constants.ts agree with src/shared.
import { describe, expect, it } from 'vitest';
import { RAMP_SECONDS, STEM_SLOTS } from '../../src/shared/constants.js';
import { SILENCE_DB } from '../../src/shared/units.js';
import { TestEngine, dc } from './engine-harness.js';

/** The AssemblyScript module itself (its i32/f64 annotations are erased at run time). */
async function engineConstants(): Promise<Record<string, number>> {
  const url = new URL('../../assembly/constants.ts', import.meta.url).href; // not a literal: tsc does not type-check AS
  return (await import(/* @vite-ignore */ url)) as Record<string, number>;
}

describe('Rule 12: constants mirrored in assembly/constants.ts agree with src/shared', () => {
  it('the source values agree', async () => {
    const as = await engineConstants();
    expect(as.MAX_STEMS).toBe(STEM_SLOTS);
    expect(as.RAMP_SECONDS).toBe(RAMP_SECONDS);
    expect(as.SILENCE_DB).toBe(SILENCE_DB);
  });

  it('the compiled engine behaves by them: 16 stems, ramp length, silence floor', () => {
    const t = new TestEngine(44100);
    expect(t.e.trackReserve(1000, STEM_SLOTS)).toBe(1);
    expect(t.e.trackReserve(1000, STEM_SLOTS + 1)).toBe(0);
    t.load([[dc(20000, 0.5)]]);
    t.transport(5000, true);
    t.render(1000);
    t.e.setStemGain(0, SILENCE_DB);
    const y = t.render(1000).left;
    const ramp = y.findIndex((v) => v === 0) + 1;
    expect(ramp).toBe(Math.round(RAMP_SECONDS * 44100));
    t.e.setStemGain(0, SILENCE_DB + 0.01);
    t.render(1000);
    expect(t.render(1).left[0]).toBeGreaterThan(0);
  });
});
