import { describe, expect, test } from 'vitest';
import { wavDecoder } from '../../../src/audio-files/wav-decode.js';
import { encodeWav } from '../../../src/audio-files/wav-encode.js';
import { loadTrackData, type AudioDecoder } from '../../../src/loader/index.js';
import { computePeaks } from '../../../src/loader/peaks.js';
import { INT16_FULL_SCALE, mixToStereo, padInterleaved, peakOf, toInt16 } from '../../../src/loader/pcm.js';
import { PEAKS_PER_SECOND } from '../../../src/shared/constants.js';
import { dbToGain } from '../../../src/shared/units.js';
import { file, sineWav } from './fixtures.js';
import { sine } from './signals.js';

describe('int16 conversion with a per-stem scale', () => {
  test.each([
    ['a full-scale sine', 1, 0],
    ['a quiet sine keeps 16-bit resolution', 0.01, 0],
    ['a hot float signal above 0 dBFS', 3.7, 0],
    ['with a -6 dB trim', 0.5, -6],
    ['with a +12 dB trim', 0.25, 12],
  ])('%s: round trip error < peak/32767', (_, amplitude, trimDb) => {
    const left = sine(441, 44100, 0.2, amplitude);
    const right = sine(1234.5, 44100, 0.2, amplitude * 0.5, 1);
    const { pcm, scale, peak } = toInt16([left, right], trimDb);
    expect(peak).toBeCloseTo(amplitude, 4);
    expect(scale).toBeCloseTo((peak * dbToGain(trimDb)) / 32767, 15);
    const trim = dbToGain(trimDb);
    let worst = 0;
    for (let i = 0; i < left.length; i++) {
      worst = Math.max(worst, Math.abs((pcm[2 * i] * scale) / trim - left[i]), Math.abs((pcm[2 * i + 1] * scale) / trim - right[i]));
    }
    expect(worst).toBeLessThan(peak / 32767);
    // The loudest sample uses the whole int16 range.
    expect(Math.max(...Array.from(pcm, Math.abs))).toBe(INT16_FULL_SCALE);
  });

  test('a silent stem has scale 0; a trim at the fader bottom too', () => {
    expect(toInt16([new Float32Array(100)], 0)).toMatchObject({ scale: 0, peak: 0 });
    expect(toInt16([sine(100, 8000, 0.1)], -60).scale).toBe(0);
  });

  test('NaN and infinities from a broken float file become silence and do not set the peak', () => {
    const x = new Float32Array([0.5, NaN, Infinity, -Infinity, -0.25]);
    expect(peakOf([x])).toBe(0.5);
    expect(Array.from(toInt16([x], 0).pcm)).toEqual([32767, 0, 0, 0, -16383]) // Math.round: halves go up;
  });

  test('padding: shorter stems are padded with silence to a given length', () => {
    const { pcm } = toInt16([new Float32Array([1, -1]), new Float32Array([0.5, 0.5])], 0, 4);
    expect(Array.from(pcm)).toEqual([32767, 16384, -32767, 16384, 0, 0, 0, 0]);
    expect(Array.from(padInterleaved(new Int16Array([1, 2]), 2, 3))).toEqual([1, 2, 0, 0, 0, 0]);
  });
});

describe('mixing more than two channels down to stereo', () => {
  const ch = (v: number) => new Float32Array([v]);
  test('quad and 5.1 use the Web Audio coefficients; the LFE is dropped', () => {
    expect(mixToStereo([ch(1), ch(2), ch(3), ch(4)]).map((c) => c[0])).toEqual([2, 3]);
    const [l, r] = mixToStereo([ch(1), ch(2), ch(4), ch(100), ch(8), ch(16)]);
    expect(l[0]).toBeCloseTo(1 + Math.SQRT1_2 * (4 + 8), 5);
    expect(r[0]).toBeCloseTo(2 + Math.SQRT1_2 * (4 + 16), 5);
  });
  test('other counts: even channels left, odd right, averaged; mono and stereo untouched', () => {
    expect(mixToStereo([ch(3), ch(6), ch(9)]).map((c) => c[0])).toEqual([6, 6]);
    const mono = [ch(1)];
    expect(mixToStereo(mono)[0]).toBe(mono[0]);
  });
});

