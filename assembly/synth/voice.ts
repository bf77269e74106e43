// Real-time contract: voices live in static memory (VOICE_SLOTS structs); Karplus–Strong rings and
// wavetables in the region synthConfigure() reserved. renderVoice() touches only those, never
// allocates, and runs a bounded loop (the frames it is given, in CHUNK-frame control periods).
// Output is finite: every state is clamped or decays, and a voice whose output is not finite is
// silenced and freed.
//
// Per control period (≤ CHUNK frames): LFO, pitch (key + transposition + bend + tuning + vibrato
// + pitch envelope), amplitude envelope, filter envelope and coefficients, and the voice's gains
// are computed once; within the period the amplitude (envelope × channel gain × pan) is a linear
// ramp, so envelopes and controller changes never step.

import {
  CHUNK, CUT_LEVEL, KS_MIN_HZ, KS_STRINGS, SILENT_LEVEL, VOICE_SLOTS,
} from './constants';
import { Channel, channelAt } from './channels';
import {
  busBase, busStride, detuneCents, gainSlew, invRate, quietFrames, rateF, ringBase, ringSize, tableBase, transposeSemis,
} from './globals';
import { T60_LOG2, bipolar, blep, exp2f, frac, sin1, softClip, tanf, xorshift } from './math';
import {
  F_BP, F_HP, F_LP, MODEL_DRUM, MODEL_FM, MODEL_ORGAN, MODEL_PLUCK, Patch, W_OFF, W_PULSE, W_SAW, W_SINE, W_TRI,
} from './patches';
import { TABLE_SIZE, mipFor, tableAt } from './tables';
import { drive4, frac4, lanes, pulse4, saw4, scale4, sin4, tri4 } from './kernels';
import { renderDrum } from './drums';

/** Voice stages. */
export const FREE: i32 = 0;
export const ATTACK: i32 = 1;
export const DECAY: i32 = 2;
export const RELEASE: i32 = 3;
export const KILL: i32 = 4;

@unmanaged
export class Voice {
  stage: i32;
  /** The key is down (0 after note-off, also while the pedal holds the note). */
  held: i32;
  /** Note-off came while the sustain pedal was down: released when the pedal lifts. */
  sustained: i32;
  channel: i32;
  key: i32;
  stem: i32;
  model: i32;
  drum: i32;
  patch: usize;
  serial: u32;
  age: i32;
  quiet: i32;
  noise: u32;
  mip: i32;
  /** Karplus–Strong: write index, frames of excitation left, excitation length. */
  w: i32;
  excLeft: i32;
  excLen: i32;
  choke: i32;
  bursts: i32;
  burstLeft: i32;
  burstGap: i32;
  velocity: f32;
  velGain: f32;
  /** Amplitude envelope: value, attack step per frame, decay/release rates (log2 per frame), sustain, kill step. */
  env: f32;
  attackStep: f32;
  decayRate: f32;
  sustainLevel: f32;
  releaseRate: f32;
  fadeStep: f32;
  /** env × velGain after the last period: what stealing compares. */
  level: f32;
  gL: f32;
  gR: f32;
  /** Oscillator phases (cycles). */
  p1: f32;
  p2: f32;
  p3: f32;
  p4: f32;
  ratio2: f32;
  /** Filter state (TPT SVF) and envelope. */
  ic1: f32;
  ic2: f32;
  jc1: f32;
  jc2: f32;
  fenv: f32;
  fenvStage: i32;
  lfo: f32;
  pitchEnv: f32;
  /** FM indices and the second pair's level. */
  idx: f32;
  idx2: f32;
  lvl2: f32;
  /** Karplus–Strong loop filter memories (two strings), excitation filter, DC blocker. */
  z1a: f32;
  z2a: f32;
  z1b: f32;
  z2b: f32;
  exc: f32;
  excA: f32;
  dcX: f32;
  dcY: f32;
  /** Organ percussion and key click envelopes; drum envelopes. */
  perc: f32;
  click: f32;
  toneEnv: f32;
  noiseEnv: f32;
  metalEnv: f32;
  sweepEnv: f32;
  toneCoef: f32;
  noiseCoef: f32;
  metalCoef: f32;
  sweepCoef: f32;
  pan: f32;
  /** Per-note constants: oscillator 1 detune ratio, decay rates of the filter envelope and FM indices. */
  ratio1: f32;
  fenvRate: f32;
  idxRate: f32;
  idx2Rate: f32;
  lvl2Rate: f32;
  percCoef: f32;
}

/** One control period of one voice, mono, before panning; 4 frames of zero padding after it. */
export const SCRATCH: usize = memory.data((CHUNK + 8) << 2, 16);

