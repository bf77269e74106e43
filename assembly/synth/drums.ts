// Real-time contract: the drum kit (one DrumPatch per key) lives in static memory, written once by
// drumsConfigure(); renderDrum() runs a bounded per-sample loop over a voice's own state.
//
// A drum voice is up to three parts, each with its own exponential decay (T60):
//   tone   a sine whose pitch glides from f0 to f1 (time constant `sweep`), plus an optional second
//          partial at a fixed ratio: kicks, toms, congas, bongos, woodblocks, triangles, whistles;
//   noise  white noise through a state-variable filter (low-, band- or high-pass), optionally as
//          several bursts `gap` apart (claps, guiros, vibraslap): snares' wires, shakers, claps;
//   metal  six detuned square waves (the classic analogue cymbal recipe) through a high-pass:
//          hi-hats, cymbals, cowbell (two of them).
// Exclusive groups (`choke`): a new hi-hat chokes the open one, and so on (GM percussion practice).

import { invRate, rateF } from './globals';
import { T60_LOG2, bipolar, exp2f, frac, sin1, softClip, tanf, xorshift } from './math';
import { F_BP, F_HP, F_LP } from './patches';
import { SCRATCH, Voice } from './voice';

@unmanaged
export class DrumPatch {
  defined: i32;
  noiseMode: i32;
  choke: i32;
  bursts: i32;
  metalFirst: i32;
  metalCount: i32;
  level: f32;
  pan: f32;
  attack: f32;
  tone: f32;
  f0: f32;
  f1: f32;
  sweep: f32;
  toneDecay: f32;
  tone2: f32;
  ratio2: f32;
  noise: f32;
  noiseCut: f32;
  noiseQ: f32;
  noiseDecay: f32;
  metal: f32;
  metalPitch: f32;
  metalDecay: f32;
  metalCut: f32;
  gap: f32;
  drive: f32;
}

const DRUM_SIZE: usize = (offsetof<DrumPatch>() + 15) & ~15;
const DRUMS: usize = memory.data(<i32>(DRUM_SIZE * 128), 16);
/** The analogue metal voice's six square-wave frequencies (Hz); cowbell uses the last two. */
const METAL_HZ: usize = memory.data<f32>([205.3, 304.4, 369.6, 522.7, 540, 800]);

@inline export function drumAt(key: i32): DrumPatch {
  return changetype<DrumPatch>(DRUMS + <usize>(key & 127) * DRUM_SIZE);
}

function blank(key: i32, level: f32, pan: f32): DrumPatch {
  const d = drumAt(key);
  memory.fill(changetype<usize>(d), 0, offsetof<DrumPatch>());
  d.defined = 1;
  d.level = level;
  d.pan = pan;
  d.attack = 0.0005;
  d.noiseQ = 0.7;
  d.metalPitch = 1;
  d.metalCount = 6;
  return d;
}

function tone(d: DrumPatch, level: f32, f0: f32, f1: f32, sweep: f32, decay: f32): void {
  d.tone = level;
  d.f0 = f0;
  d.f1 = f1;
  d.sweep = sweep;
  d.toneDecay = decay;
}

function noise(d: DrumPatch, level: f32, mode: i32, cutoff: f32, q: f32, decay: f32): void {
  d.noise = level;
  d.noiseMode = mode;
  d.noiseCut = cutoff;
  d.noiseQ = q;
  d.noiseDecay = decay;
}

function metal(d: DrumPatch, level: f32, pitch: f32, decay: f32, highpass: f32): void {
  d.metal = level;
  d.metalPitch = pitch;
  d.metalDecay = decay;
  d.metalCut = highpass;
}

function tom(key: i32, f0: f32, f1: f32, pan: f32): void {
  const d = blank(key, 0.9, pan);
  tone(d, 1, f0, f1, 0.06, 0.7);
  noise(d, 0.12, F_LP, 2500, 0.7, 0.03);
  d.drive = 0.3;
}

function hand(key: i32, f0: f32, f1: f32, decay: f32, pan: f32): void {
  const d = blank(key, 0.7, pan);
  tone(d, 1, f0, f1, 0.01, decay);
  noise(d, 0.15, F_BP, 3000, 1, 0.015);
}

