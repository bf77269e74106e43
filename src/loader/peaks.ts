/**
 * Waveform peaks for drawing. Pure; any thread.
 */
import { PEAKS_PER_SECOND } from '../shared/constants.js';
import type { Hertz } from '../shared/units.js';
import { INT16_FULL_SCALE } from './pcm.js';

/**
 * For each bucket of `sampleRate / PEAKS_PER_SECOND` frames, the largest |value| over all channels,
 * 0…1 relative to int16 full scale. Since stems are stored normalised to their own peak, the
 * loudest bucket of a non-silent stem is 1 (before the trim): every lane of the GUI fills its
 * height, as DAWs draw clips. Bucket edges are `floor(i × sampleRate / PEAKS_PER_SECOND)`, so
 * rates that are not a multiple of 100 neither drift nor lose frames.
 *
 * @example computePeaks(pcm, 2, 48000).length // = ceil(frames / 480)
 */
export function computePeaks(pcm: Int16Array, channels: number, sampleRate: Hertz, peaksPerSecond = PEAKS_PER_SECOND): Float32Array {
  const frames = Math.floor(pcm.length / channels);
  const framesPerPeak = sampleRate / peaksPerSecond;
  const count = Math.ceil(frames / framesPerPeak);
  const peaks = new Float32Array(count);
  for (let b = 0; b < count; b++) {
    const start = Math.floor(b * framesPerPeak) * channels;
    const end = Math.min(frames, Math.floor((b + 1) * framesPerPeak)) * channels;
    let max = 0;
    for (let i = start; i < end; i++) {
      const v = pcm[i];
      const a = v < 0 ? -v : v;
      if (a > max) max = a;
    }
    // −32768 cannot come from toInt16, but clamp so foreign PCM never draws past the lane.
    peaks[b] = Math.min(1, max / INT16_FULL_SCALE);
  }
  return peaks;
}