const VOICE_SIZE: usize = (offsetof<Voice>() + 15) & ~15;
const VOICES: usize = memory.data(<i32>(VOICE_SIZE * <usize>VOICE_SLOTS), 16);

@inline export function voiceAt(i: i32): Voice {
  return changetype<Voice>(VOICES + <usize>i * VOICE_SIZE);
}

export function clearVoice(v: Voice): void {
  memory.fill(changetype<usize>(v), 0, offsetof<Voice>());
}

/**
 * Rings are RING_PAD frames longer than ringSize apart: power-of-two strides would put every
 * voice's read and write positions in the same cache sets (measured: 2× slower).
 */
export const RING_PAD: i32 = 80;

/** Start of string `s` (0, 1) of voice slot `slot`. */
@inline export function ringOf(slot: i32, s: i32): usize {
  return ringBase + (<usize>(slot * KS_STRINGS + s) * <usize>(ringSize + RING_PAD) << 2);
}

@inline function slotOf(v: Voice): i32 {
  return <i32>((changetype<usize>(v) - VOICES) / VOICE_SIZE);
}

/** T60 (seconds) → log2 decay per frame. */
@inline export function rateOf(t60: f32): f32 {
  return t60 > 0 ? T60_LOG2 / (t60 * rateF) : 0;
}

/** The key's pitch in semitones (MIDI note numbers, fractional) now. */
@inline function pitchOf(v: Voice, p: Patch, c: Channel, vib: f32): f32 {
  const t: f32 = v.drum ? 0 : transposeSemis;
  return <f32>v.key + t + p.octave + c.bend * c.bendRange + c.tune + (detuneCents + vib) * 0.01 + p.pitchEnv * v.pitchEnv;
}

/** Cycles per frame of `semis`. */
@inline function incOf(semis: f32): f32 {
  return min(<f32>440 * invRate * exp2f((semis - 69) * (<f32>1 / 12)), <f32>0.45);
}

/** Clear the part of a ring the first pass of a new note reads (older data would sound). */
function clearRing(ring: usize, w: i32, n: i32): void {
  const size = ringSize;
  n = min(n, size);
  const start = (w - n) & (size - 1);
  if (start + n <= size) {
    memory.fill(ring + (<usize>start << 2), 0, <usize>n << 2);
  } else {
    memory.fill(ring + (<usize>start << 2), 0, <usize>(size - start) << 2);
    memory.fill(ring, 0, <usize>(n - (size - start)) << 2);
  }
}

/**
 * Write a plucked or hammered excitation into the string ring(s), ending just before the write
 * position, so the first pass reads it at once. Its mean is removed over exactly the written span,
 * which takes out DC and nothing else; it is normalised to peak 1. Cost: two passes over a period.
 */
function exciteStrings(v: Voice, p: Patch, vel: f32): void {
  const c = channelAt(v.channel);
  const hz = <f32>440 * exp2f((pitchOf(v, p, c, 0) - 69) * (<f32>1 / 12));
  const period = rateF / max(hz, <f32>KS_MIN_HZ);
  const n = min(<i32>period + 2, ringSize - 8);
  const slot = slotOf(v);
  const ringA = ringOf(slot, 0);
  const mask = ringSize - 1;
  // Older data a pitch bend down could reach is cleared; the span itself is written below.
  clearRing(ringA, v.w - n, <i32>(period * 0.25) + 8);
  // The span [w − n, w) may wrap around the ring: `start` is its first index.
  const start = (v.w - n) & mask;
  let rng = v.noise;
  let sum: f32 = 0;
  let lo: f32 = 0;
  let hi: f32 = 0;
  const hammer = p.ksHammer > 0;
  const width = min(<f32>n, rateF * (0.0006 + 0.0028 * (1 - vel) + 0.0012 * (1 - p.ksBright)));
  const invWidth: f32 = 1 / width;
  const cutoff = min(<f32>150 * exp2f(<f32>7 * p.ksBright * (0.6 + 0.4 * vel)), rateF * 0.45);
  const a: f32 = 1 - exp2f(-<f32>9.0647 * cutoff * invRate); // 1 − e^(−2π fc / rate)
  let e: f32 = 0;
  for (let i = 0; i < n; i++) {
    rng = xorshift(rng);
    let x: f32;
    if (hammer) {
      // Hammer: a raised-cosine pulse, narrower (brighter) the harder the strike, plus a little noise.
      x = <f32>0.08 * bipolar(rng);
      if (<f32>i < width) x += 0.5 - 0.5 * sin1(<f32>i * invWidth + 0.25);
    } else {
      // Pluck: noise through a one-pole low-pass, brighter with velocity.
      e += a * (bipolar(rng) - e);
      x = e;
    }
    store<f32>(ringA + (<usize>((start + i) & mask) << 2), x);
    sum += x;
    lo = min(lo, x);
    hi = max(hi, x);
  }
  // Second pass (four frames at a time): remove the mean, normalise the peak to 1, copy to string B.
  const mean = sum / <f32>n;
  const top = max(hi - mean, mean - lo);
  const scale: f32 = top > 1e-9 ? 1 / top : 0;
  const two = p.strings > 1;
  const ringB = ringOf(slot, 1);
  if (two) clearRing(ringB, v.w - n, <i32>(period * 0.25) + 8);
  const first = min(n, ringSize - start);
  normalise(ringA + (<usize>start << 2), ringB + (<usize>start << 2), first, mean, scale, two);
  if (first < n) normalise(ringA, ringB, n - first, mean, scale, two);
  v.noise = rng;
  v.z1a = 0; v.z2a = 0; v.z1b = 0; v.z2b = 0;
}

