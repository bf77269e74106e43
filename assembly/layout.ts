// Real-time contract: the fixed block buffers are laid out once by layoutConfigure() (configure()).
// layoutConfigure() and ensureMemory() are the only code that grows memory; they run from configure()
// and trackReserve() (the message handler), never from process().

import { MAX_BLOCK_LIMIT, MAX_MEMORY_BYTES, MAX_SAMPLE_RATE, MAX_STEMS, MIN_SAMPLE_RATE, RAMP_SECONDS } from './constants';
import { stretchBytes, stretchConfigure } from './stretch';
import { synthBytes, synthConfigure } from './synth/synth';

// Block buffers (f32 × maxBlock each, rounded up to 4 frames so SIMD loops need no scalar tail).
export const BUF_IN_L = 0;
export const BUF_IN_R = 1;
export const BUF_OUT_L = 2;
export const BUF_OUT_R = 3;
export const BUF_MASTER = 4;
/** One voice's fade × master, rebuilt per voice. */
export const BUF_WEIGHT = 5;
/** One stem's frames as read from storage (the source stage's output). */
export const BUF_SCRATCH_L = 6;
export const BUF_SCRATCH_R = 7;
/** One voice's sum of stems × stem gains. */
export const BUF_BUS_L = 8;
export const BUF_BUS_R = 9;
/** Per-stem gain ramps, MAX_STEMS buffers. */
export const BUF_STEM_GAIN = 10;
const BUF_COUNT = BUF_STEM_GAIN + MAX_STEMS;

export let configured = false;
export let sampleRate: f64 = 0;
export let maxBlock: i32 = 0;
export let rampFrames: i32 = 1;
/** First byte after the fixed buffers: track storage lives from here on. */
export let heapStart: usize = 0;
/** The GM synth (assembly/synth) was configured after the stretchers (false for rates it refuses). */
export let synthReady = false;
let bufBase: usize = 0;
let bufStride: usize = 0;

@inline export function align16(x: u64): u64 {
  return (x + 15) & ~(<u64>15);
}

/** Byte offset of block buffer `i`. */
@inline export function buf(i: i32): usize {
  return bufBase + <usize>i * bufStride;
}

/** Make linear memory at least `end` bytes long. False if wasm32 cannot address it or the host refuses. */
export function ensureMemory(end: u64): bool {
  if (end > MAX_MEMORY_BYTES) return false;
  const have = <u64>memory.size() << 16;
  if (end <= have) return true;
  const pages = <i32>((end - have + 0xffff) >> 16);
  return memory.grow(pages) >= 0;
}

/** Lay out the fixed buffers for `maxBlockFrames`. False (and unconfigured) on bad arguments. */
export function layoutConfigure(rate: f64, maxBlockFrames: f64): bool {
  configured = false;
  if (!(rate >= MIN_SAMPLE_RATE && rate <= MAX_SAMPLE_RATE)) return false;
  if (!(maxBlockFrames >= 1 && maxBlockFrames <= <f64>MAX_BLOCK_LIMIT)) return false;
  const block = <i32>Math.floor(maxBlockFrames);
  const stride = <usize>align16(<u64>block << 2);
  const base = <usize>align16(<u64>__heap_base);
  const bufEnd = <usize>align16(<u64>base + <u64>stride * BUF_COUNT);
  // Then the stretchers (tables, shared spectra, per-(voice, stem) state), then track storage.
  // Then the GM synth (docs/midi.md, "Integration seams"); 0 bytes for rates it refuses.
  const synthNeed = synthBytes(rate, maxBlockFrames);
  if (!ensureMemory(align16(<u64>bufEnd + stretchBytes(rate)) + synthNeed + 16)) return false;
  memory.fill(base, 0, bufEnd - base);
  let end = <usize>align16(<u64>stretchConfigure(rate, bufEnd));
  synthReady = false;
  if (synthNeed > 0) {
    const after = synthConfigure(rate, maxBlockFrames, end);
    if (after != 0) {
      end = <usize>align16(<u64>after);
      synthReady = true;
    }
  }
  bufBase = base;
  bufStride = stride;
  heapStart = end;
  sampleRate = rate;
  maxBlock = block;
  rampFrames = max(1, <i32>Math.round(RAMP_SECONDS * rate));
  configured = true;
  return true;
}
