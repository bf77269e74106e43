// docs/midi.md rule S11: constants mirrored in assembly/synth/constants.ts agree with src/.
import { describe, expect, it } from 'vitest';
import { EVENT_BYTES, MAX_EVENTS, NO_STEM } from '../../src/midi/events.js';
import { DRUM_CHANNEL } from '../../src/midi/gm.js';
import { RAMP_SECONDS, STEM_SLOTS } from '../../src/shared/constants.js';
import { TestSynth } from './synth-harness.js';

/** The AssemblyScript module itself (its i32/f64 annotations are erased at run time). */
async function synthConstants(): Promise<Record<string, number>> {
  const url = new URL('../../assembly/synth/constants.ts', import.meta.url).href; // not a literal: tsc does not type-check AS
  return (await import(/* @vite-ignore */ url)) as Record<string, number>;
}

describe('S11: constants mirrored in assembly/synth/constants.ts agree with src/', () => {
  it('the source values agree', async () => {
    const as = await synthConstants();
    expect(as.MAX_STEMS).toBe(STEM_SLOTS);
    expect(as.EVENT_BYTES).toBe(EVENT_BYTES);
    expect(as.NO_STEM).toBe(NO_STEM);
    expect(as.MAX_EVENTS).toBe(MAX_EVENTS);
    expect(as.KILL_SECONDS).toBe(RAMP_SECONDS);
    expect(as.DRUM_CHANNEL).toBe(DRUM_CHANNEL);
    expect(as.POLYPHONY).toBeGreaterThanOrEqual(64);
  });

  it('the compiled synth behaves by them: 16 buses, and events beyond MAX_EVENTS are refused', () => {
    const s = new TestSynth();
    expect(s.x.busPtr(STEM_SLOTS - 1, 1)).toBeGreaterThan(0);
    expect(s.x.busPtr(STEM_SLOTS, 0)).toBe(0);
    expect(s.x.eventsReserve(MAX_EVENTS + 1)).toBe(0);
  });
});