/** (x − mean) × scale over n frames of a ring run, copied to the second string's ring if `two`. */
function normalise(a: usize, b: usize, n: i32, mean: f32, scale: f32, two: bool): void {
  const m = f32x4.splat(mean);
  const g = f32x4.splat(scale);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const x = f32x4.mul(f32x4.sub(v128.load(a + o), m), g);
    v128.store(a + o, x);
    if (two) v128.store(b + o, x);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const x = (load<f32>(a + o) - mean) * scale;
    store<f32>(a + o, x);
    if (two) store<f32>(b + o, x);
  }
}

/** Set up a melodic voice for `key` (its patch, envelopes, oscillators). The voice's identity is set by the caller. */
export function startVoice(v: Voice, p: Patch, velocity: i32): void {
  const vel = <f32>velocity / 127;
  v.velocity = vel;
  v.velGain = vel * vel * p.level * 0.25;
  v.model = p.model;
  v.patch = changetype<usize>(p);
  v.stage = ATTACK;
  v.env = 0;
  v.attackStep = 1 / max(<f32>1, p.attack * rateF);
  const keyScale: f32 = p.keyDecay > 0 ? exp2f((<f32>60 - <f32>v.key) / p.keyDecay) : 1;
  v.decayRate = rateOf(p.decay * keyScale);
  v.sustainLevel = p.sustain;
  v.releaseRate = rateOf(p.release);
  v.fenv = p.fenvAttack > 0 ? 0 : 1;
  v.fenvStage = p.fenvAttack > 0 ? 0 : 1;
  v.pitchEnv = 1;
  v.lfo = 0;
  v.p1 = 0;
  v.p2 = 0.25;
  v.p3 = 0;
  v.p4 = 0;
  v.ratio1 = exp2f(p.osc1Cents * (<f32>1 / 1200));
  v.ratio2 = exp2f((p.osc2Semis + p.osc2Cents * 0.01) * (<f32>1 / 12));
  v.fenvRate = rateOf(p.fenvDecay);
  v.idxRate = rateOf(p.fmDecay);
  v.idx2Rate = rateOf(p.fm2Decay);
  v.lvl2Rate = rateOf(p.fm2LevelDecay);
  v.percCoef = exp2f(-rateOf(p.percDecay));
  const velScale = max(<f32>0.1, 1 + p.fmVel * (vel - 0.75));
  v.idx = p.fmIndex * velScale;
  v.idx2 = p.fm2Index * velScale;
  v.lvl2 = p.fm2Level;
  v.perc = p.percLevel;
  v.click = p.click;
  if (p.model == MODEL_PLUCK) exciteStrings(v, p, vel);
  v.ic1 = 0; v.ic2 = 0; v.jc1 = 0; v.jc2 = 0;
  v.age = 0;
  v.quiet = 0;
}

/** Release the note (note-off, or the pedal lifted). Drums ignore note-off. */
export function releaseVoice(v: Voice): void {
  v.held = 0;
  v.sustained = 0;
  if (v.drum || v.stage == KILL || v.stage == FREE) return;
  v.stage = RELEASE;
}

/** Fade out linearly at `step` per frame (steal, kill, choke), then free. */
export function fadeVoice(v: Voice, step: f32): void {
  if (v.stage == FREE) return;
  if (v.stage == KILL && v.fadeStep >= step) return; // already fading at least as fast
  v.stage = KILL;
  v.fadeStep = step;
  v.held = 0;
  v.sustained = 0;
}

// ---- rendering ----

