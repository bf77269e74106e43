/**
 * SoundFont parsing (docs/midi.md rule F1–F3) with a SoundFont the test writes itself.
 */
import { describe, expect, test } from 'vitest';
import { GEN, SoundFontError, ZONE_FIELDS, findPreset, packZones, parseSoundFont, playbackRatio, zonesFor } from '../../src/midi/sf2.js';
import { sf2Bytes, sineSample } from './sf2-files.js';

/** Two samples (a 440 Hz-at-A4 sine loop, a one-shot "click"), a piano with two key splits, a kit. */
function tinyFont(): Uint8Array {
  const sine = sineSample(1000, 10); // 10 cycles in 1000 frames at 44.1 kHz = 441 Hz
  const click = Int16Array.from({ length: 200 }, (_, i) => Math.round(30000 * Math.exp(-i / 20)));
  return sf2Bytes('Tiny GM', [
    { name: 'sine', data: sine, loopStart: 100, loopEnd: 900, rate: 44100, key: 69, correction: -4 },
    { name: 'click', data: click, loopStart: 0, loopEnd: 0, rate: 22050, key: 60 },
  ], [
    {
      name: 'Sine Piano',
      zones: [
        // Global zone: defaults for the others (no sampleID).
        { gens: [[GEN.attackVolEnv, -7973], [GEN.releaseVolEnv, 0], [GEN.sustainVolEnv, 100], [GEN.initialFilterFc, 9000]] },
        { gens: [[GEN.keyRange, 0, 59], [GEN.sampleModes, 1], [GEN.overridingRootKey, 57], [GEN.sampleID, 0]] },
        { gens: [[GEN.keyRange, 60, 127], [GEN.velRange, 0, 100], [GEN.sampleModes, 1], [GEN.fineTune, 7], [GEN.startloopAddrsOffset, 10], [GEN.pan, -250], [GEN.sampleID, 0]] },
      ],
    },
    { name: 'Kit', zones: [{ gens: [[GEN.keyRange, 36, 36], [GEN.exclusiveClass, 1], [GEN.initialAttenuation, 60], [GEN.sampleID, 1]] }] },
  ], [
    { name: 'Piano', program: 0, bank: 0, zones: [{ gens: [[GEN.coarseTune, 1], [GEN.instrument, 0]] }] },
    { name: 'Standard', program: 0, bank: 128, zones: [{ gens: [[GEN.keyRange, 30, 40], [GEN.instrument, 1]] }] },
  ]);
}

