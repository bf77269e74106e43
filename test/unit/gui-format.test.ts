import { describe, expect, it } from 'vitest';
import {
  formatBarBeat, formatBpm, formatClock, formatClockCoarse, formatDb, formatDbSpoken, formatMegabytes, formatTrackMeta, isOn, MINUS,
} from '../../src/gui/format.js';
import { barBeatAt, barStartSeconds, beatsPerBar, songSecondsToBeats, type SongGrid } from '../../src/gui/time-map.js';

const grid = (bpm: number, num = 4, downbeat = 0): SongGrid => ({ tempoMap: [{ beat: 0, bpm }], timeSignature: [num, 4], downbeat });

describe('formatClock (m:ss.t)', () => {
  it.each([
    [0, '0:00.0'], [0.05, '0:00.0'], [0.1, '0:00.1'], [9.99, '0:09.9'], [59.96, '0:59.9'], [60, '1:00.0'],
    [83.46, '1:23.4'], [754.3, '12:34.3'], [1200, '20:00.0'],
  ])('%s s → %s', (s, text) => expect(formatClock(s)).toBe(text));
  it('truncates tenths like a clock, robust to float error (0.3 is 0:00.3, not 0:00.2)', () => {
    expect(formatClock(0.1 + 0.2)).toBe('0:00.3');
    expect(formatClock(2.3)).toBe('0:02.3');
  });
  it('negative times carry a minus sign; −0.04 shows as zero', () => {
    expect(formatClock(-1.5)).toBe(`${MINUS}0:01.5`);
    expect(formatClock(-0.04)).toBe('0:00.0');
  });
  it('non-finite input shows zero, never NaN', () => {
    expect(formatClock(NaN)).toBe('0:00.0');
    expect(formatClock(Infinity)).toBe('0:00.0');
  });
  it('coarse form drops the tenths', () => expect(formatClockCoarse(83.46)).toBe('1:23'));
});

describe('formatDb', () => {
  it.each([
    [0, '0.0'], [0.5, '+0.5'], [12, '+12.0'], [-6, `${MINUS}6.0`], [-59.5, `${MINUS}59.5`], [-0.04, '0.0'], [3.25, '+3.3'],
  ])('%s dB → %s', (db, text) => expect(formatDb(db)).toBe(text));
  it('the fader bottom (−60) and below is −∞', () => {
    expect(formatDb(-60)).toBe(`${MINUS}\u221e`);
    expect(formatDb(-80)).toBe(`${MINUS}\u221e`);
    expect(formatDb(-Infinity)).toBe(`${MINUS}\u221e`);
  });
  it('spoken form carries the unit', () => {
    expect(formatDbSpoken(-6)).toBe(`${MINUS}6.0 dB`);
    expect(formatDbSpoken(-60)).toBe(`${MINUS}\u221e dB`);
  });
});

describe('formatMegabytes, formatBpm, formatTrackMeta, isOn', () => {
  it('megabytes are 10⁶ bytes; one decimal below 100 MB', () => {
    expect(formatMegabytes(0)).toBe('0.0 MB');
    expect(formatMegabytes(12_345_678)).toBe('12.3 MB');
    expect(formatMegabytes(147_456_000)).toBe('147 MB');
    expect(formatMegabytes(NaN)).toBe('0.0 MB');
  });
  it('tempos lose needless decimals', () => {
    expect(formatBpm(96)).toBe('96');
    expect(formatBpm(92.5)).toBe('92.5');
    expect(formatBpm(119.999)).toBe('120');
  });
  it('metadata: key · tempo · meter; a tempo map shows its range; no key is left out', () => {
    expect(formatTrackMeta({ key: 'A minor', tempoMap: [{ beat: 0, bpm: 96 }], timeSignature: [4, 4] })).toBe('A minor \u00b7 96 BPM \u00b7 4/4');
    expect(formatTrackMeta({ key: null, tempoMap: [{ beat: 0, bpm: 120 }, { beat: 32, bpm: 90 }], timeSignature: [6, 8] })).toBe('90\u2013120 BPM \u00b7 6/8');
  });
  it('toggles are on from 0.5', () => {
    expect(isOn(undefined)).toBe(false);
    expect(isOn(0)).toBe(false);
    expect(isOn(0.5)).toBe(true);
    expect(isOn(1)).toBe(true);
  });
});

describe('bar.beat from song seconds', () => {
  it('4/4 at 120 BPM, downbeat at 0: a beat every 0.5 s, a bar every 2 s', () => {
    const g = grid(120);
    expect(formatBarBeat(barBeatAt(g, 0))).toBe('1.1');
    expect(formatBarBeat(barBeatAt(g, 0.49))).toBe('1.1');
    expect(formatBarBeat(barBeatAt(g, 0.5))).toBe('1.2');
    expect(formatBarBeat(barBeatAt(g, 1.99))).toBe('1.4');
    expect(formatBarBeat(barBeatAt(g, 2))).toBe('2.1');
    expect(formatBarBeat(barBeatAt(g, 2.6))).toBe('2.2');
  });
  it('exact beat boundaries reached through float arithmetic land on the new beat', () => {
    const g = grid(90, 4, 0.3);
    // beat 3 at 90 BPM is 2 s after the downbeat
    expect(formatBarBeat(barBeatAt(g, 0.1 + 0.2 + 2))).toBe('1.4');
  });
  it('the downbeat offsets bar 1; time before it is a pickup in bar 0', () => {
    const g = grid(120, 4, 1.0);
    expect(formatBarBeat(barBeatAt(g, 1.0))).toBe('1.1');
    expect(formatBarBeat(barBeatAt(g, 0.6))).toBe('0.4');
    expect(formatBarBeat(barBeatAt(g, 0))).toBe('0.3');
    expect(formatBarBeat(barBeatAt(grid(120, 4, 3), 0))).toBe(`${MINUS}1.3`);
  });
  it('the numerator sets beats per bar (3/4, 6/8)', () => {
    expect(formatBarBeat(barBeatAt(grid(60, 3), 3))).toBe('2.1');
    expect(formatBarBeat(barBeatAt(grid(60, 6), 5))).toBe('1.6');
    expect(beatsPerBar({ ...grid(60), timeSignature: [0, 4] })).toBe(4);
  });
  it('follows tempo changes in the map (steps)', () => {
    const g: SongGrid = { tempoMap: [{ beat: 0, bpm: 120 }, { beat: 8, bpm: 60 }], timeSignature: [4, 4], downbeat: 0 };
    // 8 beats at 120 = 4 s; then a beat per second
    expect(songSecondsToBeats(g, 4)).toBeCloseTo(8, 9);
    expect(songSecondsToBeats(g, 6)).toBeCloseTo(10, 9);
    expect(formatBarBeat(barBeatAt(g, 6))).toBe('3.3');
    expect(barStartSeconds(g, 3)).toBeCloseTo(4, 9);
    expect(barStartSeconds(g, 4)).toBeCloseTo(8, 9);
  });
  it('bar starts round-trip through barBeatAt', () => {
    const g = grid(97, 4, 0.37);
    for (let bar = 0; bar < 40; bar++) expect(barBeatAt(g, barStartSeconds(g, bar))).toEqual({ bar, beat: 1 });
  });
});