/** Render voice `v` into its stem's bus, frames [offset, offset + n). False when the voice ended. */
export function renderVoice(v: Voice, offset: i32, n: i32): void {
  const busL = busBase + (<usize>(v.stem * 2) * busStride) + (<usize>offset << 2);
  const busR = busL + busStride;
  let done = 0;
  while (done < n && v.stage != FREE) {
    let m = min(CHUNK, n - done);
    // A period ends where the attack does, so the attack is exactly linear however blocks are cut.
    if (v.stage == ATTACK) m = max(1, min(m, <i32>Mathf.ceil((1 - v.env) / v.attackStep - 1e-4)));
    period(v, busL + (<usize>done << 2), busR + (<usize>done << 2), m);
    done += m;
  }
}

/** One control period of `m` frames. */
function period(v: Voice, outL: usize, outR: usize, m: i32): void {
  const c = channelAt(v.channel);
  const mf = <f32>m;
  const env0 = v.env;
  let env1 = env0;
  switch (v.stage) {
    case ATTACK: {
      env1 = env0 + mf * v.attackStep;
      if (env1 >= 1) {
        env1 = 1;
        v.stage = DECAY;
      }
      break;
    }
    case DECAY: {
      env1 = v.sustainLevel + (env0 - v.sustainLevel) * exp2f(-mf * v.decayRate);
      break;
    }
    case RELEASE: {
      env1 = env0 * exp2f(-mf * v.releaseRate);
      break;
    }
    default: { // KILL
      env1 = max(<f32>0, env0 - mf * v.fadeStep);
    }
  }

  let aL: f32, aR: f32, dL: f32, dR: f32;
  if (v.model == MODEL_DRUM) {
    const pan = min(<f32>1, max(<f32>-1, v.pan));
    // Drum pan offsets move the image inside the channel's pan.
    const gl = slew(v.gL, v.velGain * c.gainL * (1 - max(<f32>0, pan)), mf);
    const gr = slew(v.gR, v.velGain * c.gainR * (1 + min(<f32>0, pan)), mf);
    aL = env0 * v.gL;
    aR = env0 * v.gR;
    dL = (env1 * gl - aL) / mf;
    dR = (env1 * gr - aR) / mf;
    v.gL = gl;
    v.gR = gr;
    renderDrum(v, m);
  } else {
    const p = changetype<Patch>(v.patch);
    // LFO (vibrato, tremolo, filter); the mod wheel adds up to 50 cents of vibrato.
    let lfo: f32 = 0;
    if (p.lfoRate > 0 || c.mod > 0) {
      const rate = p.lfoRate > 0 ? p.lfoRate : <f32>5.5;
      v.lfo = frac(v.lfo + rate * mf * invRate);
      const depth: f32 = p.lfoDelay > 0 ? min(<f32>1, <f32>v.age * invRate / p.lfoDelay) : 1;
      lfo = sin1(v.lfo) * depth;
    }
    const vib = (p.vibrato + c.mod * 50) * lfo;
    const inc = incOf(pitchOf(v, p, c, vib));
    if (p.pitchEnv != 0) v.pitchEnv *= exp2f(-mf * invRate / max(p.pitchDecay, <f32>0.001) * <f32>1.442695);
    const trem: f32 = 1 - p.tremolo * 0.5 * (1 - lfo);
    const gl = slew(v.gL, v.velGain * c.gainL * trem, mf);
    const gr = slew(v.gR, v.velGain * c.gainR * trem, mf);
    aL = env0 * v.gL;
    aR = env0 * v.gR;
    dL = (env1 * gl - aL) / mf;
    dR = (env1 * gr - aR) / mf;
    v.gL = gl;
    v.gR = gr;

    // Filter coefficients for this period (cutoff 0: no filter).
    let a1: f32 = 0, a2: f32 = 0, a3: f32 = 0, k: f32 = 0;
    const filtered = p.cutoff > 0;
    if (filtered) {
      advanceFilterEnvelope(v, p, mf);
      const octaves = p.keytrack * <f32>(v.key - 60) * (<f32>1 / 12) + p.fenvAmount * v.fenv + p.velCutoff * (v.velocity - 1) + p.lfoCutoff * lfo;
      const fc = min(p.cutoff * exp2f(octaves), rateF * 0.45);
      const g = tanf(<f32>3.14159265 * max(fc, <f32>20) * invRate);
      k = 1 / p.q;
      a1 = 1 / (1 + g * (g + k));
      a2 = g * a1;
      a3 = g * a2;
    }

    switch (v.model) {
      case MODEL_FM: runFm(v, p, inc, m); break;
      case MODEL_PLUCK: runPluck(v, p, inc, m, filtered, a1, a2, a3); break;
      case MODEL_ORGAN: runOrgan(v, p, inc, m); break;
      default: runSub(v, p, inc, m, filtered, a1, a2, a3, k);
    }
  }
  const peak = mixScratch(outL, outR, m, aL, aR, dL, dR);

  v.env = env1;
  v.age += m;
  v.level = env1 * v.velGain;
  // A voice that blew up (it should not) is silenced rather than allowed to poison the mix.
  if (!(peak < 1e4)) {
    v.stage = FREE;
    return;
  }
  if (v.stage == KILL) {
    if (env1 <= 0) v.stage = FREE;
    return;
  }
  if (v.stage != ATTACK && env1 < SILENT_LEVEL) {
    v.stage = FREE;
    return;
  }
  // Plucked strings and drums decay by themselves: free them once their output stays inaudible.
  if (peak * env1 < SILENT_LEVEL) {
    v.quiet += m;
    if (v.quiet >= quietFrames && v.stage != ATTACK) v.stage = FREE;
  } else {
    v.quiet = 0;
  }
}

