// Real-time contract: the transport anchor and the two reader voices, in static memory.
// setAnchor() runs from the message handler and only stores the anchor; reconcile() and the voice
// ramps run in process(). Nothing allocates.

import { JUMP_TOLERANCE_FRAMES, MAX_POSITION, MAX_RATE, MAX_STEMS, MAX_TRANSPOSE, MIN_RATE, VOICES } from './constants';
import { rampFrames } from './layout';
import { Ramp } from './ramp';
import { stretchForget } from './stretch';

/**
 * A reader voice: reads one track slot at its own anchor-derived position
 * (song frame at context frame t = song + (t − ctx) × rate), scaled by its fade (the inherited Ramp).
 * Voices always move forward: a stopping voice keeps reading while it fades out.
 * `direct` has bit s set when stem s is read straight from storage (rate 1 and no transposition for
 * that stem: bit-exact v1 path); the other stems go through their stretcher (index v × MAX_STEMS + s).
 */
@unmanaged
export class Voice extends Ramp {
  ctx: f64;
  song: f64;
  rate: f64;
  slot: i32;
  direct: i32;

  /** Source position at context frame t. */
  @inline position(t: f64): f64 {
    return this.song + (t - this.ctx) * this.rate;
  }
}

const VOICE_BYTES: i32 = (<i32>offsetof<Voice>() + 15) & ~15;
const VOICE_TABLE = memory.data(VOICES * VOICE_BYTES);

let anchorCtx: f64 = 0;
let anchorSong: f64 = 0;
let anchorPlaying = false;
/** Song frames per context frame (1 = identity). */
let anchorRate: f64 = 1;
/** Transposition as a frequency factor, and the stems that keep their pitch (bit s = stem s). */
export let pitchFactor: f64 = 1;
let keepsMask: i32 = 0;
/** The voice that follows the anchor, or −1 (stopped, or waiting for a free voice). */
let current: i32 = -1;

@inline export function voice(v: i32): Voice {
  return changetype<Voice>(VOICE_TABLE + <usize>(v * VOICE_BYTES));
}

export function transportReset(): void {
  memory.fill(VOICE_TABLE, 0, <usize>(VOICES * VOICE_BYTES));
  anchorCtx = 0;
  anchorSong = 0;
  anchorPlaying = false;
  anchorRate = 1;
  pitchFactor = 1;
  keepsMask = 0;
  current = -1;
}

/** Transpose by semitones + cents / 100 (clamped to ±MAX_TRANSPOSE); non-finite values are ignored. */
export function setTranspose(semitones: f64, cents: f64): void {
  if (!isFinite(semitones) || !isFinite(cents)) return;
  const st = min(max(semitones + cents / 100, -MAX_TRANSPOSE), MAX_TRANSPOSE);
  pitchFactor = Math.pow(2, st / 12);
}

export function setKeepsPitch(stem: f64, on: f64): void {
  if (!(stem >= 0 && stem < <f64>MAX_STEMS) || stem != Math.floor(stem) || !isFinite(on)) return;
  const bit = 1 << <i32>stem;
  keepsMask = on != 0 ? keepsMask | bit : keepsMask & ~bit;
}

/** The pitch factor stem s is rendered at. */
export function stemPitch(s: i32): f64 {
  return (keepsMask >> s) & 1 ? 1.0 : pitchFactor;
}

/** Stems to read directly (no stretcher) at the anchor's rate and the current transposition. */
function wantedDirect(): i32 {
  if (anchorRate != 1) return 0;
  return pitchFactor == 1 ? -1 : keepsMask;
}

/**
 * Store a new anchor; the voices follow at the start of the next block (reconcile). `rate` is song
 * frames per context frame; a non-finite rate (an omitted argument arrives as NaN) means 1, others
 * are clamped to [MIN_RATE, MAX_RATE].
 */
export function setAnchor(contextFrame: f64, songFrame: f64, playing: f64, rate: f64): void {
  if (!(Math.abs(contextFrame) <= MAX_POSITION && Math.abs(songFrame) <= MAX_POSITION)) return;
  if (!isFinite(playing)) return;
  anchorCtx = contextFrame;
  anchorSong = songFrame;
  anchorPlaying = playing != 0;
  anchorRate = isFinite(rate) ? min(max(rate, MIN_RATE), MAX_RATE) : 1;
}

/** The song frame at context frame t, derived from the anchor (never accumulated). */
export function songFrameAt(t: f64): f64 {
  return anchorPlaying ? anchorSong + (t - anchorCtx) * anchorRate : anchorSong;
}

/** The anchor plays (the synth follows the anchor itself, not a reader voice). */
export function anchorPlays(): bool {
  return anchorPlaying;
}

/** Song frames per context frame of the anchor. */
export function anchorSpeed(): f64 {
  return anchorRate;
}

/** Playing, or a voice is still audible (a stop fade in progress). */
export function audible(): bool {
  if (anchorPlaying) return true;
  for (let v = 0; v < VOICES; v++) if (!voice(v).isSilent()) return true;
  return false;
}

/**
 * Bring the voices in line with the anchor and the active slot, at the start of a block.
 * The current voice keeps playing if it reads the active slot and its extrapolation agrees with the
 * anchor within JUMP_TOLERANCE_FRAMES (it adopts the anchor: no fade). Otherwise (stop, jump, track
 * switch) it fades out reading forward and, if the anchor plays, the other voice fades in at the
 * anchor-derived position. If the other voice is still fading out (a second jump within one ramp),
 * the switch waits for it (at most one ramp plus one block) with the current voice still playing,
 * rather than cutting a voice: no voice ever ends except by fading to 0.
 */
export function reconcile(activeSlot: i32, hasTrack: bool): void {
  const want = anchorPlaying && hasTrack;
  if (current >= 0) {
    const v = voice(current);
    // Crossing to or from identity (direct reads ↔ stretchers) is crossfaded like a jump.
    if (want && v.slot == activeSlot && v.direct == wantedDirect() &&
        Math.abs(v.position(anchorCtx) - anchorSong) <= JUMP_TOLERANCE_FRAMES) {
      v.ctx = anchorCtx;
      v.song = anchorSong;
      v.rate = anchorRate;
      return;
    }
    const free = freeVoice();
    if (want && free < 0) return; // the other voice is still fading: keep this one until it is free
    v.to(0, rampFrames);
    current = -1;
  }
  if (!want) return;
  const free = freeVoice();
  if (free >= 0) {
    const v = voice(free);
    v.slot = activeSlot;
    v.ctx = anchorCtx;
    v.song = anchorSong;
    v.rate = anchorRate;
    v.direct = wantedDirect();
    for (let s = 0; s < MAX_STEMS; s++) stretchForget(free * MAX_STEMS + s); // primes at its first block
    v.to(1, rampFrames);
    current = free;
  }
}

/** The voice that follows the anchor (the others are fading out or silent), or −1. */
export function currentVoice(): i32 {
  return current;
}

/** A silent voice other than the current one, or −1. */
function freeVoice(): i32 {
  for (let i = 0; i < VOICES; i++) if (i != current && voice(i).isSilent()) return i;
  return -1;
}

/** Silence at once every voice reading slot `s` (its memory is about to be reused). */
export function cutVoicesOn(s: i32): void {
  for (let i = 0; i < VOICES; i++) {
    const v = voice(i);
    if (v.slot != s || v.isSilent()) continue;
    v.cut(0);
    if (current == i) current = -1;
  }
}

export function advanceVoices(n: i32): void {
  for (let i = 0; i < VOICES; i++) voice(i).advance(n);
}
