/** Meter maps (src/shared/meter.ts) and practice settings (src/shared/practice.ts). */
import { describe, expect, it } from 'vitest';
import { barAt, barStartBeat, meterAtBar, meterSegments } from '../../src/shared/meter.js';
import { DEFAULT_TRAINER, nextTrainerSpeed, sanitizeLoop, sanitizePractice } from '../../src/shared/practice.js';

describe('meter maps', () => {
  it('one meter: bars of 4 beats; a pickup before bar 1', () => {
    const m = meterSegments([4, 4]);
    expect(barStartBeat(m, 1)).toBe(0);
    expect(barStartBeat(m, 3)).toBe(8);
    expect(barStartBeat(m, 0)).toBe(-4);
    expect(barAt(m, 9.5)).toMatchObject({ bar: 3, beatInBar: 1.5 });
    expect(barAt(m, -1)).toMatchObject({ bar: 0, beatInBar: 3 });
    expect(barAt(m, 7.9999999).bar).toBe(3); // float safety
  });

  it('4/4 → 3/4 at bar 3 → 7/8 at bar 5: bar starts, beats in the bar, click spacing', () => {
    const m = meterSegments([4, 4], [{ bar: 5, timeSignature: [7, 8] }, { bar: 3, timeSignature: [3, 4] }]);
    expect(m.map((s) => [s.bar, s.beat, s.barBeats, s.clickBeats])).toEqual([[1, 0, 4, 1], [3, 8, 3, 1], [5, 14, 3.5, 0.5]]);
    expect(barStartBeat(m, 4)).toBe(11);
    expect(barStartBeat(m, 6)).toBe(17.5);
    expect(barAt(m, 12)).toMatchObject({ bar: 4, beatInBar: 1 });
    expect(barAt(m, 15)).toMatchObject({ bar: 5, beatInBar: 2 }); // two eighths into the 7/8 bar
    expect(meterAtBar(m, 6).num).toBe(7);
  });

  it('a point at bar 1 overrides the time signature; bad and repeated points are ignored', () => {
    const m = meterSegments([4, 4], [{ bar: 1, timeSignature: [6, 8] }, { bar: 2, timeSignature: [6, 8] }, { bar: 0, timeSignature: [3, 4] }, { bar: 4, timeSignature: [0, 4] }]);
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ num: 6, den: 8, barBeats: 6, clickBeats: 1 });
  });
});

describe('practice settings', () => {
  it('sanitizes loops, outputs and the trainer', () => {
    expect(sanitizeLoop({ startBar: 13.2, endBar: 21 })).toEqual({ startBar: 13, endBar: 21 });
    expect(sanitizeLoop({ startBar: 9, endBar: 4 })).toEqual({ startBar: 9, endBar: 10 });
    expect(sanitizeLoop({ startBar: 'x', endBar: 4 })).toBeNull();
    const p = sanitizePractice({ clickOutput: 'headphones', click: 1, trainer: { enabled: true, start: 9, step: -4, unit: 'bpm', cap: 0.9 } });
    expect(p.clickOutput).toBe('main');
    expect(p.click).toBe(false);
    expect(p.trainer).toEqual({ enabled: true, start: 2, step: 0.1, unit: 'bpm', cap: 0.9 });
  });

  it('trainer: 70 % + 3 points per pass reaches 100 % in ten passes and stays there', () => {
    const trainer = { ...DEFAULT_TRAINER, enabled: true };
    const speeds = [0.7];
    for (let pass = 1; pass <= 12; pass++) speeds.push(nextTrainerSpeed(trainer, speeds[pass - 1], 100));
    expect(speeds.slice(1, 11)).toEqual([0.73, 0.76, 0.79, 0.82, 0.85, 0.88, 0.91, 0.94, 0.97, 1]);
    expect(speeds[11]).toBe(1);
    expect(speeds[12]).toBe(1);
  });

  it('trainer in BPM: +4 BPM on a 100 BPM song is +0.04; the cap is never passed', () => {
    const trainer = { ...DEFAULT_TRAINER, enabled: true, unit: 'bpm' as const, step: 4, cap: 0.9 };
    expect(nextTrainerSpeed(trainer, 0.8, 100)).toBeCloseTo(0.84, 9);
    expect(nextTrainerSpeed(trainer, 0.88, 100)).toBe(0.9);
    expect(nextTrainerSpeed(trainer, 0.95, 100)).toBe(0.95); // already past the cap: left alone
  });
});
