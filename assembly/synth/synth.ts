// The General MIDI synth: the module the engine (and test-entry.ts) calls. docs/midi.md.
//
// Real-time contract
// | function                  | caller / thread           | may allocate or grow memory | cost                         |
// |---------------------------|---------------------------|-----------------------------|------------------------------|
// | synthBytes                | message handler           | no                          | O(1)                         |
// | synthConfigure            | message handler, once     | no: the caller ensured the bytes at `base` | tables: a few ms |
// | synthLoadEvents           | message handler           | no (reads caller's memory)  | O(1)                         |
// | synthRender               | render path               | never                       | voices × frames; a seek replays the events before it (O(events)) |
// | setters, synthMidi, ...   | message handler or render | never                       | O(VOICE_SLOTS)               |
// Nothing here traps on any argument: NaN, ±Inf, negative, huge or fractional values are ignored
// or clamped. Output buses hold finite samples (sanitised each render).
//
// Time: the caller gives, per render call, the song beat at its first frame and the beats per frame
// (from the transport anchor and the tempo map or the host tempo). Events are scheduled in beats:
// an event at beat b sounds at the first frame whose beat is ≥ b. A beat that does not continue the
// previous call (within two frames) is a jump: voices fade out, channel state is rebuilt from the
// events before it, and notes held across it are restarted (chase).

import {
  DRUM_CHANNEL, EVENT_BYTES, KILL_SECONDS, KS_MIN_HZ, KS_STRINGS, MAX_BLOCK_LIMIT, MAX_EVENTS, MAX_SAMPLE_RATE,
  MAX_STEMS, MAX_TRANSPOSE, MIN_SAMPLE_RATE, POLYPHONY, QUIET_SECONDS, STEAL_SECONDS, CHOKE_SECONDS, GAIN_SLEW_SECONDS,
  VOICE_SLOTS,
} from './constants';
import { channelAt, dataEntry, panOf, resetAllChannels, resetControllers, updateGains } from './channels';
import { DrumPatch, drumAt, drumsConfigure, startDrum } from './drums';
import {
  busBase, busStride, chokeStep, configured, killStep, maxBlock, setConfigured, setRate, setRegions, setSteps,
  setTransposeValues, stealStep,
} from './globals';
import { SINE, mathConfigure, xorshift } from './math';
import { MODEL_DRUM, patchAt, patchesConfigure } from './patches';
import { tablesBytes, tablesConfigure } from './tables';
import {
  ATTACK, FREE, KILL, RING_PAD, clearVoice, cuttable, fadeVoice, releaseVoice, renderVoice, startVoice, stealScore, voiceAt,
} from './voice';

// ---- events and transport state ----
let eventBeats: usize = 0;
let eventBytes: usize = 0;
let eventCount: i32 = 0;
let cursor: i32 = 0;
let wasPlaying = false;
let expectedBeat: f64 = 0;
let lastBpf: f64 = 0;
let chase = true;
let replaying = false;
let serial: u32 = 0;
let stolen: i32 = 0;
let dropped: i32 = 0;
/** Stems whose bus may hold non-zero samples; stems a voice rendered into in the current call. */
let dirty: u32 = 0;
let touched: u32 = 0;

/** Open notes during a replay: per channel × key, the index of the note-on (−1 none), bit 30 = held by the pedal. */
const OPEN: usize = memory.data(16 * 128 * 4, 16);
const SUSTAINED_BIT: i32 = 1 << 30;
/** 1 when a stem's notes go to the internal synth (0: to a host instrument). */
const STEM_ON: usize = memory.data(MAX_STEMS * 4, 16);

function ringSizeFor(rate: f64): i32 {
  const need = <i32>Math.ceil(rate / KS_MIN_HZ) + 8;
  let size = 1;
  while (size < need) size <<= 1;
  return size;
}

function busBytes(block: i32): usize {
  // Padded by 8 frames: SIMD mixing of a period may run up to 3 frames past its end.
  return ((<usize>((block + 8 + 3) & ~3) << 2) + 15) & ~(<usize>15);
}

