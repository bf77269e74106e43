import { describe, expect, test } from 'vitest';
import { encodeWav } from '../../../src/audio-files/wav-encode.js';
import { decodeWav, readWavInfo, wavDecoder } from '../../../src/audio-files/wav-decode.js';
import { sine } from './signals.js';

interface WavSpec {
  format: 'int' | 'float';
  bits: number;
  rate?: number;
  /** Interleaved samples as written: integers for 'int' (8-bit unsigned), floats for 'float'. */
  samples: number[];
  channels?: number;
  extensible?: boolean;
  /** Chunks before 'fmt ' and between 'fmt ' and 'data' (odd sizes get their pad byte). */
  before?: Array<[string, number]>;
  between?: Array<[string, number]>;
  after?: Array<[string, number]>;
  /** Override the data chunk's size field. */
  dataSize?: number;
}

/** A WAV written byte by byte, independent of the encoder under test. */
function buildWav(spec: WavSpec): Uint8Array {
  const channels = spec.channels ?? 1;
  const rate = spec.rate ?? 48000;
  const bytesPer = spec.bits / 8;
  const out: number[] = [];
  const u32 = (v: number) => out.push(v & 255, (v >>> 8) & 255, (v >>> 16) & 255, (v >>> 24) & 255);
  const u16 = (v: number) => out.push(v & 255, (v >>> 8) & 255);
  const id = (s: string) => { for (const c of s) out.push(c.charCodeAt(0)); };
  const chunk = ([name, size]: [string, number]) => {
    id(name); u32(size);
    for (let i = 0; i < size; i++) out.push(0x55);
    if (size & 1) out.push(0);
  };
  id('RIFF'); u32(0); id('WAVE'); // RIFF size left 0, as streaming writers do
  (spec.before ?? []).forEach(chunk);
  const tag = spec.format === 'int' ? 1 : 3;
  id('fmt '); u32(spec.extensible ? 40 : 16);
  u16(spec.extensible ? 0xfffe : tag); u16(channels); u32(rate); u32(rate * channels * bytesPer); u16(channels * bytesPer); u16(spec.bits);
  if (spec.extensible) {
    u16(22); u16(spec.bits); u32(channels === 2 ? 3 : 4);
    u16(tag); out.push(0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71);
  }
  (spec.between ?? []).forEach(chunk);
  const data: number[] = [];
  const view = new DataView(new ArrayBuffer(8));
  for (const s of spec.samples) {
    if (spec.format === 'float') {
      if (spec.bits === 32) view.setFloat32(0, s, true); else view.setFloat64(0, s, true);
    } else if (spec.bits === 8) view.setUint8(0, s);
    else if (spec.bits === 16) view.setInt16(0, s, true);
    else if (spec.bits === 24) { view.setInt32(0, s, true); }
    else view.setInt32(0, s, true);
    for (let i = 0; i < bytesPer; i++) data.push(view.getUint8(i));
  }
  id('data'); u32(spec.dataSize ?? data.length); out.push(...data);
  if (data.length & 1) out.push(0);
  (spec.after ?? []).forEach(chunk);
  return new Uint8Array(out);
}

