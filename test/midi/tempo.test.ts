// docs/midi.md rule S12: the synth's tempo map (assembly/synth/tempo.ts) agrees with src/shared/tempo-map.ts.
import { describe, expect, test } from 'vitest';
import { beatsToSeconds, bpmAt, secondsToBeats } from '../../src/shared/tempo-map.js';
import type { TempoPoint } from '../../src/shared/track.js';
import { TestSynth } from './synth-harness.js';

function load(s: TestSynth, map: TempoPoint[]): number {
  const f = new Float64Array(s.x.memory.buffer, s.x.tempoPtr(), map.length * 3);
  map.forEach((p, i) => f.set([p.beat, p.bpm, 0], i * 3));
  return s.x.tempoMapLoad(map.length);
}

describe('S12: the wasm tempo map agrees with src/shared/tempo-map.ts', () => {
  const map: TempoPoint[] = [{ beat: 0, bpm: 100 }, { beat: 8, bpm: 140 }, { beat: 8.5, bpm: 61.3 }, { beat: 32, bpm: 200 }];

  test('beats ↔ seconds, bpm, next change', () => {
    const s = new TestSynth();
    expect(load(s, map)).toBe(1);
    for (const beat of [-2, 0, 1.25, 7.999, 8, 8.25, 8.5, 20, 32, 100]) {
      expect(s.x.secondsAt(beat)).toBeCloseTo(beatsToSeconds(map, beat), 12);
      expect(s.x.bpmAt(beat)).toBe(bpmAt(map, beat));
    }
    for (const seconds of [-1, 0, 2, 4.8, 4.9, 5.0, 30, 100]) expect(s.x.beatAt(seconds)).toBeCloseTo(secondsToBeats(map, seconds), 12);
    expect(s.x.nextTempoChange(0)).toBe(8);
    expect(s.x.nextTempoChange(8)).toBe(8.5);
    expect(s.x.nextTempoChange(-3)).toBe(8);
    expect(s.x.nextTempoChange(40)).toBe(Infinity);
  });

  test('bad maps are refused and 120 BPM stays', () => {
    const s = new TestSynth();
    expect(load(s, [{ beat: 1, bpm: 100 }])).toBe(0);
    expect(load(s, [{ beat: 0, bpm: 100 }, { beat: 0, bpm: 90 }])).toBe(0);
    expect(load(s, [{ beat: 0, bpm: NaN }])).toBe(0);
    expect(s.x.beatAt(1)).toBe(2);
  });
});
