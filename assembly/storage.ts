// Real-time contract: track slots. reserveLoading() is the ONLY function after configure() that may
// grow memory (through ensureMemory); it runs from the message handler. The rest only reads and
// writes the slot tables in static memory and never allocates.

import { MAX_MEMORY_BYTES, MAX_SCALE, MAX_STEMS, MIN_SCALE } from './constants';
import { align16, ensureMemory, heapStart } from './layout';

/**
 * A region of linear memory holding one track's stems. Sized per stem when the reserve gave the
 * channel total (`packed`: each stem gets align16(frames × 2 × its channels) bytes, in the order
 * they are set up, from `used`); otherwise each stem gets `stride` bytes, room for stereo int16.
 */
@unmanaged
class Slot {
  cap: u64; // bytes held by this slot's region, kept for reuse
  limit: u64; // bytes this reserve may use (≤ cap)
  used: u64; // packed: bytes given to stems so far
  base: usize;
  stride: usize;
  frames: i32;
  stemCount: i32;
  packed: i32;
  midi: i32; // 1: stems midiBase… are MIDI stems (synth buses 0…), events at midiPtr
  midiBase: i32;
  midiCount: i32;
  tempoCount: i32;
  midiPtr: usize;
}

@unmanaged
class StemInfo {
  channels: i32; // 0 = not set up (silent), 1 = mono, 2 = interleaved stereo
  scale: f32;
  offset: u64; // from the slot's base
  room: u64; // bytes given to this stem (0: none yet)
}

/** Sized from the structs (a fixed size silently overlaps neighbours once a struct grows). */
const SLOT_BYTES: i32 = (<i32>offsetof<Slot>() + 15) & ~15;
const STEM_BYTES: i32 = (<i32>offsetof<StemInfo>() + 7) & ~7;
const SLOTS = memory.data(2 * SLOT_BYTES);
const STEMS = memory.data(2 * MAX_STEMS * STEM_BYTES);

/** Index (0 or 1) of the slot that plays; the other one loads. */
export let activeSlot: i32 = 0;
/** A reserve succeeded and neither commit nor abort has followed. */
let loadingReady = false;

@inline function slot(s: i32): Slot {
  return changetype<Slot>(SLOTS + <usize>(s * SLOT_BYTES));
}

@inline function stemInfo(s: i32, stem: i32): StemInfo {
  return changetype<StemInfo>(STEMS + <usize>((s * MAX_STEMS + stem) * STEM_BYTES));
}

/** Forget all tracks (configure). Memory already grown stays grown and is reused. */
export function storageReset(): void {
  memory.fill(SLOTS, 0, <usize>(2 * SLOT_BYTES));
  memory.fill(STEMS, 0, <usize>(2 * MAX_STEMS * STEM_BYTES));
  activeSlot = 0;
  loadingReady = false;
}

export function loadingSlot(): i32 {
  return activeSlot ^ 1;
}

export function slotFrames(s: i32): i32 {
  return slot(s).frames;
}

export function slotStemCount(s: i32): i32 {
  return slot(s).stemCount;
}

export function stemChannels(s: i32, stem: i32): i32 {
  return stemInfo(s, stem).channels;
}

export function stemScale(s: i32, stem: i32): f32 {
  return stemInfo(s, stem).scale;
}

/** Byte offset of the int16 data of `stem` in slot `s`. */
export function stemData(s: i32, stem: i32): usize {
  const sl = slot(s);
  return sl.packed != 0 ? sl.base + <usize>stemInfo(s, stem).offset : sl.base + <usize>stem * sl.stride;
}

/** Bytes of stem storage held by both slots. */
export function bytesHeld(): u64 {
  return slot(0).cap + slot(1).cap;
}

/**
 * Where a new region of `bytes` goes: below the active region if the gap there is big enough,
 * else right after it. Memory is then bounded by about gap + active + new, whatever the sequence.
 */
function place(bytes: u64): u64 {
  const act = slot(activeSlot);
  const lo = <u64>heapStart;
  let base = lo;
  if (act.cap > 0 && <u64>act.base - lo < bytes) base = <u64>act.base + act.cap;
  if (!ensureMemory(base + bytes)) return 0;
  return base;
}

/**
 * Reserve the loading slot for `frames` × `stems`. With `channels` (the total over the stems, from
 * `stems` to 2 × `stems`) the region holds exactly that many int16 channels (each stem's share is
 * given when it is set up); without it (NaN: the argument was omitted) every stem gets stereo room.
 * Reuses the slot's region when big enough. False on absurd arguments or when memory cannot be had;
 * the active slot is never touched.
 */