/** Bytes synthConfigure() needs at its `base` for this rate and block size; 0 for bad arguments. */
export function synthBytes(rate: f64, maxBlockFrames: f64): u64 {
  if (!(rate >= MIN_SAMPLE_RATE && rate <= MAX_SAMPLE_RATE)) return 0;
  if (!(maxBlockFrames >= 1 && maxBlockFrames <= <f64>MAX_BLOCK_LIMIT)) return 0;
  const block = <i32>Math.floor(maxBlockFrames);
  const buses = <u64>busBytes(block) * <u64>(MAX_STEMS * 2);
  const rings = <u64>(ringSizeFor(rate) + RING_PAD) * 4 * <u64>(VOICE_SLOTS * KS_STRINGS);
  return buses + rings + <u64>tablesBytes() + 16;
}

/**
 * Lay out the synth at `base` (16-aligned, synthBytes() bytes already in memory), build its tables
 * and reset everything. Returns the first byte after it, or 0 (and unconfigured) on bad arguments.
 */
export function synthConfigure(rate: f64, maxBlockFrames: f64, base: usize): usize {
  setConfigured(false);
  const bytes = synthBytes(rate, maxBlockFrames);
  if (bytes == 0 || (base & 15) != 0 || <u64>base + bytes > (<u64>memory.size() << 16)) return 0;
  const block = <i32>Math.floor(maxBlockFrames);
  const stride = busBytes(block);
  const size = ringSizeFor(rate);
  const buses = base;
  const rings = buses + stride * <usize>(MAX_STEMS * 2);
  const tables = rings + (<usize>(size + RING_PAD) * 4 * <usize>(VOICE_SLOTS * KS_STRINGS));
  setRate(rate, block);
  setRegions(buses, stride, rings, size, tables);
  setSteps(
    <f32>(1 / (STEAL_SECONDS * rate)), <f32>(1 / (KILL_SECONDS * rate)), <f32>(1 / (CHOKE_SECONDS * rate)),
    <f32>(1 / (GAIN_SLEW_SECONDS * rate)), <i32>(QUIET_SECONDS * rate),
  );
  memory.fill(buses, 0, stride * <usize>(MAX_STEMS * 2));
  dirty = 0;
  touched = 0;
  memory.fill(rings, 0, <usize>(size + RING_PAD) * 4 * <usize>(VOICE_SLOTS * KS_STRINGS));
  mathConfigure();
  tablesConfigure(tables, SINE);
  patchesConfigure();
  drumsConfigure();
  for (let i = 0; i < VOICE_SLOTS; i++) clearVoice(voiceAt(i));
  for (let s = 0; s < MAX_STEMS; s++) store<i32>(STEM_ON + (<usize>s << 2), 1);
  resetAllChannels();
  setTransposeValues(0, 0);
  eventBeats = 0;
  eventBytes = 0;
  eventCount = 0;
  cursor = 0;
  wasPlaying = false;
  serial = 0;
  stolen = 0;
  dropped = 0;
  chase = true;
  setConfigured(true);
  return <usize>(<u64>base + bytes);
}

/**
 * Use the event list at `beatsPtr` (f64 × count) and `bytesPtr` (4 bytes × count), laid out as
 * src/midi/events.ts describes. The memory stays the caller's; it must not change while in use.
 * Sounding voices fade out and the next render starts from its beat. False (nothing changes) for
 * bad arguments.
 */
export function synthLoadEvents(beatsPtr: usize, bytesPtr: usize, count: i32): bool {
  if (!configured || count < 0 || count > MAX_EVENTS || (beatsPtr & 7) != 0 || (bytesPtr & 3) != 0) return false;
  const top = <u64>memory.size() << 16;
  if (count > 0 && (<u64>beatsPtr + (<u64>count << 3) > top || <u64>bytesPtr + (<u64>count << 2) > top)) return false;
  allSoundOff();
  eventBeats = beatsPtr;
  eventBytes = bytesPtr;
  eventCount = count;
  cursor = 0;
  wasPlaying = false; // the next playing render seeks to its beat
  return true;
}

/** Forget the event list (the synth still plays live MIDI from synthMidi). */
export function synthClearEvents(): void {
  allSoundOff();
  eventCount = 0;
  cursor = 0;
  wasPlaying = false;
}

/** Pointer to stem `stem`'s output bus for `channel` 0 (left) or 1 (right): f32 × maxBlock; 0 if out of range. */
export function synthBus(stem: i32, channel: i32): usize {
  if (!configured || stem < 0 || stem >= MAX_STEMS || channel < 0 || channel > 1) return 0;
  return busBase + <usize>(stem * 2 + channel) * busStride;
}

