/**
 * Decoded float audio → what the engine stores: at most two channels, interleaved int16 with a
 * per-stem scale, padded to the song's length. Pure; any thread.
 *
 * Why int16 with a scale: stems sit in engine memory for the whole session, 16 of them up to 20
 * minutes long; int16 halves that against float32. Normalising each stem to its own peak before
 * quantising keeps the full 16-bit resolution for quiet stems (a click track at −20 dBFS would
 * otherwise lose 3 bits), and the engine multiplies by `scale` to restore the level.
 */
import { dbToGain, type Decibels } from '../shared/units.js';

export const INT16_FULL_SCALE = 32767;

/**
 * More than two channels → stereo, as the Web Audio spec down-mixes ("speakers" interpretation):
 * quad and 5.1 with their standard coefficients, anything else by sending even channels left and
 * odd channels right at equal weight. Mono and stereo are returned as they are.
 */
export function mixToStereo(channels: readonly Float32Array[]): Float32Array[] {
  const n = channels.length;
  if (n <= 2) return [...channels];
  const frames = Math.max(...channels.map((c) => c.length));
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  const add = (target: Float32Array, source: Float32Array, gain: number) => {
    for (let i = 0; i < source.length; i++) target[i] += gain * source[i];
  };
  if (n === 4) {
    // L, R, SL, SR
    add(left, channels[0], 0.5); add(left, channels[2], 0.5);
    add(right, channels[1], 0.5); add(right, channels[3], 0.5);
  } else if (n === 6) {
    // L, R, C, LFE, SL, SR; the LFE is dropped, as the spec does.
    const c = Math.SQRT1_2;
    add(left, channels[0], 1); add(left, channels[2], c); add(left, channels[4], c);
    add(right, channels[1], 1); add(right, channels[2], c); add(right, channels[5], c);
  } else {
    const perSide = [Math.ceil(n / 2), Math.floor(n / 2)];
    channels.forEach((ch, i) => add(i % 2 === 0 ? left : right, ch, 1 / perSide[i % 2]));
  }
  return [left, right];
}

/** Largest finite |sample| over all channels (NaN and ±Infinity from a broken float file are ignored). */
export function peakOf(channels: readonly Float32Array[]): number {
  let peak = 0;
  for (const ch of channels) {
    for (let i = 0; i < ch.length; i++) {
      const a = Math.abs(ch[i]);
      if (a > peak && a !== Infinity) peak = a;
    }
  }
  return peak;
}

export interface Int16Stem {
  /** Interleaved, `frames × channels.length` values. */
  pcm: Int16Array;
  /** Multiply a stored value by this to get the sample at the stem's level, trim included. */
  scale: number;
  /** Peak of the float input (before the trim). */
  peak: number;
}

/**
 * Interleave and quantise to int16, normalised to the stem's own peak:
 * `stored = round(x / peak × 32767)`, `scale = peak × dbToGain(trimDb) / 32767`.
 * A silent stem (or a trim at the fader bottom) gets scale 0. `frames` ≥ the channels' length pads
 * with silence, so shorter stems need no second copy when the song length is known up front.
 * The error of `stored × scale / dbToGain(trim)` against the input is at most half a step
 * (`peak / 65534`); no dither, so that bound is exact and silence stays digital silence.
 *
 * @example const { pcm, scale } = toInt16([left, right], 0); // pcm[2i] × scale ≈ left[i]
 */
export function toInt16(channels: readonly Float32Array[], trimDb: Decibels, frames?: number): Int16Stem {
  const count = channels.length;
  const length = Math.max(0, ...channels.map((c) => c.length));
  const total = Math.max(frames ?? length, length);
  const pcm = new Int16Array(total * count);
  const peak = peakOf(channels);
  const trim = dbToGain(trimDb);
  if (peak === 0) return { pcm, scale: 0, peak };
  const k = INT16_FULL_SCALE / peak;
  for (let c = 0; c < count; c++) {
    const ch = channels[c];
    for (let i = 0, o = c; i < ch.length; i++, o += count) {
      const x = ch[i];
      // Non-finite samples (a broken float file) become silence; the clamp guards against
      // Int16Array's wrap-around should rounding ever land a hair past full scale.
      const v = Number.isFinite(x) ? Math.round(x * k) : 0;
      pcm[o] = v > INT16_FULL_SCALE ? INT16_FULL_SCALE : v < -INT16_FULL_SCALE ? -INT16_FULL_SCALE : v;
    }
  }
  return { pcm, scale: (peak * trim) / INT16_FULL_SCALE, peak };
}

/** Copy interleaved PCM into a longer buffer, the tail silent. Returns the input if already long enough. */
export function padInterleaved(pcm: Int16Array, channels: number, frames: number): Int16Array {
  if (pcm.length >= frames * channels) return pcm;
  const out = new Int16Array(frames * channels);
  out.set(pcm);
  return out;
}
