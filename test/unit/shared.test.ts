import { describe, expect, it } from 'vitest';
import { parameterSchema, parseStemParamId, PARAMETER_IDS, stemParamId, defaultParameterValues } from '../../src/shared/params.js';
import { beatsToSeconds, bpmAt, secondsToBeats } from '../../src/shared/tempo-map.js';
import { dbToGain, gainToDb } from '../../src/shared/units.js';
import { migrateState, STATE_VERSION } from '../../src/state.js';
import { DEFAULT_PRACTICE, sanitizePractice } from '../../src/shared/practice.js';

describe('parameters', () => {
  it('has the contract ids: stemNMute/Solo/Gain for N = 1…16, masterGain, speed and followHostTempo', () => {
    expect(PARAMETER_IDS).toHaveLength(16 * 3 + 8);
    for (const id of ['loopEnabled', 'clickLevel', 'countInBars']) expect(PARAMETER_IDS).toContain(id);
    for (const id of ['semitones', 'cents']) expect(PARAMETER_IDS).toContain(id);
    for (let n = 1; n <= 16; n++) for (const kind of ['Mute', 'Solo', 'Gain']) expect(PARAMETER_IDS).toContain(`stem${n}${kind}`);
    for (const id of ['masterGain', 'speed', 'followHostTempo']) expect(PARAMETER_IDS).toContain(id);
    const schema = parameterSchema();
    expect([schema.speed.minValue, schema.speed.maxValue, schema.speed.defaultValue]).toEqual([0.25, 2, 1]);
    expect([schema.followHostTempo.type, schema.followHostTempo.defaultValue]).toEqual(['boolean', 1]);
  });
  it('labels follow stem names, ids never change', () => {
    const schema = parameterSchema(['Drums', 'Bass']);
    expect(schema.stem1Mute.label).toBe('Mute Drums');
    expect(schema.stem2Solo.label).toBe('Solo Bass');
    expect(schema.stem3Gain.label).toBe('Stem 3 Gain');
    expect(Object.keys(schema)).toEqual(PARAMETER_IDS);
  });
  it('parses ids', () => {
    expect(parseStemParamId(stemParamId(12, 'Gain'))).toEqual({ slot: 12, kind: 'Gain' });
    expect(parseStemParamId('stem17Mute')).toBeNull();
    expect(parseStemParamId('masterGain')).toBeNull();
    expect(defaultParameterValues().stem5Gain).toBe(0);
  });
});

describe('units', () => {
  it('dB ↔ gain, with the fader bottom as silence', () => {
    expect(dbToGain(0)).toBe(1);
    expect(dbToGain(-6)).toBeCloseTo(0.501187, 6);
    expect(dbToGain(-60)).toBe(0);
    expect(dbToGain(Number.NaN)).toBe(0);
    expect(gainToDb(0.5)).toBeCloseTo(-6.0206, 4);
  });
});

describe('tempo map', () => {
  const map = [{ beat: 0, bpm: 90 }, { beat: 32, bpm: 120 }];
  it('converts across tempo changes', () => {
    expect(beatsToSeconds(map, 32)).toBeCloseTo((32 * 60) / 90, 9);
    expect(beatsToSeconds(map, 40)).toBeCloseTo((32 * 60) / 90 + (8 * 60) / 120, 9);
    expect(beatsToSeconds(map, -2)).toBeCloseTo((-2 * 60) / 90, 9);
    for (const beat of [-3, 0, 5.5, 32, 47.25]) expect(secondsToBeats(map, beatsToSeconds(map, beat))).toBeCloseTo(beat, 9);
    expect(bpmAt(map, 31.9)).toBe(90);
    expect(bpmAt(map, 32)).toBe(120);
  });
});

describe('state', () => {
  it('migrates the SDK shape and drops unknown ids', () => {
    const state = migrateState({ parameterValues: { stem1Mute: { id: 'stem1Mute', value: 1 }, bogus: { value: 3 } } });
    expect(state.version).toBe(STATE_VERSION);
    expect(state.params).toEqual({ stem1Mute: 1 });
    expect(state.track).toBeNull();
  });
  it('keeps v1 and v2 fields (migrated to v3) and refuses newer versions with a clear message', () => {
    const v1 = { version: 1, track: { kind: 'url', url: 'https://x/song.zip' }, params: { masterGain: -3 }, settings: { barBase: 1 } };
    expect(migrateState(v1)).toEqual({
      ...v1, version: 3, settings: { barBase: 1, barOffset: 0, emitTransport: false }, keepsPitch: {}, practice: sanitizePractice(null),
    });
    const v2 = {
      version: 2, track: null, params: { speed: 0.75, followHostTempo: 0, semitones: 3, cents: -20 },
      settings: { barBase: 0, barOffset: -3, emitTransport: true }, keepsPitch: { drums: false, bass: true },
    };
    expect(migrateState(v2)).toEqual({ ...v2, version: 3, practice: DEFAULT_PRACTICE });
    const v3 = {
      ...v2, version: 3, params: { ...v2.params, loopEnabled: 1, clickLevel: -12, countInBars: 1 },
      practice: {
        loop: { startBar: 13, endBar: 21 }, countInEvery: true, click: true, clickOutput: 'separate',
        trainer: { enabled: true, start: 0.7, step: 3, unit: 'percent', cap: 1 },
      },
    };
    expect(migrateState(v3)).toEqual(v3);
    expect(migrateState({ version: 2, settings: { barBase: 7, barOffset: 2.6, emitTransport: 'yes' } }).settings).toEqual({ barBase: 0, barOffset: 3, emitTransport: false });
    expect(migrateState({ version: 2, keepsPitch: { drums: 'no', bass: true } }).keepsPitch).toEqual({ bass: true });
    expect(() => migrateState({ version: 99 })).toThrow(/newer Backline/);
  });
});
