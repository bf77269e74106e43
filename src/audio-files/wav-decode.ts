/**
 * RIFF/WAVE decoder: WAV bytes → planar float channels. For Node (the CLI, tests), where there is
 * no decodeAudioData. Pure; any thread.
 *
 * Reads PCM integer 8 (unsigned), 16, 24 and 32 bit, IEEE float 32 and 64 bit, plain or
 * WAVE_FORMAT_EXTENSIBLE; chunks in any order, odd-sized chunks with their pad byte. Damaged files
 * (truncated data, missing chunks, compressed formats) are rejected with an Error whose message
 * says what is wrong; nothing here throws anything else or reads out of bounds.
 */
import type { AudioDecoder } from '../loader/types.js';

const FORMAT_PCM = 0x0001;
const FORMAT_FLOAT = 0x0003;
const FORMAT_EXTENSIBLE = 0xfffe;

export type WavEncoding = 'int' | 'float';

/** What the header says, enough to know the duration before decoding anything. */
export interface WavInfo {
  sampleRate: number;
  channels: number;
  /** Bits per sample of the container (a 24-bit sample in a 32-bit slot reads as 32). */
  bitsPerSample: number;
  encoding: WavEncoding;
  frames: number;
  /** Byte offset and length of the sample data. */
  dataOffset: number;
  dataBytes: number;
}

/** True when the bytes start like a WAV file (so {@link readWavInfo} applies). */
export function isWav(bytes: ArrayBuffer | Uint8Array): boolean {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes, 0, Math.min(12, bytes.byteLength));
  return b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WAVE';
}

/**
 * Parse the header and locate the samples without decoding them.
 * @throws Error when the file is not a WAV Backline can read, or is truncated.
 */
export function readWavInfo(buffer: ArrayBuffer | Uint8Array): WavInfo {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) throw new Error('the file is too short to be a WAV file');
  const riff = ascii(bytes, 0, 4);
  if (riff === 'RF64' || riff === 'BW64') throw new Error('64-bit WAV (RF64) files are not supported; export a standard WAV under 4 GB');
  if (riff !== 'RIFF' || ascii(bytes, 8, 4) !== 'WAVE') throw new Error('not a WAV file (no RIFF/WAVE header)');

  let format: { tag: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | null = null;
  let data: { offset: number; bytes: number } | null = null;
  // The RIFF size field is often wrong (streaming writers leave it 0 or −1), so walk to the end of
  // the buffer instead of trusting it.
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = ascii(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + size > bytes.length) throw new Error('the WAV format chunk is truncated');
      let tag = view.getUint16(body, true);
      const bits = view.getUint16(body + 14, true);
      if (tag === FORMAT_EXTENSIBLE) {
        if (size < 40) throw new Error('the WAV extensible format chunk is truncated');
        // The sub-format GUID starts with the plain format tag.
        tag = view.getUint16(body + 24, true);
      }
      format = { tag, channels: view.getUint16(body + 2, true), sampleRate: view.getUint32(body + 4, true), blockAlign: view.getUint16(body + 12, true), bits };
    } else if (id === 'data') {
      const available = bytes.length - body;
      if (size === 0xffffffff || (size === 0 && available > 0 && format !== null)) {
        // Written by a recorder that never came back to fill in the size: the data runs to the end.
        data = { offset: body, bytes: available };
      } else if (size > available) {
        throw new Error(`the file is truncated: it should hold ${size} bytes of audio but has only ${available}`);
      } else {
        data = { offset: body, bytes: size };
      }
      if (format !== null) break; // everything needed; trailing chunks (LIST, id3) do not matter
    }
    // Chunks are padded to an even size; the pad byte is not counted in `size`.
    offset = body + size + (size & 1);
  }
  if (format === null) throw new Error('the WAV file has no format chunk');
  if (data === null) throw new Error('the WAV file has no audio data chunk');

  const { tag, channels, sampleRate, bits } = format;
  let encoding: WavEncoding;
  if (tag === FORMAT_PCM && (bits === 8 || bits === 16 || bits === 24 || bits === 32)) encoding = 'int';
  else if (tag === FORMAT_FLOAT && (bits === 32 || bits === 64)) encoding = 'float';
  else throw new Error(`WAV format ${tag} with ${bits}-bit samples is not supported (use PCM 8/16/24/32-bit or float 32/64-bit)`);
  if (channels < 1) throw new Error('the WAV file declares no channels');
  if (sampleRate < 1) throw new Error('the WAV file declares a sample rate of 0');
  const frameBytes = channels * (bits / 8);
  if (format.blockAlign !== frameBytes) throw new Error(`the WAV header is inconsistent (block size ${format.blockAlign}, expected ${frameBytes})`);
  return { sampleRate, channels, bitsPerSample: bits, encoding, frames: Math.floor(data.bytes / frameBytes), dataOffset: data.offset, dataBytes: data.bytes };
}

/**
 * Decode a WAV file to planar float channels (−1…1 for integer formats).
 * @throws Error with a readable reason for anything it cannot decode.
 * @example const { sampleRate, channels } = decodeWav(readFileSync('bass.wav'));
 */
export function decodeWav(buffer: ArrayBuffer | Uint8Array): { sampleRate: number; channels: Float32Array[] } {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const info = readWavInfo(bytes);
  const { channels: count, frames, bitsPerSample: bits, encoding } = info;
  const view = new DataView(bytes.buffer, bytes.byteOffset + info.dataOffset, frames * count * (bits / 8));
  const channels = Array.from({ length: count }, () => new Float32Array(frames));
  const step = bits / 8;
  let p = 0;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < count; c++, p += step) {
      let v: number;
      if (encoding === 'float') v = bits === 32 ? view.getFloat32(p, true) : view.getFloat64(p, true);
      else if (bits === 16) v = view.getInt16(p, true) / 0x8000;
      else if (bits === 24) v = (((view.getUint8(p + 2) << 24) | (view.getUint8(p + 1) << 16) | (view.getUint8(p) << 8)) >> 8) / 0x800000;
      else if (bits === 32) v = view.getInt32(p, true) / 0x80000000;
      else v = (view.getUint8(p) - 128) / 128; // 8-bit WAV is unsigned
      channels[c][i] = v;
    }
  }
  return { sampleRate: info.sampleRate, channels };
}

/**
 * The loader's decoder for Node and tests: WAV only. Other formats are rejected with a message
 * that says so (the loader turns it into "Could not decode …").
 *
 * @example await loadTrackData(url, { sampleRate: 48000, decoder: wavDecoder, fetch: fileFetch });
 */
export const wavDecoder: AudioDecoder = {
  async decode(bytes: ArrayBuffer, fileName: string) {
    try {
      return decodeWav(bytes);
    } catch (e) {
      throw new Error(`${fileName}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  },
};

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = 0; i < length && offset + i < bytes.length; i++) s += String.fromCharCode(bytes[offset + i]);
  return s;
}