/** Write the kit: GM keys 35–81 and the GS extras 27–34, 82–87. */
export function drumsConfigure(): void {
  memory.fill(DRUMS, 0, DRUM_SIZE * 128);
  let d: DrumPatch;
  // Kicks
  d = blank(35, 1.1, 0); tone(d, 1, 130, 50, 0.03, 0.5); noise(d, 0.15, F_LP, 3000, 0.7, 0.012); d.drive = 0.3;
  d = blank(36, 1.1, 0); tone(d, 1, 160, 48, 0.032, 0.6); noise(d, 0.25, F_LP, 4000, 0.7, 0.01); d.drive = 0.5;
  // Snares, stick, clap
  d = blank(37, 0.55, 0.1); tone(d, 0.6, 1700, 1650, 0.005, 0.05); d.tone2 = 0.4; d.ratio2 = 0.45; noise(d, 0.5, F_BP, 2600, 3, 0.04);
  d = blank(38, 0.8, 0.05); tone(d, 0.6, 240, 185, 0.02, 0.18); d.tone2 = 0.3; d.ratio2 = 1.8; noise(d, 0.85, F_BP, 4500, 0.6, 0.28); d.drive = 0.25;
  d = blank(39, 0.7, -0.1); noise(d, 1, F_BP, 1100, 1.5, 0.25); d.bursts = 3; d.gap = 0.01;
  d = blank(40, 0.8, 0.05); tone(d, 0.5, 260, 200, 0.015, 0.12); noise(d, 0.9, F_BP, 5000, 0.7, 0.2); d.drive = 0.35;
  // Toms, low to high, spread left to right
  tom(41, 110, 82, -0.35); tom(43, 125, 95, -0.25); tom(45, 145, 110, -0.15);
  tom(47, 165, 130, -0.05); tom(48, 190, 150, 0.1); tom(50, 220, 175, 0.2);
  // Hi-hats (one exclusive group)
  d = blank(42, 0.45, 0.3); metal(d, 1, 1.9, 0.07, 7000); noise(d, 0.4, F_HP, 8000, 0.7, 0.05); d.choke = 1;
  d = blank(44, 0.35, 0.3); metal(d, 1, 1.9, 0.05, 7000); noise(d, 0.2, F_HP, 8000, 0.7, 0.04); d.choke = 1;
  d = blank(46, 0.45, 0.3); metal(d, 1, 1.9, 0.7, 7000); noise(d, 0.4, F_HP, 8000, 0.7, 0.55); d.choke = 1;
  // Cymbals
  d = blank(49, 0.5, -0.3); metal(d, 1, 2.6, 2.4, 4200); noise(d, 0.6, F_HP, 5000, 0.7, 2.2);
  d = blank(57, 0.5, 0.35); metal(d, 1, 2.9, 2.2, 4500); noise(d, 0.6, F_HP, 5500, 0.7, 2);
  d = blank(51, 0.4, 0.35); metal(d, 0.7, 3.3, 2.6, 5000); noise(d, 0.15, F_HP, 6000, 0.7, 1); tone(d, 0.2, 4200, 4200, 0.01, 0.8);
  d = blank(59, 0.4, -0.35); metal(d, 0.7, 3, 2.6, 5000); noise(d, 0.15, F_HP, 6000, 0.7, 1); tone(d, 0.2, 3900, 3900, 0.01, 0.8);
  d = blank(52, 0.45, -0.4); metal(d, 1, 2.2, 1.5, 3000); noise(d, 0.7, F_BP, 3000, 0.7, 1.3); d.drive = 0.4;
  d = blank(53, 0.45, 0.35); metal(d, 0.6, 3.1, 1.3, 2500); tone(d, 0.6, 720, 720, 0.01, 1.3); d.tone2 = 0.4; d.ratio2 = 2.7;
  d = blank(55, 0.45, 0.2); metal(d, 1, 3.2, 0.9, 5500); noise(d, 0.5, F_HP, 6000, 0.7, 0.8);
  // Percussion
  d = blank(54, 0.4, 0.4); metal(d, 0.6, 4.5, 0.3, 7000); noise(d, 0.6, F_BP, 9000, 1, 0.22); d.bursts = 2; d.gap = 0.012;
  d = blank(56, 0.45, 0.25); metal(d, 1, 1, 0.4, 400); d.metalFirst = 4; d.metalCount = 2;
  d = blank(58, 0.4, -0.2); noise(d, 1, F_BP, 3000, 4, 0.12); d.bursts = 10; d.gap = 0.03;
  hand(60, 520, 480, 0.2, 0.3); hand(61, 380, 350, 0.25, 0.25);
  hand(62, 340, 320, 0.08, -0.25); hand(63, 330, 300, 0.35, -0.25); hand(64, 240, 220, 0.4, -0.3);
  d = blank(65, 0.6, 0.2); tone(d, 1, 480, 460, 0.01, 0.4); metal(d, 0.25, 3, 0.35, 2000); noise(d, 0.2, F_BP, 4000, 1, 0.05);
  d = blank(66, 0.6, 0.1); tone(d, 1, 340, 320, 0.01, 0.45); metal(d, 0.25, 2.6, 0.35, 1800); noise(d, 0.2, F_BP, 3500, 1, 0.05);
  d = blank(67, 0.45, 0.35); tone(d, 1, 960, 960, 0.01, 0.6); d.tone2 = 0.5; d.ratio2 = 2.4;
  d = blank(68, 0.45, 0.3); tone(d, 1, 720, 720, 0.01, 0.6); d.tone2 = 0.5; d.ratio2 = 2.4;
  d = blank(69, 0.35, -0.3); noise(d, 1, F_BP, 7000, 1.5, 0.14); d.attack = 0.008;
  d = blank(70, 0.35, 0.3); noise(d, 1, F_BP, 9000, 1, 0.08); d.attack = 0.004;
  d = blank(71, 0.3, 0); tone(d, 1, 2300, 2300, 0.01, 0.3); d.choke = 2; d.attack = 0.01;
  d = blank(72, 0.3, 0); tone(d, 1, 2300, 2300, 0.01, 1.6); d.choke = 2; d.attack = 0.01;
  d = blank(73, 0.4, -0.3); noise(d, 1, F_BP, 3500, 3, 0.05); d.bursts = 4; d.gap = 0.02; d.choke = 3;
  d = blank(74, 0.4, -0.3); noise(d, 1, F_BP, 3500, 3, 0.05); d.bursts = 12; d.gap = 0.025; d.choke = 3;
  d = blank(75, 0.5, 0.2); tone(d, 1, 2500, 2500, 0.01, 0.1); d.tone2 = 0.3; d.ratio2 = 1.6;
  d = blank(76, 0.5, 0.25); tone(d, 1, 1000, 1000, 0.01, 0.09); d.tone2 = 0.4; d.ratio2 = 2.1; noise(d, 0.2, F_BP, 2000, 2, 0.02);
  d = blank(77, 0.5, 0.2); tone(d, 1, 780, 780, 0.01, 0.1); d.tone2 = 0.4; d.ratio2 = 2.1; noise(d, 0.2, F_BP, 1600, 2, 0.02);
  d = blank(78, 0.45, -0.1); tone(d, 1, 350, 600, 0.03, 0.15); d.choke = 4;
  d = blank(79, 0.45, -0.1); tone(d, 1, 300, 700, 0.08, 0.5); d.choke = 4;
  d = blank(80, 0.3, -0.35); tone(d, 1, 4800, 4800, 0.01, 0.15); d.tone2 = 0.5; d.ratio2 = 2.1; d.choke = 5;
  d = blank(81, 0.3, -0.35); tone(d, 1, 4800, 4800, 0.01, 2); d.tone2 = 0.5; d.ratio2 = 2.1; d.choke = 5;
  // GS extras
  d = blank(27, 0.5, 0); tone(d, 1, 1500, 300, 0.02, 0.15);
  d = blank(28, 0.5, 0); noise(d, 1, F_BP, 1500, 1, 0.05);
  d = blank(29, 0.4, 0); noise(d, 1, F_BP, 1200, 3, 0.1); d.bursts = 3; d.gap = 0.02;
  d = blank(30, 0.4, 0); noise(d, 1, F_BP, 900, 3, 0.1); d.bursts = 3; d.gap = 0.02;
  d = blank(31, 0.5, 0); tone(d, 0.6, 1850, 1850, 0.01, 0.05); noise(d, 1, F_BP, 2600, 4, 0.05);
  d = blank(32, 0.4, 0); tone(d, 1, 1000, 1000, 0.01, 0.02);
  d = blank(33, 0.5, 0); tone(d, 1, 2000, 2000, 0.01, 0.03); noise(d, 0.3, F_BP, 4000, 2, 0.01);
  d = blank(34, 0.45, 0); tone(d, 1, 2500, 2500, 0.01, 0.4); d.tone2 = 0.4; d.ratio2 = 2.7;
  d = blank(82, 0.35, 0.3); noise(d, 1, F_BP, 8000, 1, 0.12); d.attack = 0.01;
  d = blank(83, 0.35, 0.3); metal(d, 0.8, 5, 0.45, 6000); d.bursts = 3; d.gap = 0.015;
  d = blank(84, 0.3, 0.3); tone(d, 1, 3000, 1500, 0.4, 1.6); d.tone2 = 0.4; d.ratio2 = 1.5;
  d = blank(85, 0.45, 0.2); tone(d, 0.6, 1600, 1600, 0.01, 0.03); noise(d, 0.6, F_BP, 3500, 2, 0.02); d.bursts = 2; d.gap = 0.006;
  d = blank(86, 0.9, 0); tone(d, 1, 95, 70, 0.02, 0.3); noise(d, 0.1, F_LP, 2000, 0.7, 0.02);
  d = blank(87, 0.9, 0); tone(d, 1, 95, 70, 0.03, 0.9); noise(d, 0.1, F_LP, 2000, 0.7, 0.02);
}