/** Transpose every channel but channel 10 by `semitones` (rounded, ±24) and detune all by `cents` (±100). */
export function synthSetTranspose(semitones: f64, cents: f64): void {
  const s = semitones == semitones ? Math.max(-MAX_TRANSPOSE, Math.min(MAX_TRANSPOSE, Math.round(semitones))) : 0;
  const c = cents == cents ? Math.max(-100, Math.min(100, cents)) : 0;
  setTransposeValues(<f32>s, <f32>c);
}

/** Stem `stem`'s notes sound in the synth (on) or not (off: they go to a host instrument). */
export function synthSetStemEnabled(stem: i32, on: bool): void {
  if (stem < 0 || stem >= MAX_STEMS) return;
  store<i32>(STEM_ON + (<usize>stem << 2), on ? 1 : 0);
  if (!on) {
    for (let i = 0; i < VOICE_SLOTS; i++) {
      const v = voiceAt(i);
      if (v.stage != FREE && v.stem == stem) fadeVoice(v, killStep);
    }
  }
}

/** Restart notes held across a jump (on by default). */
export function synthSetChase(on: bool): void {
  chase = on;
}

/** Release every note (their release phase plays out). */
export function synthAllNotesOff(): void {
  for (let i = 0; i < VOICE_SLOTS; i++) releaseVoice(voiceAt(i));
}

/** Fade every voice out over KILL_SECONDS (stop, seek, loop, track switch). */
export function synthAllSoundOff(): void {
  allSoundOff();
}

/** All sound off, and channel state back to power-on; the next playing render seeks. */
export function synthReset(): void {
  allSoundOff();
  resetAllChannels();
  wasPlaying = false;
}

/** Jump to `beat` now: fade out, replay channel state up to it, restart held notes. */
export function synthSeek(beat: f64): void {
  if (!configured || !(beat == beat)) return;
  seek(beat);
  wasPlaying = false;
  expectedBeat = beat;
}

/** Apply one MIDI channel message now (live input, tests). `stem` picks the bus (0…15). */
export function synthMidi(status: i32, data1: i32, data2: i32, stem: i32): void {
  if (!configured || status < 0x80 || status > 0xef) return;
  applyEvent(status, data1 & 127, data2 & 127, stem);
}

export function synthActiveVoices(): i32 {
  let n = 0;
  for (let i = 0; i < VOICE_SLOTS; i++) if (voiceAt(i).stage != FREE) n++;
  return n;
}

/** Voices sounding (not fading out after a steal or a stop). */
export function synthSoundingVoices(): i32 {
  let n = 0;
  for (let i = 0; i < VOICE_SLOTS; i++) {
    const s = voiceAt(i).stage;
    if (s != FREE && s != KILL) n++;
  }
  return n;
}

export function synthStolenVoices(): i32 {
  return stolen;
}

export function synthDroppedNotes(): i32 {
  return dropped;
}

/** Index of the next event to play. */
export function synthCursor(): i32 {
  return cursor;
}

// ---- render ----

/**
 * Render frames [offset, offset + n) of every stem bus (overwriting them). While `playing`, events
 * with beats in [beat0, beat0 + n × beatsPerFrame) are applied at their frame. Not playing: voices
 * fade out (once) and their tails render; no events. A caller may cut a quantum into several calls
 * (at tempo changes, say): each call continues where the previous one ended.
 */
export function synthRender(offset: i32, n: i32, beat0: f64, beatsPerFrame: f64, playing: bool): void {
  if (!configured || offset < 0 || n <= 0 || offset > maxBlock || n > maxBlock - offset) return;
  zeroBuses(offset, n);
  touched = 0;
  const valid = beat0 == beat0 && Math.abs(beat0) < 1e12 && beatsPerFrame > 0 && beatsPerFrame < 1;
  if (!playing || !valid) {
    if (wasPlaying) {
      allSoundOff();
      wasPlaying = false;
    }
    renderAll(offset, n);
    finishBuses(offset, n);
    return;
  }
  const tolerance = 2 * Math.max(beatsPerFrame, lastBpf);
  if (!wasPlaying || Math.abs(beat0 - expectedBeat) > tolerance) seek(beat0);
  wasPlaying = true;

  let pos = 0;
  while (pos < n) {
    let next = n;
    if (cursor < eventCount) next = frameOf(load<f64>(eventBeats + (<usize>cursor << 3)), beat0, beatsPerFrame, pos, n);
    if (next > pos) {
      renderAll(offset + pos, next - pos);
      pos = next;
    }
    if (pos >= n) break;
    // Every event due at this frame.
    while (cursor < eventCount && frameOf(load<f64>(eventBeats + (<usize>cursor << 3)), beat0, beatsPerFrame, pos, n) <= pos) {
      const e = load<u32>(eventBytes + (<usize>cursor << 2));
      applyEvent(<i32>(e & 0xff), <i32>((e >> 8) & 0x7f), <i32>((e >> 16) & 0x7f), <i32>(e >> 24));
      cursor++;
    }
  }
  expectedBeat = beat0 + <f64>n * beatsPerFrame;
  lastBpf = beatsPerFrame;
  finishBuses(offset, n);
}

