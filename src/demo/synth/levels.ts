/**
 * Level measurement for balancing the stems: peak, and a "playing loudness" that ignores the
 * bars where a part is silent (the 90th percentile of short-window RMS).
 */
import type { Channels } from './dsp.js';

export function peak(channels: Channels): number {
  let p = 0;
  for (const ch of channels) for (let i = 0; i < ch.length; i++) { const a = Math.abs(ch[i]); if (a > p) p = a; }
  return p;
}

/** 90th percentile of the RMS over 100 ms windows (all channels pooled). */
export function playingRms(channels: Channels, sampleRate: number): number {
  const window = Math.round(0.1 * sampleRate);
  const values: number[] = [];
  for (let start = 0; start + window <= channels[0].length; start += window) {
    let sum = 0;
    for (const ch of channels) for (let i = start; i < start + window; i++) sum += ch[i] * ch[i];
    values.push(Math.sqrt(sum / (window * channels.length)));
  }
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length * 0.9)] ?? 0;
}

export function scaleInPlace(channels: Channels, gain: number): void {
  for (const ch of channels) for (let i = 0; i < ch.length; i++) ch[i] *= gain;
}