/** Move a gain toward its target by at most gainSlew per frame. */
@inline function slew(from: f32, to: f32, frames: f32): f32 {
  const most = gainSlew * frames;
  return from + min(most, max(-most, to - from));
}

/**
 * Add the scratch period (m frames, zero-padded to a multiple of 4) × the gain ramps to the stem bus,
 * four frames at a time; returns the scratch's peak. The padding adds exact zeros past `m`, inside
 * the bus's padding or into frames that are rendered (added to) later anyway.
 */
function mixScratch(outL: usize, outR: usize, m: i32, aL: f32, aR: f32, dL: f32, dR: f32): f32 {
  v128.store(SCRATCH + (<usize>m << 2), f32x4.splat(0));
  const ramp = f32x4(0, 1, 2, 3);
  let gl = f32x4.add(f32x4.splat(aL), f32x4.mul(ramp, f32x4.splat(dL)));
  let gr = f32x4.add(f32x4.splat(aR), f32x4.mul(ramp, f32x4.splat(dR)));
  const stepL = f32x4.splat(dL * 4);
  const stepR = f32x4.splat(dR * 4);
  let top = f32x4.splat(0);
  for (let i = 0; i < m; i += 4) {
    const o = <usize>i << 2;
    const x = v128.load(SCRATCH + o);
    top = f32x4.max(top, f32x4.abs(x));
    v128.store(outL + o, f32x4.add(v128.load(outL + o), f32x4.mul(x, gl)));
    v128.store(outR + o, f32x4.add(v128.load(outR + o), f32x4.mul(x, gr)));
    gl = f32x4.add(gl, stepL);
    gr = f32x4.add(gr, stepR);
  }
  // NaN anywhere makes the peak NaN (max propagates it), which frees the voice.
  return max(max(f32x4.extract_lane(top, 0), f32x4.extract_lane(top, 1)), max(f32x4.extract_lane(top, 2), f32x4.extract_lane(top, 3)));
}

function advanceFilterEnvelope(v: Voice, p: Patch, mf: f32): void {
  if (p.fenvAmount == 0) return;
  if (v.fenvStage == 0) {
    v.fenv += mf * invRate / p.fenvAttack;
    if (v.fenv >= 1) {
      v.fenv = 1;
      v.fenvStage = 1;
    }
  } else {
    v.fenv = p.fenvSustain + (v.fenv - p.fenvSustain) * exp2f(-mf * v.fenvRate);
  }
}

/** Four frames of waveform `w` at phases t (cycles, [0, 1)). */
@inline function wave4(w: i32, t: v128, dt: v128, invDt: v128, pw: f32): v128 {
  if (w == W_SAW) return saw4(t, dt, invDt);
  if (w == W_PULSE) return pulse4(t, dt, invDt, pw);
  if (w == W_TRI) return tri4(t);
  return sin4(t);
}

/** White noise × level added to m frames. */
function addNoise(v: Voice, m: i32, level: f32): void {
  let rng = v.noise;
  for (let i = 0; i < m; i++) {
    rng = xorshift(rng);
    const at = SCRATCH + (<usize>i << 2);
    store<f32>(at, load<f32>(at) + level * bipolar(rng));
  }
  v.noise = rng;
}

/** The state-variable filter (TPT) over m frames in place: low-, band- or high-pass. */
function filter(v: Voice, m: i32, mode: i32, a1: f32, a2: f32, a3: f32, k: f32): void {
  let ic1 = v.ic1, ic2 = v.ic2;
  if (mode == F_BP || mode == F_HP) {
    const hp = mode == F_HP;
    for (let i = 0; i < m; i++) {
      const at = SCRATCH + (<usize>i << 2);
      const x = load<f32>(at);
      const v3 = x - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      store<f32>(at, hp ? x - k * v1 - v2 : v1);
    }
  } else {
    for (let i = 0; i < m; i++) {
      const at = SCRATCH + (<usize>i << 2);
      const v3 = load<f32>(at) - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      store<f32>(at, v2);
    }
  }
  // Flush what would become subnormal (a silent input decays the state toward 0).
  v.ic1 = abs(ic1) < 1e-20 ? 0 : ic1;
  v.ic2 = abs(ic2) < 1e-20 ? 0 : ic2;
}