/** 1 if a voice rendered into stem `stem`'s bus in the last render call (else its span there is silent). */
export function synthStemSounding(stem: i32): i32 {
  return stem >= 0 && stem < MAX_STEMS && (touched & (1 << stem)) ? 1 : 0;
}

/** The frame (≥ pos, ≤ n) at which an event at `beat` sounds: the first frame whose beat is ≥ it. */
@inline function frameOf(beat: f64, beat0: f64, bpf: f64, pos: i32, n: i32): i32 {
  // A millionth of a frame of slack: beats computed two ways (anchor, tempo map) may differ by an ulp.
  const k = Math.ceil((beat - beat0) / bpf - 1e-6);
  if (!(k < <f64>n)) return n; // also NaN
  if (k < <f64>pos) return pos;
  return <i32>k;
}

function renderAll(offset: i32, n: i32): void {
  for (let i = 0; i < VOICE_SLOTS; i++) {
    const v = voiceAt(i);
    if (v.stage != FREE) {
      touched |= 1 << v.stem;
      renderVoice(v, offset, n);
    }
  }
}

/**
 * Buses that may hold sound (`dirty`) get their span zeroed before voices add into it. A bus
 * becomes clean again after a full-block render in which no voice touched it, so untouched buses
 * cost nothing and stay exactly zero.
 */
function zeroBuses(offset: i32, n: i32): void {
  let bits = dirty;
  while (bits) {
    const s = ctz(bits);
    bits &= bits - 1;
    const base = busBase + <usize>(s * 2) * busStride + (<usize>offset << 2);
    memory.fill(base, 0, <usize>n << 2);
    memory.fill(base + busStride, 0, <usize>n << 2);
  }
}

function finishBuses(offset: i32, n: i32): void {
  sanitizeBuses(offset, n, touched);
  dirty = offset == 0 && n == maxBlock ? touched : dirty | touched;
}

/** NaN → 0, ±Inf → ±FLT_MAX, subnormals → 0, over the 4-frame-aligned span covering [offset, offset + n). */
function sanitizeBuses(offset: i32, n: i32, stems: u32): void {
  const from = offset & ~3;
  const to = (offset + n + 3) & ~3;
  const hi = f32x4.splat(F32.MAX_VALUE);
  const lo = f32x4.splat(-F32.MAX_VALUE);
  const tiny = f32x4.splat(1.17549435e-38);
  while (stems) {
    const s = ctz(stems);
    stems &= stems - 1;
    for (let c = 0; c < 2; c++) {
      const base = busBase + <usize>(s * 2 + c) * busStride;
      for (let i = from; i < to; i += 4) {
        const p = base + (<usize>i << 2);
        let x = v128.load(p);
        x = v128.and(x, f32x4.eq(x, x));
        x = f32x4.min(f32x4.max(x, lo), hi);
        x = v128.andnot(x, f32x4.lt(f32x4.abs(x), tiny));
        v128.store(p, x);
      }
    }
  }
}

// ---- events ----

function applyEvent(status: i32, d1: i32, d2: i32, stem: i32): void {
  const ch = status & 15;
  switch (status & 0xf0) {
    case 0x90: {
      if (d2 > 0) noteOn(ch, d1, d2, stem);
      else noteOff(ch, d1, stem);
      break;
    }
    case 0x80: noteOff(ch, d1, stem); break;
    case 0xb0: controlChange(ch, d1, d2); break;
    case 0xc0: channelAt(ch).program = d1; break;
    case 0xe0: channelAt(ch).bend = <f32>((d2 << 7) | d1) / 8192 - 1; break;
    default: break; // aftertouch: not used by the synthesized instruments
  }
}