export function reserveLoading(frames: f64, stems: f64, channels: f64, midiStems: i32 = 0): bool {
  loadingReady = false;
  if (!(frames >= 1 && frames <= <f64>i32.MAX_VALUE) || frames != Math.floor(frames)) return false;
  if (!(stems >= 1 && stems <= <f64>MAX_STEMS) || stems != Math.floor(stems)) return false;
  const packed = !isNaN(channels);
  // MIDI stems (the last `midiStems`) take no PCM: only the audio stems count (none when MIDI-only).
  const audio = stems - <f64>midiStems;
  if (packed && !(channels >= audio && channels <= 2 * audio && channels == Math.floor(channels))) return false;
  const n = <i32>frames;
  const count = <i32>stems;
  const stride = align16(<u64>n << 2);
  // A mono stem takes align16(2n) bytes and a stereo one align16(4n) ≤ 2 × align16(2n).
  const bytes = packed ? align16(<u64>n << 1) * <u64>channels : stride * <u64>count;
  if (bytes >= MAX_MEMORY_BYTES) return false;
  const s = loadingSlot();
  const sl = slot(s);
  if (sl.cap < bytes) {
    const base = place(bytes);
    if (base == 0) return false;
    sl.base = <usize>base;
    sl.cap = bytes;
  }
  sl.stride = <usize>stride;
  sl.frames = n;
  sl.stemCount = count;
  sl.packed = packed ? 1 : 0;
  sl.limit = bytes;
  sl.used = 0;
  sl.midi = 0;
  sl.midiCount = 0;
  sl.tempoCount = 0;
  sl.midiBase = 0;
  sl.midiPtr = 0;
  memory.fill(STEMS + <usize>(s * MAX_STEMS * STEM_BYTES), 0, <usize>(MAX_STEMS * STEM_BYTES));
  loadingReady = true;
  return true;
}

/** Describe a stem of the loading track; returns where its int16 data goes, or 0 on bad arguments. */
export function setupLoadingStem(stem: f64, channels: f64, scale: f64): usize {
  if (!loadingReady) return 0;
  const s = loadingSlot();
  const sl = slot(s);
  if (!(stem >= 0 && stem < <f64>sl.stemCount) || stem != Math.floor(stem)) return 0;
  if (channels != 1 && channels != 2) return 0;
  if (!isFinite(scale)) return 0;
  let k = min(max(scale, -MAX_SCALE), MAX_SCALE);
  if (Math.abs(k) < MIN_SCALE) k = 0;
  const st = <i32>stem;
  const info = stemInfo(s, st);
  if (sl.packed != 0) {
    // Each stem's share, in setup order; a stem set up again keeps its share if it still fits.
    const need = align16(<u64>sl.frames * <u64>(<i32>channels) << 1);
    if (info.room < need) {
      if (sl.used + need > sl.limit) return 0;
      info.offset = sl.used;
      info.room = need;
      sl.used += need;
    }
  }
  info.channels = <i32>channels;
  info.scale = <f32>k;
  return stemData(s, st);
}

/**
 * Room in the loading slot (after its PCM) for a MIDI event list of `count` events and a tempo map
 * of `tempoPoints` points; stems `stemBase`… are MIDI stems (synth buses 0…). Call right after
 * reserveLoading() and before any stem is set up (the region may move). May grow memory (message
 * handler only). Returns the f64 beats pointer (the u32 event words follow at beats + 8 × count,
 * the tempo triples at align8 after them), or 0 on bad arguments or when memory cannot be had.
 */
export function reserveMidi(count: f64, tempoPoints: f64, stemBase: f64, maxEvents: i32): usize {
  if (!loadingReady) return 0;
  const s = loadingSlot();
  const sl = slot(s);
  if (!(count >= 0 && count <= <f64>maxEvents) || count != Math.floor(count)) return 0;
  if (!(tempoPoints >= 1 && tempoPoints <= 1e6) || tempoPoints != Math.floor(tempoPoints)) return 0;
  if (!(stemBase >= 0 && stemBase < <f64>sl.stemCount) || stemBase != Math.floor(stemBase)) return 0;
  if (sl.used != 0) return 0; // a stem was already set up in this region
  const n = <u64>count;
  const pcm = align16(sl.limit);
  const need = align16(n * 12 + 8) + <u64>tempoPoints * 24;
  const bytes = pcm + need;
  if (bytes >= MAX_MEMORY_BYTES) return 0;
  if (sl.cap < bytes) {
    const base = place(bytes);
    if (base == 0) return 0;
    sl.base = <usize>base;
    sl.cap = bytes;
  }
  sl.midi = 1;
  sl.midiBase = <i32>stemBase;
  sl.midiCount = <i32>n;
  sl.tempoCount = <i32>tempoPoints;
  sl.midiPtr = sl.base + <usize>pcm;
  return sl.midiPtr;
}

export function slotMidi(s: i32): bool {
  return slot(s).midi != 0;
}

export function slotMidiBase(s: i32): i32 {
  return slot(s).midiBase;
}

export function slotMidiCount(s: i32): i32 {
  return slot(s).midiCount;
}

export function slotTempoCount(s: i32): i32 {
  return slot(s).tempoCount;
}

/** The beats (f64 × count); event words at + 8 × count; tempo triples at tempoPtr(). */
export function slotMidiPtr(s: i32): usize {
  return slot(s).midiPtr;
}

export function slotTempoPtr(s: i32): usize {
  const sl = slot(s);
  return sl.midiPtr + <usize>((<u64>sl.midiCount * 12 + 7) & ~(<u64>7));
}

/** Loading → active. False if nothing was reserved. */
export function commitLoading(): bool {
  if (!loadingReady) return false;
  activeSlot ^= 1;
  loadingReady = false;
  return true;
}

export function abortLoading(): void {
  loadingReady = false;
}