function runSub(v: Voice, p: Patch, inc: f32, m: i32, filtered: bool, a1: f32, a2: f32, a3: f32, k: f32): void {
  const n4 = (m + 3) & ~3;
  const w1 = p.wave1;
  const w2 = p.wave2;
  const pw = p.pw;
  const inc1 = inc * v.ratio1;
  const inc2 = min(inc * v.ratio2, <f32>0.45);
  const mix2 = w2 == W_OFF ? <f32>0 : p.osc2Mix;
  const mix1 = w1 == W_OFF ? <f32>0 : 1 - mix2;
  const ramp = lanes();
  const dt1 = f32x4.splat(inc1);
  const inv1 = f32x4.splat(1 / inc1);
  const step1 = f32x4.mul(ramp, dt1);
  const dt2 = f32x4.splat(inc2);
  const inv2 = f32x4.splat(1 / inc2);
  const step2 = f32x4.mul(ramp, dt2);
  const g1 = f32x4.splat(mix1);
  const g2 = f32x4.splat(mix2);
  let p1 = v.p1;
  let p2 = v.p2;
  const p1End = frac(p1 + <f32>m * inc1);
  const p2End = frac(p2 + <f32>m * inc2);
  for (let i = 0; i < n4; i += 4) {
    let y = f32x4.splat(0);
    if (mix1 != 0) y = f32x4.mul(g1, wave4(w1, frac4(f32x4.add(f32x4.splat(p1), step1)), dt1, inv1, pw));
    if (mix2 != 0) y = f32x4.add(y, f32x4.mul(g2, wave4(w2, frac4(f32x4.add(f32x4.splat(p2), step2)), dt2, inv2, pw)));
    v128.store(SCRATCH + (<usize>i << 2), y);
    p1 = frac(p1 + 4 * inc1);
    p2 = frac(p2 + 4 * inc2);
  }
  v.p1 = p1End;
  v.p2 = p2End;
  if (p.noise != 0) addNoise(v, m, p.noise);
  if (p.drive > 0) drive4(SCRATCH, n4, 1 + p.drive * 4);
  if (filtered) filter(v, m, p.filterMode, a1, a2, a3, k);
}

function runFm(v: Voice, p: Patch, inc: f32, m: i32): void {
  const n4 = (m + 3) & ~3;
  const mf = <f32>m;
  // Indices decay toward their sustain; linear within the period.
  const idx0 = v.idx;
  let idx1 = p.fmIndexSustain + (idx0 - p.fmIndexSustain) * exp2f(-mf * v.idxRate);
  const two = p.fm2Level > 0 && v.lvl2 > 1e-4;
  const i20 = v.idx2;
  let i21 = i20 * exp2f(-mf * v.idx2Rate);
  const l20 = v.lvl2;
  const l21 = l20 * exp2f(-mf * v.lvl2Rate);
  const ramp = lanes();
  const incM = inc * p.fmRatio;
  const incC2 = inc * p.fm2Carrier;
  const incM2 = inc * p.fm2Ratio;
  const sc = f32x4.mul(ramp, f32x4.splat(inc));
  const sm = f32x4.mul(ramp, f32x4.splat(incM));
  const sc2 = f32x4.mul(ramp, f32x4.splat(incC2));
  const sm2 = f32x4.mul(ramp, f32x4.splat(incM2));
  const dI = (idx1 - idx0) / mf;
  const dI2 = (i21 - i20) / mf;
  const dL2 = (l21 - l20) / mf;
  const si = f32x4.mul(ramp, f32x4.splat(dI));
  const si2 = f32x4.mul(ramp, f32x4.splat(dI2));
  const sl2 = f32x4.mul(ramp, f32x4.splat(dL2));
  let pc = v.p1, pm = v.p2, pc2 = v.p3, pm2 = v.p4;
  const pcEnd = frac(pc + mf * inc), pmEnd = frac(pm + mf * incM), pc2End = frac(pc2 + mf * incC2), pm2End = frac(pm2 + mf * incM2);
  for (let i = 0; i < n4; i += 4) {
    const fi = <f32>i;
    const index = f32x4.add(f32x4.splat(idx0 + fi * dI), si);
    const mod = f32x4.mul(index, sin4(f32x4.add(f32x4.splat(pm), sm)));
    let y = sin4(f32x4.add(f32x4.add(f32x4.splat(pc), sc), mod));
    if (two) {
      const index2 = f32x4.add(f32x4.splat(i20 + fi * dI2), si2);
      const level2 = f32x4.add(f32x4.splat(l20 + fi * dL2), sl2);
      const mod2 = f32x4.mul(index2, sin4(f32x4.add(f32x4.splat(pm2), sm2)));
      y = f32x4.add(y, f32x4.mul(level2, sin4(f32x4.add(f32x4.add(f32x4.splat(pc2), sc2), mod2))));
      pc2 = frac(pc2 + 4 * incC2);
      pm2 = frac(pm2 + 4 * incM2);
    }
    v128.store(SCRATCH + (<usize>i << 2), y);
    pc = frac(pc + 4 * inc);
    pm = frac(pm + 4 * incM);
  }
  // Flush decayed indices (no subnormals in the next periods).
  if (abs(idx1 - p.fmIndexSustain) < 1e-6) idx1 = p.fmIndexSustain;
  if (i21 < 1e-6) i21 = 0;
  v.p1 = pcEnd; v.p2 = pmEnd; v.p3 = pc2End; v.p4 = pm2End;
  v.idx = idx1; v.idx2 = i21; v.lvl2 = l21 < 1e-6 ? 0 : l21;
  if (p.noise != 0) addNoise(v, m, p.noise * idx0);
}

