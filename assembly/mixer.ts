// Real-time contract: mixer parameters and their gain ramps, in static memory. Setters run from the
// message handler and only retarget ramps; fillGains()/advanceGains() run in process() and write
// the fixed block buffers. Nothing allocates.

import { MAX_GAIN_DB, MAX_STEMS, SILENCE_DB } from './constants';
import { BUF_MASTER, BUF_STEM_GAIN, buf, rampFrames } from './layout';
import { Ramp } from './ramp';

@unmanaged
class StemParam {
  gain: f64; // linear, from dB
  mute: i32;
  solo: i32;
}

const PARAM_BYTES: i32 = 16;
const RAMP_BYTES: i32 = 32;
const PARAMS = memory.data(MAX_STEMS * PARAM_BYTES);
/** Stem ramps 0…MAX_STEMS−1, then the master ramp. */
const RAMPS = memory.data((MAX_STEMS + 1) * RAMP_BYTES);
let masterGain: f64 = 1;

@inline function param(stem: i32): StemParam {
  return changetype<StemParam>(PARAMS + <usize>(stem * PARAM_BYTES));
}

@inline export function stemRamp(stem: i32): Ramp {
  return changetype<Ramp>(RAMPS + <usize>(stem * RAMP_BYTES));
}

@inline function masterRamp(): Ramp {
  return changetype<Ramp>(RAMPS + <usize>(MAX_STEMS * RAMP_BYTES));
}

/** dB → linear; SILENCE_DB and below is exactly 0, above MAX_GAIN_DB is clamped. */
export function dbToGain(db: f64): f64 {
  if (db <= SILENCE_DB) return 0;
  return Math.pow(10, min(db, MAX_GAIN_DB) / 20);
}

/** A stem index from JS: an integer in [0, MAX_STEMS), else −1. */
export function stemIndex(stem: f64): i32 {
  if (!(stem >= 0 && stem < <f64>MAX_STEMS) || stem != Math.floor(stem)) return -1;
  return <i32>stem;
}

/** Defaults (0 dB, unmuted, unsoloed), no ramps. */
export function mixerReset(): void {
  for (let s = 0; s < MAX_STEMS; s++) {
    const p = param(s);
    p.gain = 1;
    p.mute = 0;
    p.solo = 0;
    stemRamp(s).cut(1);
  }
  masterGain = 1;
  masterRamp().cut(1);
}

/** Recompute every stem's target (solo changes them all) and ramp the ones that changed. */
function retarget(): void {
  let anySolo = false;
  for (let s = 0; s < MAX_STEMS; s++) anySolo = anySolo || param(s).solo != 0;
  for (let s = 0; s < MAX_STEMS; s++) {
    const p = param(s);
    const heard = p.mute == 0 && (!anySolo || p.solo != 0);
    stemRamp(s).to(heard ? p.gain : 0, rampFrames);
  }
  masterRamp().to(masterGain, rampFrames);
}

export function applyStemGain(stem: f64, db: f64): void {
  const s = stemIndex(stem);
  if (s < 0 || !isFinite(db)) return;
  param(s).gain = dbToGain(db);
  retarget();
}

export function applyStemMute(stem: f64, on: f64): void {
  const s = stemIndex(stem);
  if (s < 0 || !isFinite(on)) return;
  param(s).mute = on != 0 ? 1 : 0;
  retarget();
}

export function applyStemSolo(stem: f64, on: f64): void {
  const s = stemIndex(stem);
  if (s < 0 || !isFinite(on)) return;
  param(s).solo = on != 0 ? 1 : 0;
  retarget();
}

export function applyMasterGain(db: f64): void {
  if (!isFinite(db)) return;
  masterGain = dbToGain(db);
  retarget();
}

/** Write this block's per-sample stem and master gains (n frames, a multiple of 4). */
export function fillGains(n: i32): void {
  for (let s = 0; s < MAX_STEMS; s++) {
    const r = stemRamp(s);
    if (!r.isSilent()) r.fill(buf(BUF_STEM_GAIN + s), n);
  }
  masterRamp().fill(buf(BUF_MASTER), n);
}

export function masterSilent(): bool {
  return masterRamp().isSilent();
}

export function advanceGains(n: i32): void {
  for (let s = 0; s < MAX_STEMS; s++) stemRamp(s).advance(n);
  masterRamp().advance(n);
}