/** Set up voice `v` for drum key `key` (defined). */
export function startDrum(v: Voice, d: DrumPatch, velocity: i32): void {
  const vel = <f32>velocity / 127;
  v.velocity = vel;
  v.velGain = vel * vel * d.level * 0.25;
  v.patch = changetype<usize>(d);
  v.env = 0;
  v.attackStep = 1 / max(<f32>1, d.attack * rateF);
  v.decayRate = 0;
  v.sustainLevel = 1;
  v.releaseRate = 0;
  v.pan = d.pan;
  v.choke = d.choke;
  v.toneEnv = d.tone;
  v.noiseEnv = d.noise;
  v.metalEnv = d.metal;
  v.sweepEnv = 1;
  v.toneCoef = coef(d.toneDecay);
  v.noiseCoef = coef(d.noiseDecay);
  v.metalCoef = coef(d.metalDecay);
  v.sweepCoef = d.sweep > 0 ? exp2f(-<f32>1.442695 * invRate / d.sweep) : 0;
  v.bursts = d.bursts;
  v.burstGap = max(1, <i32>(d.gap * rateF));
  v.burstLeft = v.burstGap;
  v.p1 = 0; v.p2 = 0; v.p3 = 0; v.p4 = 0;
  v.ic1 = 0; v.ic2 = 0; v.jc1 = 0; v.jc2 = 0;
  v.lfo = 0; v.idx = 0.3; v.idx2 = 0.6; v.lvl2 = 0.1; v.perc = 0.8; v.click = 0.45;
  v.age = 0;
  v.quiet = 0;
}

