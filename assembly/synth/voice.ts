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
  F_BP, F_HP, MODEL_DRUM, MODEL_FM, MODEL_ORGAN, MODEL_PLUCK, Patch, W_OFF, W_PULSE, W_SAW, W_SINE, W_TRI,
} from './patches';
import { TABLE_SIZE, mipFor, tableAt } from './tables';
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
  if (p.model == MODEL_PLUCK) {
    const c = channelAt(v.channel);
    const hz = <f32>440 * exp2f((pitchOf(v, p, c, 0) - 69) * (<f32>1 / 12));
    const period = rateF / max(hz, <f32>KS_MIN_HZ);
    // Enough for the first pass even if the note is bent down two semitones.
    const n = <i32>(period * 1.2) + 4;
    const slot = slotOf(v);
    clearRing(ringOf(slot, 0), v.w, n);
    if (p.strings > 1) clearRing(ringOf(slot, 1), v.w, n);
    if (p.ksHammer > 0) {
      // Hammer: a raised-cosine pulse, narrower (brighter) the harder the strike.
      v.excLen = max(4, <i32>(rateF * (0.0006 + 0.0028 * (1 - vel) + 0.0012 * (1 - p.ksBright))));
    } else {
      v.excLen = max(2, <i32>period);
    }
    v.excLeft = v.excLen;
    const cutoff = min(<f32>150 * exp2f(<f32>7 * p.ksBright * (0.6 + 0.4 * vel)), rateF * 0.45);
    v.excA = 1 - exp2f(-<f32>9.0647 * cutoff * invRate); // 1 − e^(−2π fc / rate)
    v.exc = 0;
    v.z1a = 0; v.z2a = 0; v.z1b = 0; v.z2b = 0; v.dcX = 0; v.dcY = 0;
  }
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
  for (let done = 0; done < n && v.stage != FREE; done += CHUNK) {
    const m = min(CHUNK, n - done);
    period(v, busL + (<usize>done << 2), busR + (<usize>done << 2), m);
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

@inline function osc(w: i32, t: f32, dt: f32, pw: f32): f32 {
  if (w == W_SAW) return 2 * t - 1 - blep(t, dt);
  if (w == W_PULSE) {
    let t2 = t - pw;
    if (t2 < 0) t2 += 1;
    return (t < pw ? <f32>1 : <f32>-1) + blep(t, dt) - blep(t2, dt) - (2 * pw - 1);
  }
  if (w == W_TRI) return 1 - 4 * abs(t - 0.5);
  if (w == W_SINE) return sin1(t);
  return 0;
}

function runSub(v: Voice, p: Patch, inc: f32, m: i32,
  filtered: bool, a1: f32, a2: f32, a3: f32, k: f32): void {
  const w1 = p.wave1;
  const w2 = p.wave2;
  const pw = p.pw;
  const inc1 = inc * v.ratio1;
  const inc2 = min(inc * v.ratio2, <f32>0.45);
  const mix2 = w2 == W_OFF ? <f32>0 : p.osc2Mix;
  const mix1 = w1 == W_OFF ? <f32>0 : 1 - mix2;
  const noise = p.noise;
  const drive: f32 = p.drive > 0 ? 1 + p.drive * 4 : 0;
  const mode = p.filterMode;
  let p1 = v.p1, p2 = v.p2, ic1 = v.ic1, ic2 = v.ic2, rng = v.noise;
  for (let i = 0; i < m; i++) {
    let x: f32 = 0;
    if (mix1 != 0) x = mix1 * osc(w1, p1, inc1, pw);
    if (mix2 != 0) {
      x += mix2 * osc(w2, p2, inc2, pw);
      p2 += inc2;
      p2 -= Mathf.floor(p2);
    }
    p1 += inc1;
    p1 -= Mathf.floor(p1);
    if (noise != 0) {
      rng = xorshift(rng);
      x += noise * bipolar(rng);
    }
    if (drive != 0) x = softClip(x * drive);
    let y = x;
    if (filtered) {
      const v3 = x - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      y = mode == F_BP ? v1 : mode == F_HP ? x - k * v1 - v2 : v2;
    }
    store<f32>(SCRATCH + (<usize>i << 2), y);
  }
  v.p1 = p1; v.p2 = p2; v.ic1 = ic1; v.ic2 = ic2; v.noise = rng;
}

function runFm(v: Voice, p: Patch, inc: f32, m: i32): void {
  const mf = <f32>m;
  // Indices decay toward their sustain; linear within the period.
  const idx0 = v.idx;
  const idx1 = p.fmIndexSustain + (idx0 - p.fmIndexSustain) * exp2f(-mf * v.idxRate);
  const dIdx = (idx1 - idx0) / mf;
  const two = p.fm2Level > 0 && v.lvl2 > 1e-4;
  const i20 = v.idx2;
  const i21 = i20 * exp2f(-mf * v.idx2Rate);
  const l20 = v.lvl2;
  const l21 = l20 * exp2f(-mf * v.lvl2Rate);
  const dI2 = (i21 - i20) / mf;
  const dL2 = (l21 - l20) / mf;
  const incM = inc * p.fmRatio;
  const incC2 = inc * p.fm2Carrier;
  const incM2 = inc * p.fm2Ratio;
  const noise = p.noise;
  let pc = v.p1, pm = v.p2, pc2 = v.p3, pm2 = v.p4, idx = idx0, i2 = i20, l2 = l20, rng = v.noise;
  for (let i = 0; i < m; i++) {
    let y = sin1(pc + idx * sin1(pm));
    pc = frac(pc + inc);
    pm = frac(pm + incM);
    idx += dIdx;
    if (two) {
      y += l2 * sin1(pc2 + i2 * sin1(pm2));
      pc2 = frac(pc2 + incC2);
      pm2 = frac(pm2 + incM2);
      i2 += dI2;
      l2 += dL2;
    }
    if (noise != 0) {
      rng = xorshift(rng);
      y += noise * bipolar(rng) * idx;
    }
    store<f32>(SCRATCH + (<usize>i << 2), y);
  }
  v.p1 = pc; v.p2 = pm; v.p3 = pc2; v.p4 = pm2; v.idx = idx1; v.idx2 = i21; v.lvl2 = l21; v.noise = rng;
}

function runPluck(v: Voice, p: Patch, inc: f32, m: i32,
  filtered: bool, a1: f32, a2: f32, a3: f32): void {
  const slot = slotOf(v);
  const ringA = ringOf(slot, 0);
  const ringB = ringOf(slot, 1);
  const mask = ringSize - 1;
  const two = p.strings > 1;
  // Loop delay: the period minus the loop filter's one frame of delay.
  const hz = max(inc * rateF, <f32>KS_MIN_HZ);
  const dA = min(max(<f32>1 / inc - 1, <f32>2), <f32>(ringSize - 4));
  const dB = two ? min(max(<f32>1 / (inc * exp2f(p.ksDetune * (<f32>1 / 1200))) - 1, <f32>2), <f32>(ringSize - 4)) : dA;
  // Read D frames back: between w − ⌊D⌋ − 1 and w − ⌊D⌋, at fraction D − ⌊D⌋ from the newer one.
  const nA = <i32>dA;
  const fA = dA - <f32>nA;
  const nB = <i32>dB;
  const fB = dB - <f32>nB;
  // Loss per pass so that the fundamental falls 60 dB in the (key-scaled) T60.
  const t60 = max(p.decay * exp2f((<f32>60 - <f32>v.key) / max(p.keyDecay, <f32>1)), <f32>0.01);
  const g = exp2f(-T60_LOG2 / (t60 * hz));
  const b = p.ksDamp * 0.25;
  const b0: f32 = 1 - 2 * b;
  const hammer = p.ksHammer > 0;
  const excLen = <f32>v.excLen;
  const excA = v.excA;
  const drive: f32 = p.drive > 0 ? 1 + p.drive * 6 : 0;
  let w = v.w, left = v.excLeft, e = v.exc, rng = v.noise;
  let z1a = v.z1a, z2a = v.z2a, z1b = v.z1b, z2b = v.z2b, dcX = v.dcX, dcY = v.dcY, ic1 = v.ic1, ic2 = v.ic2;
  for (let i = 0; i < m; i++) {
    // Excitation: a hammer pulse or a filtered noise burst, added into the loop.
    let x: f32 = 0;
    if (left > 0) {
      rng = xorshift(rng);
      if (hammer) {
        const ph = <f32>(v.excLen - left) / excLen;
        x = (0.5 - 0.5 * sin1(ph + 0.25)) + 0.08 * bipolar(rng);
      } else {
        e += excA * (bipolar(rng) - e);
        x = e;
      }
      left--;
    }
    // String A: fractional read (fixed within the period), 3-tap linear-phase loss filter, loss, write.
    let s0 = load<f32>(ringA + (<usize>((w - nA - 1) & mask) << 2));
    let s1 = load<f32>(ringA + (<usize>((w - nA) & mask) << 2));
    let r = s1 + fA * (s0 - s1);
    let y = b * r + b0 * z1a + b * z2a;
    z2a = z1a;
    z1a = r;
    // The output is what enters the delay line, so the pluck sounds at once (not a period later).
    let out = g * y + x;
    store<f32>(ringA + (<usize>(w & mask) << 2), out);
    if (two) {
      s0 = load<f32>(ringB + (<usize>((w - nB - 1) & mask) << 2));
      s1 = load<f32>(ringB + (<usize>((w - nB) & mask) << 2));
      r = s1 + fB * (s0 - s1);
      y = b * r + b0 * z1b + b * z2b;
      z2b = z1b;
      z1b = r;
      const outB = g * y + x;
      store<f32>(ringB + (<usize>(w & mask) << 2), outB);
      out = (out + outB) * 0.5;
    }
    w = (w + 1) & mask;
    // DC blocker (the hammer pulse and the loop carry some DC).
    const hp = out - dcX + 0.995 * dcY;
    dcX = out;
    dcY = hp;
    let s = hp;
    if (drive != 0) s = softClip(s * drive);
    if (filtered) {
      const v3 = s - ic2;
      const v1 = a1 * ic1 + a2 * v3;
      const v2 = ic2 + a2 * ic1 + a3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      s = v2;
    }
    store<f32>(SCRATCH + (<usize>i << 2), s);
  }
  v.w = w; v.excLeft = left; v.exc = e; v.noise = rng;
  v.z1a = z1a; v.z2a = z2a; v.z1b = z1b; v.z2b = z2b; v.dcX = dcX; v.dcY = dcY; v.ic1 = ic1; v.ic2 = ic2;
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