function controlChange(ch: i32, cc: i32, value: i32): void {
  const c = channelAt(ch);
  switch (cc) {
    case 1: c.mod = <f32>value / 127; break;
    case 6: dataEntry(c, value, false); break;
    case 38: dataEntry(c, value, true); break;
    case 7: c.volume = <f32>value / 127; updateGains(c); break;
    case 10: c.pan = panOf(value); updateGains(c); break;
    case 11: c.expression = <f32>value / 127; updateGains(c); break;
    case 64: {
      const down = value >= 64 ? 1 : 0;
      if (c.sustain && !down) releaseSustained(ch);
      c.sustain = down;
      break;
    }
    case 98: case 99: c.rpnMsb = 127; c.rpnLsb = 127; break; // an NRPN deselects the RPN
    case 100: c.rpnLsb = value; break;
    case 101: c.rpnMsb = value; break;
    case 120: channelOff(ch, true); break;
    case 121: {
      const pedal = c.sustain;
      resetControllers(c);
      if (pedal) releaseSustained(ch); // the pedal is up now
      break;
    }
    case 123: channelOff(ch, false); break;
    default: break;
  }
}

function noteOn(ch: i32, key: i32, velocity: i32, stem: i32): void {
  if (replaying) {
    store<i32>(OPEN + (<usize>(ch * 128 + key) << 2), cursor);
    return;
  }
  if (stem < 0 || stem >= MAX_STEMS || !load<i32>(STEM_ON + (<usize>stem << 2))) return;
  const c = channelAt(ch);
  const drums = ch == DRUM_CHANNEL;
  let d = changetype<DrumPatch>(0);
  if (drums) {
    d = drumAt(key);
    if (!d.defined) return;
    if (d.choke) {
      for (let i = 0; i < VOICE_SLOTS; i++) {
        const o = voiceAt(i);
        if (o.stage != FREE && o.drum && o.channel == ch && o.choke == d.choke) fadeVoice(o, chokeStep);
      }
    }
  } else {
    // One note per (stem, channel, key): a repeated note-on releases the sounding one.
    for (let i = 0; i < VOICE_SLOTS; i++) {
      const o = voiceAt(i);
      if (o.stage != FREE && o.stage != KILL && o.channel == ch && o.key == key && o.stem == stem && !o.drum) releaseVoice(o);
    }
  }
  const slot = allocate();
  if (slot < 0) {
    dropped++;
    return;
  }
  const v = voiceAt(slot);
  const w = v.w;
  clearVoice(v);
  v.w = w;
  v.channel = ch;
  v.key = key;
  v.stem = stem;
  v.held = 1;
  v.drum = drums ? 1 : 0;
  v.serial = ++serial;
  v.noise = xorshift(serial * 2654435761 + <u32>key * 40503 + 1) | 1;
  if (drums) {
    v.model = MODEL_DRUM;
    v.stage = ATTACK;
    startDrum(v, d, velocity);
    const pan = min(<f32>1, max(<f32>-1, v.pan));
    v.gL = v.velGain * c.gainL * (1 - max(<f32>0, pan));
    v.gR = v.velGain * c.gainR * (1 + min(<f32>0, pan));
  } else {
    startVoice(v, patchAt(c.program), velocity);
    v.gL = v.velGain * c.gainL;
    v.gR = v.velGain * c.gainR;
  }
}

function noteOff(ch: i32, key: i32, stem: i32): void {
  const c = channelAt(ch);
  if (replaying) {
    const at = OPEN + (<usize>(ch * 128 + key) << 2);
    const open = load<i32>(at);
    if (open >= 0) store<i32>(at, c.sustain ? open | SUSTAINED_BIT : -1);
    return;
  }
  for (let i = 0; i < VOICE_SLOTS; i++) {
    const v = voiceAt(i);
    if (v.stage == FREE || v.stage == KILL || !v.held || v.channel != ch || v.key != key || v.stem != stem) continue;
    if (c.sustain) {
      v.held = 0;
      v.sustained = 1;
    } else {
      releaseVoice(v);
    }
  }
}

