/**
 * The browser's decoder as the loader's AudioDecoder: decodeAudioData resamples to the context
 * rate, so stems arrive at the rate the engine runs at. Thread: main.
 */
import type { AudioDecoder } from './loader/index.js';

export function browserDecoder(context: BaseAudioContext): AudioDecoder {
  return {
    async decode(bytes: ArrayBuffer) {
      const buffer = await context.decodeAudioData(bytes);
      const channels: Float32Array[] = [];
      for (let c = 0; c < buffer.numberOfChannels; c++) channels.push(buffer.getChannelData(c));
      return { sampleRate: buffer.sampleRate, channels };
    },
  };
}