@inline function coef(t60: f32): f32 {
  return t60 > 0 ? exp2f(-T60_LOG2 / (t60 * rateF)) : 0;
}

@inline function svfG(cutoff: f32): f32 {
  return tanf(<f32>3.14159265 * min(cutoff, rateF * 0.45) * invRate);
}

/** Render `m` frames of a drum voice (mono) into the scratch buffer. */
export function renderDrum(v: Voice, m: i32): void {
  const d = changetype<DrumPatch>(v.patch);
  const bright: f32 = 0.75 + 0.5 * v.velocity;
  const gn = svfG(d.noiseCut * bright);
  const kn: f32 = 1 / d.noiseQ;
  const n1: f32 = 1 / (1 + gn * (gn + kn));
  const n2 = gn * n1;
  const n3 = gn * n2;
  const gm = svfG(d.metalCut);
  const km: f32 = 1.414;
  const m1: f32 = 1 / (1 + gm * (gm + km));
  const m2 = gm * m1;
  const m3 = gm * m2;
  const mode = d.noiseMode;
  const f0 = d.f0;
  const f1 = d.f1;
  const hasTone = d.tone > 0;
  const hasNoise = d.noise > 0;
  const hasMetal = d.metal > 0;
  const drive: f32 = d.drive > 0 ? 1 + d.drive * 3 : 0;
  const ratio2 = d.ratio2;
  const tone2 = d.tone2;
  const first = d.metalFirst;
  const last = min(6, first + d.metalCount);
  // Metal phases are kept in p1…p4, idx, idx2 (six squares); tone phases in lfo, pitchEnv.
  let tp = v.lfo, tp2 = v.pitchEnv, toneEnv = v.toneEnv, noiseEnv = v.noiseEnv, metalEnv = v.metalEnv, sweep = v.sweepEnv;
  let ic1 = v.ic1, ic2 = v.ic2, jc1 = v.jc1, jc2 = v.jc2, rng = v.noise;
  let mp0 = v.p1, mp1 = v.p2, mp2 = v.p3, mp3 = v.p4, mp4 = v.idx, mp5 = v.idx2;
  const mInc = d.metalPitch * invRate;
  const i0 = load<f32>(METAL_HZ) * mInc, i1 = load<f32>(METAL_HZ, 4) * mInc, i2 = load<f32>(METAL_HZ, 8) * mInc;
  const i3 = load<f32>(METAL_HZ, 12) * mInc, i4 = load<f32>(METAL_HZ, 16) * mInc, i5 = load<f32>(METAL_HZ, 20) * mInc;
  let bursts = v.bursts, burstLeft = v.burstLeft;
  const toneCoef = v.toneCoef, noiseCoef = v.noiseCoef, metalCoef = v.metalCoef, sweepCoef = v.sweepCoef;
  for (let i = 0; i < m; i++) {
    let x: f32 = 0;
    if (hasTone) {
      const hz = f1 + (f0 - f1) * sweep;
      sweep *= sweepCoef;
      const inc = hz * invRate;
      x += toneEnv * sin1(tp);
      tp = frac(tp + inc);
      if (tone2 > 0) {
        x += toneEnv * tone2 * sin1(tp2);
        tp2 = frac(tp2 + inc * ratio2);
      }
      toneEnv *= toneCoef;
    }
    if (hasNoise) {
      rng = xorshift(rng);
      const n = bipolar(rng);
      const v3 = n - ic2;
      const v1 = n1 * ic1 + n2 * v3;
      const v2 = ic2 + n2 * ic1 + n3 * v3;
      ic1 = 2 * v1 - ic1;
      ic2 = 2 * v2 - ic2;
      const y = mode == F_BP ? v1 * 1.5 : mode == F_HP ? n - kn * v1 - v2 : v2;
      x += noiseEnv * y;
      noiseEnv *= noiseCoef;
      // Bursts (claps, guiros): the noise restarts `gap` apart, the last one decays fully.
      if (bursts > 0) {
        burstLeft--;
        if (burstLeft <= 0) {
          bursts--;
          burstLeft = v.burstGap;
          noiseEnv = d.noise;
        }
      }
    }
    if (hasMetal) {
      let s: f32 = 0;
      if (first <= 0 && last > 0) { s += mp0 < 0.5 ? <f32>1 : <f32>-1; mp0 = frac(mp0 + i0); }
      if (first <= 1 && last > 1) { s += mp1 < 0.5 ? <f32>1 : <f32>-1; mp1 = frac(mp1 + i1); }
      if (first <= 2 && last > 2) { s += mp2 < 0.5 ? <f32>1 : <f32>-1; mp2 = frac(mp2 + i2); }
      if (first <= 3 && last > 3) { s += mp3 < 0.5 ? <f32>1 : <f32>-1; mp3 = frac(mp3 + i3); }
      if (first <= 4 && last > 4) { s += mp4 < 0.5 ? <f32>1 : <f32>-1; mp4 = frac(mp4 + i4); }
      if (first <= 5 && last > 5) { s += mp5 < 0.5 ? <f32>1 : <f32>-1; mp5 = frac(mp5 + i5); }
      const v3 = s - jc2;
      const v1 = m1 * jc1 + m2 * v3;
      const v2 = jc2 + m2 * jc1 + m3 * v3;
      jc1 = 2 * v1 - jc1;
      jc2 = 2 * v2 - jc2;
      x += metalEnv * (s - km * v1 - v2) * (<f32>1 / 3);
      metalEnv *= metalCoef;
    }
    if (drive != 0) x = softClip(x * drive);
    store<f32>(SCRATCH + (<usize>i << 2), x);
  }
  v.lfo = tp; v.pitchEnv = tp2; v.toneEnv = toneEnv; v.noiseEnv = noiseEnv; v.metalEnv = metalEnv; v.sweepEnv = sweep;
  v.ic1 = ic1; v.ic2 = ic2; v.jc1 = jc1; v.jc2 = jc2; v.noise = rng;
  v.p1 = mp0; v.p2 = mp1; v.p3 = mp2; v.p4 = mp3; v.idx = mp4; v.idx2 = mp5;
  v.bursts = bursts; v.burstLeft = burstLeft;
  // Subnormal-free: the envelopes are flushed once inaudible.
  if (toneEnv < 1e-6) v.toneEnv = 0;
  if (noiseEnv < 1e-6 && bursts == 0) v.noiseEnv = 0;
  if (metalEnv < 1e-6) v.metalEnv = 0;
}