/** The pedal lifted: release the notes it held. */
function releaseSustained(ch: i32): void {
  if (replaying) {
    for (let key = 0; key < 128; key++) {
      const at = OPEN + (<usize>(ch * 128 + key) << 2);
      const open = load<i32>(at);
      if (open >= 0 && (open & SUSTAINED_BIT)) store<i32>(at, -1);
    }
    return;
  }
  for (let i = 0; i < VOICE_SLOTS; i++) {
    const v = voiceAt(i);
    if (v.stage != FREE && v.channel == ch && v.sustained) releaseVoice(v);
  }
}

/** CC120 (all sound off: fade) and CC123 (all notes off: release) for one channel. */
function channelOff(ch: i32, fade: bool): void {
  if (replaying) {
    for (let key = 0; key < 128; key++) store<i32>(OPEN + (<usize>(ch * 128 + key) << 2), -1);
    return;
  }
  for (let i = 0; i < VOICE_SLOTS; i++) {
    const v = voiceAt(i);
    if (v.stage == FREE || v.channel != ch) continue;
    if (fade) fadeVoice(v, killStep);
    else releaseVoice(v);
  }
}

function allSoundOff(): void {
  for (let i = 0; i < VOICE_SLOTS; i++) fadeVoice(voiceAt(i), killStep);
}

/**
 * A slot for a new note. Below POLYPHONY sounding voices, a free slot. At POLYPHONY, the victim is
 * the voice with the lowest steal score (quietest, voices in their release first; the oldest among
 * equals): reused at once if it is below CUT_LEVEL, else faded out over STEAL_SECONDS while the new
 * note takes a spare slot. With no slot left, a fading voice below CUT_LEVEL is reused; else −1.
 */
function allocate(): i32 {
  let free = -1;
  let sounding = 0;
  for (let i = 0; i < VOICE_SLOTS; i++) {
    const s = voiceAt(i).stage;
    if (s == FREE) {
      if (free < 0) free = i;
    } else if (s != KILL) {
      sounding++;
    }
  }
  if (free >= 0 && sounding < POLYPHONY) return free;
  if (sounding >= POLYPHONY) {
    let victim = -1;
    let best: f32 = F32.MAX_VALUE;
    let bestSerial: u32 = 0;
    for (let i = 0; i < VOICE_SLOTS; i++) {
      const v = voiceAt(i);
      if (v.stage == FREE || v.stage == KILL) continue;
      const score = stealScore(v);
      if (score < best || (score == best && v.serial < bestSerial)) {
        best = score;
        bestSerial = v.serial;
        victim = i;
      }
    }
    if (victim >= 0) {
      stolen++;
      const v = voiceAt(victim);
      if (cuttable(v)) return victim;
      fadeVoice(v, stealStep);
    }
  }
  if (free >= 0) return free;
  let quietest = -1;
  let level: f32 = F32.MAX_VALUE;
  for (let i = 0; i < VOICE_SLOTS; i++) {
    const v = voiceAt(i);
    if (v.stage == KILL && v.level < level) {
      level = v.level;
      quietest = i;
    }
  }
  return quietest >= 0 && cuttable(voiceAt(quietest)) ? quietest : -1;
}

/**
 * Jump to `beat`: every voice fades out; channels are reset and every event before `beat` is
 * replayed as state (programs, controllers, pedal, bend); notes sounding at `beat` are restarted.
 */
function seek(beat: f64): void {
  allSoundOff();
  resetAllChannels();
  memory.fill(OPEN, 0xff, 16 * 128 * 4);
  replaying = true;
  let i = 0;
  while (i < eventCount && load<f64>(eventBeats + (<usize>i << 3)) < beat) {
    cursor = i;
    const e = load<u32>(eventBytes + (<usize>i << 2));
    applyEvent(<i32>(e & 0xff), <i32>((e >> 8) & 0x7f), <i32>((e >> 16) & 0x7f), <i32>(e >> 24));
    i++;
  }
  replaying = false;
  cursor = i;
  if (!chase) return;
  for (let ch = 0; ch < 16; ch++) {
    if (ch == DRUM_CHANNEL) continue; // a drum hit that started before the jump is over
    for (let key = 0; key < 128; key++) {
      const open = load<i32>(OPEN + (<usize>(ch * 128 + key) << 2));
      if (open < 0) continue;
      const index = open & ~SUSTAINED_BIT;
      const e = load<u32>(eventBytes + (<usize>index << 2));
      noteOn(ch, key, <i32>((e >> 16) & 0x7f), <i32>(e >> 24));
      if (open & SUSTAINED_BIT) noteOff(ch, key, <i32>(e >> 24));
    }
  }
}