describe('peaks', () => {
  test('one bucket per 1/100 s, max |x| over channels, 0…1', () => {
    const rate = 48000;
    const frames = rate / 2 + 10; // half a second and a bit: the last bucket is partial
    const pcm = new Int16Array(frames * 2);
    pcm[2 * 100] = -32767; // bucket 0, left
    pcm[2 * 500 + 1] = 16384; // bucket 1, right
    pcm[2 * (frames - 1)] = 100; // last, partial bucket
    const peaks = computePeaks(pcm, 2, rate);
    expect(peaks).toHaveLength(Math.ceil((frames * PEAKS_PER_SECOND) / rate));
    expect(peaks[0]).toBe(1);
    expect(peaks[1]).toBeCloseTo(0.5, 4);
    expect(peaks[2]).toBe(0);
    expect(peaks[peaks.length - 1]).toBeCloseTo(100 / 32767, 6);
  });

  test('rates that are not a multiple of 100 cover every frame once', () => {
    const rate = 22050; // 220.5 frames per bucket
    const pcm = new Int16Array(rate).fill(0);
    for (let i = 0; i < pcm.length; i += 441) pcm[i] = 32767; // one hit per two buckets
    const peaks = computePeaks(pcm, 1, rate);
    expect(peaks).toHaveLength(100);
    expect(Array.from(peaks).filter((p) => p === 1)).toHaveLength(50);
  });
});

describe('a loaded track', () => {
  test('stems padded to the longest, scale and peaks consistent, slots and colours', async () => {
    const rate = 48000;
    const files = [
      file('Bass.wav', encodeWav([sine(110, rate, 1.0, 0.25)], rate)),
      file('Click.wav', encodeWav([sine(1000, rate, 0.25, 0.5), sine(1000, rate, 0.25, 0.5)], rate)),
      file('Room.wav', encodeWav([new Float32Array(rate / 2)], rate)),
    ];
    const track = await loadTrackData(files, { sampleRate: rate, decoder: wavDecoder });
    const [bass, click, room] = track.stems;
    expect(track.description.frames).toBe(rate);
    expect(track.description.duration).toBe(1);
    for (const s of track.stems) expect(s.pcm.length).toBe(rate * s.layout.channels);
    expect(click.pcm.subarray(rate / 4 * 2).every((v) => v === 0)).toBe(true);
    expect(bass.layout.scale).toBeCloseTo(0.25 / 32767, 6);
    expect(room.layout.scale).toBe(0);
    expect(track.warnings).toContain('Stem "Room" ("Room.wav") is silent.');
    expect(bass.description.peaks).toHaveLength(100);
    expect(Math.max(...bass.description.peaks)).toBeCloseTo(1, 3);
    expect(click.description.peaks[30]).toBe(0);
    expect(track.stems.map((s) => [s.description.slot, s.description.role, s.description.color])).toEqual([
      [1, 'bass', '#4e7de8'], [2, 'click', '#9aa0a6'], [3, 'other', '#7fbf6a'],
    ]);
    expect(track.description.memoryBytes).toBe(rate * 2 * (1 + 2 + 1));
  });

  test('a decoder at another rate is resampled; more than two channels mixed to stereo', async () => {
    const six = Array.from({ length: 6 }, () => sine(1000, 44100, 0.5, 0.1));
    const decoder: AudioDecoder = { async decode() { return { sampleRate: 44100, channels: six }; } };
    const track = await loadTrackData([file('surround.flac', 'fLaC')], { sampleRate: 48000, decoder });
    expect(track.description.stems[0].channels).toBe(2);
    expect(track.description.frames).toBe(24000);
    expect(track.description.sampleRate).toBe(48000);
  });

  test('a manifest trim goes into the scale, and the colour from the manifest wins', async () => {
    const manifest = JSON.stringify({
      title: 'T', tempo: 100,
      stems: [{ id: 'a', name: 'A', file: 'a.wav', role: 'keys', gain: -6, color: '#123456' }],
    });
    const track = await loadTrackData([file('backline.json', manifest), file('a.wav', sineWav(0.1, 48000, 1, 0.5))], { sampleRate: 48000, decoder: wavDecoder });
    const stem = track.stems[0];
    expect(stem.layout.scale).toBeCloseTo((0.5 * dbToGain(-6)) / 32767, 7);
    expect(stem.description).toMatchObject({ gainDb: -6, color: '#123456', role: 'keys' });
  });
});