/**
 * One Karplus–Strong string over m frames into SCRATCH (added if `add`): read D frames back
 * (linear interpolation, D fixed within the period), a 3-tap linear-phase loss filter
 * [b, 1 − 2b, b] (one frame of delay, so D = period − 1), the loss g, write. Four frames at a time
 * when neither the reads nor the writes wrap around the ring in this period (D ≥ 4 makes the four
 * lanes independent); frame by frame otherwise. Returns the last two interpolated reads (z1, z2).
 */
function string(ring: usize, w: i32, d: f32, g: f32, b: f32, m: i32, z1: f32, z2: f32, add: bool): void {
  const size = ringSize;
  const mask = size - 1;
  const n = <i32>d;
  const f = d - <f32>n;
  const b0: f32 = 1 - 2 * b;
  const read = (w - n - 1) & mask; // s0 of frame 0; s1 is the next one
  const wr = w & mask;
  const n4 = (m + 3) & ~3;
  if (read + n4 + 1 < size && wr + n4 < size) {
    const fv = f32x4.splat(f);
    const bv = f32x4.splat(b);
    const b0v = f32x4.splat(b0);
    const gv = f32x4.splat(g);
    let prev = f32x4(0, 0, z2, z1);
    for (let i = 0; i < n4; i += 4) {
      const s0 = v128.load(ring + (<usize>(read + i) << 2));
      const s1 = v128.load(ring + (<usize>(read + i + 1) << 2));
      const r = f32x4.add(s1, f32x4.mul(fv, f32x4.sub(s0, s1)));
      const r1 = i8x16.shuffle(prev, r, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27); // r[j−1]
      const r2 = i8x16.shuffle(prev, r, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23); // r[j−2]
      const y = f32x4.mul(gv, f32x4.add(f32x4.mul(bv, f32x4.add(r, r2)), f32x4.mul(b0v, r1)));
      v128.store(ring + (<usize>(wr + i) << 2), y);
      const o = SCRATCH + (<usize>i << 2);
      v128.store(o, add ? f32x4.add(v128.load(o), y) : y);
      prev = r;
    }
    // The frames past m were computed from real data and are rewritten next period before anyone
    // reads them; the filter memory is that of frames m − 1 and m − 2.
    lastReads(ring, read, f, m, mask);
  } else {
    for (let i = 0; i < m; i++) {
      const s0 = load<f32>(ring + (<usize>((read + i) & mask) << 2));
      const s1 = load<f32>(ring + (<usize>((read + i + 1) & mask) << 2));
      const r = s1 + f * (s0 - s1);
      const y = g * (b * (r + z2) + b0 * z1);
      z2 = z1;
      z1 = r;
      store<f32>(ring + (<usize>((wr + i) & mask) << 2), y);
      const o = SCRATCH + (<usize>i << 2);
      store<f32>(o, add ? load<f32>(o) + y : y);
    }
    lastZ1 = z1;
    lastZ2 = z2;
  }
}

let lastZ1: f32 = 0;
let lastZ2: f32 = 0;