describe('WAV decoder', () => {
  test.each<[string, WavSpec, number[]]>([
    ['8-bit unsigned', { format: 'int', bits: 8, samples: [0, 64, 128, 192, 255] }, [-1, -0.5, 0, 0.5, 127 / 128]],
    ['16-bit', { format: 'int', bits: 16, samples: [-32768, -16384, 0, 16384, 32767] }, [-1, -0.5, 0, 0.5, 32767 / 32768]],
    ['24-bit', { format: 'int', bits: 24, samples: [-8388608, -4194304, 0, 4194304, 8388607, -1] }, [-1, -0.5, 0, 0.5, 8388607 / 8388608, -1 / 8388608]],
    ['32-bit int', { format: 'int', bits: 32, samples: [-2147483648, -1073741824, 0, 1073741824] }, [-1, -0.5, 0, 0.5]],
    ['32-bit float', { format: 'float', bits: 32, samples: [-1, -0.25, 0, 0.75, 1.5] }, [-1, -0.25, 0, 0.75, 1.5]],
    ['64-bit float', { format: 'float', bits: 64, samples: [-1, 0.1, 0, 0.3] }, [-1, Math.fround(0.1), 0, Math.fround(0.3)]],
    ['24-bit extensible', { format: 'int', bits: 24, extensible: true, samples: [4194304, -4194304] }, [0.5, -0.5]],
    ['float extensible', { format: 'float', bits: 32, extensible: true, samples: [0.5] }, [0.5]],
  ])('%s', (_, spec, expected) => {
    const { sampleRate, channels } = decodeWav(buildWav(spec));
    expect(sampleRate).toBe(48000);
    expect(channels).toHaveLength(1);
    expect(Array.from(channels[0])).toEqual(expected.map(Math.fround));
  });

  test('stereo is de-interleaved', () => {
    const { channels } = decodeWav(buildWav({ format: 'int', bits: 16, channels: 2, samples: [16384, -16384, 8192, -8192] }));
    expect(channels.map((c) => Array.from(c))).toEqual([[0.5, 0.25], [-0.5, -0.25]]);
  });

  test('chunks before, between and after, with odd sizes and their pad bytes', () => {
    const wav = buildWav({
      format: 'int', bits: 8, samples: [255, 0, 128], // odd data length: padded too
      before: [['JUNK', 3]], between: [['LIST', 5], ['bext', 1]], after: [['id3 ', 7]],
    });
    expect(Array.from(decodeWav(wav).channels[0])).toEqual([127 / 128, -1, 0].map(Math.fround));
  });

  test('a data size of 0xFFFFFFFF (streaming writer) reads to the end of the file', () => {
    const wav = buildWav({ format: 'int', bits: 16, samples: [16384, 16384, 16384], dataSize: 0xffffffff });
    expect(decodeWav(wav).channels[0]).toHaveLength(3);
  });

  test('round trip with the encoder, 16-bit and float', () => {
    const left = sine(440, 44100, 0.1, 0.8);
    const right = sine(660, 44100, 0.1, 0.3);
    const pcm16 = decodeWav(encodeWav([left, right], 44100));
    expect(pcm16.sampleRate).toBe(44100);
    for (let i = 0; i < left.length; i++) expect(Math.abs(pcm16.channels[0][i] - left[i])).toBeLessThan(1.5 / 32767);
    const f32 = decodeWav(encodeWav([left, right], 44100, 'float32'));
    expect(f32.channels[1]).toEqual(right);
  });

  test.each<[string, Uint8Array, string]>([
    ['a truncated data chunk', buildWav({ format: 'int', bits: 16, samples: [1, 2, 3, 4], dataSize: 100 }), 'the file is truncated: it should hold 100 bytes of audio but has only 8'],
    ['a file cut inside the header', buildWav({ format: 'int', bits: 16, samples: [1] }).subarray(0, 30), 'the WAV format chunk is truncated'],
    ['no data chunk', buildWav({ format: 'int', bits: 16, samples: [] }).subarray(0, 36), 'the WAV file has no audio data chunk'],
    ['not a WAV', new TextEncoder().encode('ID3\x04 this is an mp3'), 'not a WAV file (no RIFF/WAVE header)'],
    ['too short', new Uint8Array(4), 'the file is too short to be a WAV file'],
    ['a compressed format', (() => { const w = buildWav({ format: 'int', bits: 16, samples: [0] }); w[20] = 2; return w; })(), 'WAV format 2 with 16-bit samples is not supported'],
    ['12-bit samples', (() => { const w = buildWav({ format: 'int', bits: 16, samples: [0] }); w[34] = 12; return w; })(), 'WAV format 1 with 12-bit samples is not supported'],
    ['a wrong block size', (() => { const w = buildWav({ format: 'int', bits: 16, samples: [0] }); w[32] = 4; return w; })(), 'the WAV header is inconsistent (block size 4, expected 2)'],
  ])('%s is a clear Error, not a crash', (_, bytes, message) => {
    expect(() => decodeWav(bytes)).toThrow(message);
  });

  test('every prefix of a valid file either decodes or throws an Error', () => {
    const wav = buildWav({ format: 'int', bits: 24, channels: 2, samples: [1, 2, 3, 4, 5, 6], between: [['LIST', 3]] });
    for (let n = 0; n <= wav.length; n++) {
      try {
        decodeWav(wav.subarray(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
  });

  test('readWavInfo gives the length without decoding; wavDecoder names the file in errors', async () => {
    const info = readWavInfo(encodeWav([new Float32Array(4800)], 48000));
    expect(info).toMatchObject({ sampleRate: 48000, channels: 1, frames: 4800, bitsPerSample: 16, encoding: 'int', dataOffset: 44, dataBytes: 9600 });
    await expect(wavDecoder.decode(new ArrayBuffer(4), 'x.wav')).rejects.toThrow('x.wav: the file is too short to be a WAV file');
  });
});
