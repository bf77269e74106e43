/**
 * Bus effects baked into the demo stems: a small feedback-delay-network reverb and a ping-pong
 * delay. Each takes the stem's channels (mono or stereo) and adds its wet signal in place.
 */
import { onePoleCoefficient, type Channels } from './dsp.js';

export interface ReverbOptions {
  /** Time for the tail to fall by 60 dB. */
  rt60: number;
  /** Wet level added to the dry signal. */
  wet: number;
  /** Scales the delay lengths (1 ≈ a small room, 2 ≈ a hall). */
  size: number;
  /** Lowpass in the feedback loop (darker tail when lower). */
  dampingHz: number;
  preDelay: number;
}

/** Prime-ish line lengths in milliseconds at size 1; mutually prime so the echoes do not line up. */
const LINE_MS = [29.71, 37.13, 41.11, 43.73, 53.17, 59.39, 61.27, 67.81];

/**
 * An 8-line FDN with a Householder feedback matrix. Mono stems get the mid of the wet signal.
 * @example addReverb(pad, 44100, { rt60: 3, wet: 0.3, size: 1.8, dampingHz: 5000, preDelay: 0.02 })
 */
export function addReverb(channels: Channels, sampleRate: number, o: ReverbOptions): void {
  const frames = channels[0].length;
  const n = LINE_MS.length;
  const lengths = LINE_MS.map((ms) => Math.max(1, Math.round(ms * o.size * sampleRate / 1000)));
  // All lines in one buffer: line k occupies [starts[k], starts[k] + lengths[k]).
  const starts = new Int32Array(n);
  for (let k = 1; k < n; k++) starts[k] = starts[k - 1] + lengths[k - 1];
  const buffer = new Float32Array(starts[n - 1] + lengths[n - 1]);
  const ends = Int32Array.from(lengths, (len, k) => starts[k] + len);
  const positions = Int32Array.from(starts);
  const gains = Float64Array.from(lengths, (len) => Math.pow(10, -3 * len / (o.rt60 * sampleRate)));
  const damp = onePoleCoefficient(o.dampingHz, sampleRate);
  const lows = new Float64Array(n);
  const outs = new Float64Array(n);
  const preLen = Math.max(1, Math.round(o.preDelay * sampleRate));
  const pre = new Float32Array(preLen);
  let prePos = 0;
  const left = channels[0];
  const right = channels[1] ?? channels[0];
  const stereo = channels.length > 1;
  const inputGain = 1 / Math.sqrt(n);
  const householder = 2 / n;
  for (let i = 0; i < frames; i++) {
    const input = pre[prePos] * inputGain;
    pre[prePos] = (left[i] + right[i]) * 0.5;
    if (++prePos === preLen) prePos = 0;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const low = lows[k] + damp * (buffer[positions[k]] - lows[k]);
      lows[k] = low;
      const y = low * gains[k];
      outs[k] = y;
      sum += y;
    }
    const h = householder * sum;
    let wetL = 0;
    let wetR = 0;
    for (let k = 0; k < n; k += 2) {
      // Alternate input signs decorrelate the lines; Householder keeps the loop lossless before `gains`.
      const a = outs[k];
      const b = outs[k + 1];
      buffer[positions[k]] = a - h + input;
      buffer[positions[k + 1]] = b - h - input;
      if (++positions[k] === ends[k]) positions[k] = starts[k];
      if (++positions[k + 1] === ends[k + 1]) positions[k + 1] = starts[k + 1];
      wetL += a;
      wetR += b;
    }
    if (stereo) {
      left[i] += wetL * o.wet;
      right[i] += wetR * o.wet;
    } else {
      left[i] += (wetL + wetR) * 0.5 * o.wet;
    }
  }
}

export interface DelayOptions {
  /** Echo spacing in seconds. */
  time: number;
  feedback: number;
  wet: number;
  /** Lowpass on the echoes. */
  toneHz: number;
}

/** Ping-pong delay: echoes alternate right, left, right… (stereo channels required). */
export function addPingPong(channels: Channels, sampleRate: number, o: DelayOptions): void {
  const [left, right] = channels;
  const len = Math.max(1, Math.round(o.time * sampleRate));
  const bufL = new Float32Array(len);
  const bufR = new Float32Array(len);
  const a = onePoleCoefficient(o.toneHz, sampleRate);
  let toneL = 0;
  let toneR = 0;
  let pos = 0;
  for (let i = 0; i < left.length; i++) {
    const echoL = bufL[pos];
    const echoR = bufR[pos];
    toneL += a * (echoL - toneL);
    toneR += a * (echoR - toneR);
    // The input feeds the right line only; each line feeds the other, so echoes bounce R, L, R…
    bufR[pos] = (left[i] + right[i]) * 0.5 + toneL * o.feedback;
    bufL[pos] = toneR * o.feedback;
    pos = pos + 1 === len ? 0 : pos + 1;
    left[i] += toneL * o.wet;
    right[i] += toneR * o.wet;
  }
}
