// A C-like wasm API over the synth for tests and the benchmark (build/synth-test.wasm):
//   npx asc assembly/synth/test-entry.ts --runtime stub --enable simd -O3 -o build/synth-test.wasm
// It owns its memory the way the engine will: configure() lays out the synth after the static
// data and grows memory once; eventsReserve() grows it for an event list (load time). render()
// never grows memory. Thread: the test's.

import {
  synthActiveVoices, synthAllNotesOff, synthAllSoundOff, synthBus, synthBytes, synthConfigure, synthCursor,
  synthDroppedNotes, synthLoadEvents, synthMidi, synthRender, synthReset, synthSeek, synthSetChase,
  synthSetStemEnabled, synthSetTranspose, synthSoundingVoices, synthStemSounding, synthStolenVoices,
} from './synth';
import { EVENT_BYTES, MAX_EVENTS, MAX_STEMS } from './constants';
import { tempoBeatAt, tempoBpmAt, tempoLoad, tempoNextChange, tempoSecondsAt } from './tempo';

let ready = false;
let block: i32 = 0;
let mixL: usize = 0;
let mixR: usize = 0;
let eventsBase: usize = 0;
let eventsCapacity: i32 = 0;
/** 256 tempo points (24 bytes each) after the mix buffers. */
const TEMPO_POINTS: i32 = 256;
let tempoBase: usize = 0;

@inline function align16(x: u64): u64 {
  return (x + 15) & ~(<u64>15);
}

function ensureMemory(end: u64): bool {
  if (end > 0xffff_0000) return false;
  const have = <u64>memory.size() << 16;
  if (end <= have) return true;
  return memory.grow(<i32>((end - have + 0xffff) >> 16)) >= 0;
}

/** 1 on success. Memory grows here. */
export function configure(sampleRate: f64, maxBlockFrames: f64): i32 {
  ready = false;
  const bytes = synthBytes(sampleRate, maxBlockFrames);
  if (bytes == 0) return 0;
  block = <i32>Math.floor(maxBlockFrames);
  const base = align16(<u64>__heap_base);
  const mixBytes = align16(<u64>((block + 3) & ~3) << 2);
  if (!ensureMemory(base + bytes + 2 * mixBytes + <u64>TEMPO_POINTS * 24 + 64)) return 0;
  const end = synthConfigure(sampleRate, maxBlockFrames, <usize>base);
  if (end == 0) return 0;
  mixL = end;
  mixR = <usize>(<u64>end + mixBytes);
  tempoBase = <usize>align16(<u64>mixR + mixBytes);
  eventsBase = <usize>align16(<u64>tempoBase + <u64>TEMPO_POINTS * 24);
  eventsCapacity = 0;
  ready = true;
  return 1;
}

/** Room for `count` events; returns the f64 beats pointer (bytes at eventsBytesPtr()); 0 on failure. Memory may grow. */
export function eventsReserve(count: i32): usize {
  if (!ready || count < 0 || count > MAX_EVENTS) return 0;
  if (!ensureMemory(<u64>eventsBase + <u64>count * (8 + EVENT_BYTES) + 16)) return 0;
  eventsCapacity = count;
  return eventsBase;
}

export function eventsBytesPtr(): usize {
  return eventsBase + (<usize>eventsCapacity << 3);
}

/** Play the reserved events (written by the caller). 1 on success. */
export function eventsLoad(count: i32): i32 {
  if (!ready || count < 0 || count > eventsCapacity) return 0;
  return synthLoadEvents(eventsBase, eventsBytesPtr(), count) ? 1 : 0;
}

/** Render `n` frames into the stem buses and sum them into the mix buffers. */
export function render(n: i32, beat0: f64, beatsPerFrame: f64, playing: i32): void {
  if (!ready || n <= 0 || n > block) return;
  synthRender(0, n, beat0, beatsPerFrame, playing != 0);
  mix(0, n);
}

/** Render frames [offset, offset + n) only (a quantum cut in parts); mixes that span. */
export function renderPart(offset: i32, n: i32, beat0: f64, beatsPerFrame: f64, playing: i32): void {
  if (!ready || offset < 0 || n <= 0 || offset + n > block) return;
  synthRender(offset, n, beat0, beatsPerFrame, playing != 0);
  mix(offset, n);
}

function mix(offset: i32, n: i32): void {
  const from = offset & ~3;
  const to = (offset + n + 3) & ~3;
  for (let i = from; i < to; i += 4) {
    const o = <usize>i << 2;
    let l = f32x4.splat(0);
    let r = f32x4.splat(0);
    for (let s = 0; s < MAX_STEMS; s++) {
      l = f32x4.add(l, v128.load(synthBus(s, 0) + o));
      r = f32x4.add(r, v128.load(synthBus(s, 1) + o));
    }
    v128.store(mixL + o, l);
    v128.store(mixR + o, r);
  }
}

export function mixPtr(channel: i32): usize {
  return !ready ? 0 : channel == 0 ? mixL : channel == 1 ? mixR : 0;
}

export function busPtr(stem: i32, channel: i32): usize {
  return synthBus(stem, channel);
}

export function setTranspose(semitones: f64, cents: f64): void { synthSetTranspose(semitones, cents); }
export function allNotesOff(): void { synthAllNotesOff(); }
export function allSoundOff(): void { synthAllSoundOff(); }
export function reset(): void { synthReset(); }
export function seek(beat: f64): void { synthSeek(beat); }
export function midi(status: i32, data1: i32, data2: i32, stem: i32): void { synthMidi(status, data1, data2, stem); }
export function setChase(on: i32): void { synthSetChase(on != 0); }
export function setStemEnabled(stem: i32, on: i32): void { synthSetStemEnabled(stem, on != 0); }
export function activeVoices(): i32 { return synthActiveVoices(); }
export function soundingVoices(): i32 { return synthSoundingVoices(); }
export function stolenVoices(): i32 { return synthStolenVoices(); }
export function droppedNotes(): i32 { return synthDroppedNotes(); }
export function cursor(): i32 { return synthCursor(); }
export function stemSounding(stem: i32): i32 { return synthStemSounding(stem); }

/** Where to write up to 256 (beat, bpm, 0) f64 triples for tempoMapLoad. */
export function tempoPtr(): usize { return ready ? tempoBase : 0; }
export function tempoMapLoad(n: i32): i32 { return ready && n <= TEMPO_POINTS && tempoLoad(tempoBase, n) ? 1 : 0; }
export function beatAt(seconds: f64): f64 { return tempoBeatAt(seconds); }
export function secondsAt(beat: f64): f64 { return tempoSecondsAt(beat); }
export function bpmAt(beat: f64): f64 { return tempoBpmAt(beat); }
export function nextTempoChange(beat: f64): f64 { return tempoNextChange(beat); }
