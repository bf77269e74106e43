/**
 * RIFF/WAVE encoder: planar float channels → 16-bit PCM or 32-bit float WAV bytes.
 * Used by the demo-song generator, the test fixtures and the CLI. Pure; any thread.
 */

export type WavSampleFormat = 'pcm16' | 'float32';

/**
 * @example encodeWav([left, right], 48000) // Uint8Array holding a 16-bit stereo WAV file
 */
export function encodeWav(channels: readonly Float32Array[], sampleRate: number, format: WavSampleFormat = 'pcm16'): Uint8Array {
  const channelCount = channels.length;
  if (channelCount < 1) throw new Error('encodeWav: at least one channel is needed');
  const frames = channels[0].length;
  const bytesPerSample = format === 'pcm16' ? 2 : 4;
  const dataBytes = frames * channelCount * bytesPerSample;
  const out = new Uint8Array(44 + dataBytes);
  const view = new DataView(out.buffer);
  const ascii = (offset: number, text: string) => { for (let i = 0; i < text.length; i++) out[offset + i] = text.charCodeAt(i); };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format === 'pcm16' ? 1 : 3, true);
  view.setUint16(22, channelCount, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channelCount * bytesPerSample, true);
  view.setUint16(32, channelCount * bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channelCount; c++) {
      const s = channels[c][i];
      if (format === 'pcm16') {
        const clamped = s > 1 ? 1 : s < -1 ? -1 : s || 0;
        view.setInt16(offset, Math.round(clamped * 32767), true);
        offset += 2;
      } else {
        view.setFloat32(offset, s, true);
        offset += 4;
      }
    }
  }
  return out;
}