/** The interpolated reads of frames m − 1 and m − 2 (the loss filter's memory for the next period). */
@inline function lastReads(ring: usize, read: i32, f: f32, m: i32, mask: i32): void {
  let s0 = load<f32>(ring + (<usize>((read + m - 1) & mask) << 2));
  let s1 = load<f32>(ring + (<usize>((read + m) & mask) << 2));
  lastZ1 = s1 + f * (s0 - s1);
  s0 = load<f32>(ring + (<usize>((read + m - 2) & mask) << 2));
  s1 = load<f32>(ring + (<usize>((read + m - 1) & mask) << 2));
  lastZ2 = m >= 2 ? s1 + f * (s0 - s1) : lastZ1;
}

function runPluck(v: Voice, p: Patch, inc: f32, m: i32, filtered: bool, a1: f32, a2: f32, a3: f32): void {
  const slot = slotOf(v);
  const two = p.strings > 1;
  // Loop delay: the period minus the loss filter's one frame; at least 4 (four independent lanes).
  const hz = max(inc * rateF, <f32>KS_MIN_HZ);
  const top = <f32>(ringSize - 8);
  const dA = min(max(<f32>1 / inc - 1, <f32>4), top);
  // Loss per pass so that the fundamental falls 60 dB in the (key-scaled) T60.
  const t60 = max(p.decay * exp2f((<f32>60 - <f32>v.key) / max(p.keyDecay, <f32>1)), <f32>0.01);
  const g = exp2f(-T60_LOG2 / (t60 * hz));
  const b = p.ksDamp * 0.25;
  string(ringOf(slot, 0), v.w, dA, g, b, m, v.z1a, v.z2a, false);
  v.z1a = lastZ1;
  v.z2a = lastZ2;
  const n4 = (m + 3) & ~3;
  if (two) {
    const dB = min(max(<f32>1 / (inc * exp2f(p.ksDetune * (<f32>1 / 1200))) - 1, <f32>4), top);
    string(ringOf(slot, 1), v.w, dB, g, b, m, v.z1b, v.z2b, true);
    v.z1b = lastZ1;
    v.z2b = lastZ2;
    scale4(SCRATCH, n4, 0.5);
  }
  v.w = (v.w + m) & (ringSize - 1);
  if (p.drive > 0) drive4(SCRATCH, n4, 1 + p.drive * 6);
  if (filtered) filter(v, m, F_LP, a1, a2, a3, 0);
}

function runOrgan(v: Voice, p: Patch, inc: f32, m: i32): void {
  const incT = inc * 0.5; // the tables' fundamental is the 16' pitch
  const mip = mipFor(incT * max(<f32>1, v.ratio2));
  const t1 = tableAt(tableBase, p.table1, mip);
  const two = p.table2 >= 0 && p.osc2Mix > 0;
  const t2 = tableAt(tableBase, two ? p.table2 : p.table1, mip);
  const inc2 = incT * v.ratio2;
  const size = <f32>TABLE_SIZE;
  const percInc = inc * p.percHarm;
  const percCoef = v.percCoef;
  const clickCoef: f32 = 0.993;
  const drive: f32 = p.drive > 0 ? 1 + p.drive * 3 : 0;
  let p1 = v.p1, p2 = v.p2, p3 = v.p3, perc = v.perc, click = v.click, rng = v.noise;
  for (let i = 0; i < m; i++) {
    let x = p1 * size;
    let j = <i32>x;
    let f = x - <f32>j;
    let a = load<f32>(t1 + (<usize>j << 2));
    let y = a + f * (load<f32>(t1 + (<usize>j << 2), 4) - a);
    p1 += incT;
    p1 -= Mathf.floor(p1);
    if (two) {
      x = p2 * size;
      j = <i32>x;
      f = x - <f32>j;
      a = load<f32>(t2 + (<usize>j << 2));
      y = (y + a + f * (load<f32>(t2 + (<usize>j << 2), 4) - a)) * 0.5;
      p2 += inc2;
      p2 -= Mathf.floor(p2);
    }
    if (perc > 1e-4) {
      y += perc * sin1(p3);
      p3 = frac(p3 + percInc);
      perc *= percCoef;
    }
    if (click > 1e-4) {
      rng = xorshift(rng);
      y += click * bipolar(rng);
      click *= clickCoef;
    }
    if (drive != 0) y = softClip(y * drive);
    store<f32>(SCRATCH + (<usize>i << 2), y);
  }
  v.p1 = p1; v.p2 = p2; v.p3 = p3; v.perc = perc; v.click = click; v.noise = rng;
}

/** The quietest-first stealing score (lower is stolen first): voices in their release count a tenth. */
@inline export function stealScore(v: Voice): f32 {
  return v.stage == RELEASE ? v.level * 0.1 : v.level;
}

/** True if the voice is below the level where reusing it at once is inaudible. */
@inline export function cuttable(v: Voice): bool {
  return v.level < CUT_LEVEL;
}