describe('F1: presets, instruments and zones flatten into voice zones', () => {
  const sf = parseSoundFont(tinyFont(), { fileName: 'tiny.sf2' });

  test('names, presets, samples', () => {
    expect(sf.name).toBe('Tiny GM');
    expect(sf.presets.map((p) => [p.name, p.bank, p.program, p.zones.length])).toEqual([['Piano', 0, 0, 2], ['Standard', 128, 0, 1]]);
    expect(sf.samples.map((s) => [s.name, s.start, s.end, s.loopStart, s.loopEnd, s.originalKey, s.correction])).toEqual([
      ['sine', 0, 1000, 100, 900, 69, -4],
      ['click', 1046, 1246, 1046, 1046, 60, 0],
    ]);
    expect(sf.sampleData[1046]).toBe(30000);
  });

  test('key/velocity ranges, loop points, tuning, envelope, filter, pan (global zone defaults, preset offsets added)', () => {
    const piano = findPreset(sf, 0, 0)!;
    const [low, high] = piano.zones;
    expect([low.keyLo, low.keyHi, low.velLo, low.velHi]).toEqual([0, 59, 0, 127]);
    expect([high.keyLo, high.keyHi, high.velLo, high.velHi]).toEqual([60, 127, 0, 100]);
    expect(low.rootKey).toBe(57);
    expect(high.rootKey).toBe(69);
    expect([high.loopStart, high.loopEnd, high.loopMode]).toEqual([110, 900, 1]);
    expect(low.tuneCents).toBe(100 - 4); // preset coarse +1 semitone, sample correction −4
    expect(high.tuneCents).toBe(100 + 7 - 4);
    expect(high.pan).toBeCloseTo(-0.5, 9);
    expect(low.volumeEnvelope.attack).toBeCloseTo(0.01, 4); // −7973 timecents
    expect(low.volumeEnvelope.release).toBe(1);
    expect(low.volumeEnvelope.sustainDb).toBe(10);
    expect(low.volumeEnvelope.decay).toBeCloseTo(2 ** -10, 9); // default −12000 timecents
    expect(low.filterHz).toBeCloseTo(8.176 * 2 ** (9000 / 1200), 6);
    expect(zonesFor(piano, 72, 90)).toEqual([high]);
    expect(zonesFor(piano, 72, 110)).toEqual([]);
  });

  test('drums: bank 128, ranges intersected, exclusive class and attenuation; GM fallback', () => {
    const kit = findPreset(sf, 128, 25)!; // no TR-808 kit: the standard kit
    expect(kit.name).toBe('Standard');
    expect(kit.zones).toHaveLength(1);
    expect([kit.zones[0].keyLo, kit.zones[0].keyHi, kit.zones[0].exclusiveClass, kit.zones[0].attenuationDb, kit.zones[0].loopMode]).toEqual([36, 36, 1, 6, 0]);
    expect(findPreset(sf, 8, 0)!.name).toBe('Piano'); // a GS variation bank falls back to bank 0
    expect(findPreset(sf, 0, 5)).toBeNull();
  });

  test('playback ratio: A4 on the high zone plays the sample at its pitch (+tuning), rate converted', () => {
    const high = findPreset(sf, 0, 0)!.zones[1];
    expect(playbackRatio(high, 69, 44100)).toBeCloseTo(2 ** (103 / 1200), 12);
    expect(playbackRatio(high, 81, 48000)).toBeCloseTo(2 * 2 ** (103 / 1200) * (44100 / 48000), 12);
  });

  test('packed zone table for the worklet', () => {
    const table = packZones(findPreset(sf, 0, 0)!);
    expect(table.length).toBe(2 * ZONE_FIELDS);
    expect(Array.from(table.slice(ZONE_FIELDS, ZONE_FIELDS + 11))).toEqual([60, 127, 0, 100, 0, 1000, 110, 900, 1, 44100, 69]);
  });
});

describe('F2: damaged SoundFonts are refused with a message a musician can act on', () => {
  test('not a SoundFont, empty, truncated, no presets', () => {
    const good = tinyFont();
    expect(() => parseSoundFont(new Uint8Array(0), { fileName: 'gm.sf2' })).toThrow('"gm.sf2" is empty (0 bytes).');
    expect(() => parseSoundFont(new TextEncoder().encode('MThd not a soundfont'), { fileName: 'gm.sf2' })).toThrow('"gm.sf2" is not a SoundFont (it does not start with "RIFF…sfbk").');
    expect(() => parseSoundFont(good.slice(0, good.length - 100), { fileName: 'gm.sf2' })).toThrow(new SoundFontError('"gm.sf2" is not a valid SoundFont (truncated file).'));
    const noPresets = sf2Bytes('x', [{ name: 's', data: new Int16Array(10), loopStart: 0, loopEnd: 0, rate: 44100, key: 60 }], [], []);
    expect(() => parseSoundFont(noPresets, { fileName: 'x.sf2' })).toThrow('"x.sf2" is not a valid SoundFont (no presets).');
  });

  test('a zone pointing past the sample data', () => {
    const bytes = tinyFont();
    // Corrupt the first sample header's end (shdr is the last chunk: 3 records of 46 bytes).
    const shdr = bytes.length - 3 * 46;
    new DataView(bytes.buffer).setUint32(shdr + 24, 999999, true);
    expect(() => parseSoundFont(bytes, { fileName: 'bad.sf2' })).toThrow('"bad.sf2" is not a valid SoundFont (sample 1 ("sine") lies outside the sample data).');
  });
});
