/**
 * The loader's AudioDecoder for Node: WAV with our own decoder, FLAC, Ogg Vorbis and MP3 with the
 * wasm decoders from npm (loaded only when such a file appears). Decoded audio keeps its own rate;
 * the loader resamples to the render rate. Node main thread.
 */
import type { AudioDecoder } from '../loader/index.js';
import { isWav, wavDecoder } from '../audio-files/wav-decode.js';

interface Decoded { channelData: Float32Array[]; samplesDecoded: number; sampleRate: number; errors?: unknown[] }

function startsWith(bytes: Uint8Array, text: string, at = 0): boolean {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function isMp3(bytes: Uint8Array, name: string): boolean {
  return startsWith(bytes, 'ID3') || (bytes[0] === 0xff && (bytes[1] & 0xe0) === 0xe0) || /\.mp3$/i.test(name);
}

async function decodeWith(kind: 'flac' | 'ogg' | 'mp3', bytes: Uint8Array): Promise<Decoded> {
  if (kind === 'flac') {
    const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
    const decoder = new FLACDecoder();
    await decoder.ready;
    try { return await decoder.decodeFile(bytes); } finally { decoder.free(); }
  }
  if (kind === 'ogg') {
    const { OggVorbisDecoder } = await import('@wasm-audio-decoders/ogg-vorbis');
    const decoder = new OggVorbisDecoder();
    await decoder.ready;
    try { return await decoder.decodeFile(bytes); } finally { decoder.free(); }
  }
  const { MPEGDecoder } = await import('mpg123-decoder');
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try { return decoder.decode(bytes); } finally { decoder.free(); }
}

export const nodeDecoder: AudioDecoder = {
  async decode(buffer, fileName) {
    const bytes = new Uint8Array(buffer);
    if (isWav(bytes)) return wavDecoder.decode(buffer, fileName);
    const kind = startsWith(bytes, 'fLaC') ? 'flac' : startsWith(bytes, 'OggS') ? 'ogg' : isMp3(bytes, fileName) ? 'mp3' : null;
    if (!kind) throw new Error('not an audio format the command line can read (WAV, FLAC, Ogg Vorbis or MP3)');
    const decoded = await decodeWith(kind, bytes);
    if (!decoded.samplesDecoded || !decoded.channelData.length) throw new Error('no audio could be decoded');
    return { sampleRate: decoded.sampleRate, channels: decoded.channelData.map((c) => c.subarray(0, decoded.samplesDecoded)) };
  },
};
