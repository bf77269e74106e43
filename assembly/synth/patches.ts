// Real-time contract: the 128 GM program patches live in static memory and are written once by
// patchesConfigure() (from synthConfigure()); render code only reads them.
//
// Every GM program maps onto one of four synthesized models (docs/midi.md, "GM mapping"):
//   SUB    two oscillators (saw, pulse, triangle, sine) + noise → state-variable filter with its own
//          envelope → amplitude ADSR; LFO for vibrato, tremolo and filter; pitch envelope.
//   FM     two carrier/modulator pairs (phase modulation) with decaying indices: electric pianos,
//          mallets, bells.
//   PLUCK  Karplus–Strong strings (one or two per voice), excited by a filtered noise pluck or a
//          hammer pulse: pianos, guitars, basses, harps, plucked ethnic instruments.
//   ORGAN  band-limited drawbar wavetables (two oscillators for musette accordions), key click,
//          percussion harmonic, rotary-style vibrato.
// Times are seconds (decays are T60: the time to fall 60 dB), cutoffs Hz at middle C.

export const MODEL_SUB: i32 = 0;
export const MODEL_FM: i32 = 1;
export const MODEL_PLUCK: i32 = 2;
export const MODEL_ORGAN: i32 = 3;
export const MODEL_DRUM: i32 = 4;

export const W_SAW: i32 = 0;
export const W_PULSE: i32 = 1;
export const W_TRI: i32 = 2;
export const W_SINE: i32 = 3;
export const W_OFF: i32 = 4;

export const F_LP: i32 = 0;
export const F_BP: i32 = 1;
export const F_HP: i32 = 2;

/** Organ wavetables (registrations), see tables.ts. */
export const T_JAZZ: i32 = 0;
export const T_PERC: i32 = 1;
export const T_ROCK: i32 = 2;
export const T_CHURCH: i32 = 3;
export const T_REED: i32 = 4;
export const T_HARMONICA: i32 = 5;
export const T_CHURCH_SUB: i32 = 6;
export const ORGAN_TABLES: i32 = 7;

@unmanaged
export class Patch {
  model: i32;
  wave1: i32;
  wave2: i32;
  filterMode: i32;
  table1: i32;
  table2: i32;
  strings: i32;
  /** Decays shorten with pitch: T60 × 2^((60 − key) / keyDecay); 0 = no scaling. */
  keyDecay: f32;
  level: f32;
  /** Semitones added to every note (an octave for instruments that sound higher than written). */
  octave: f32;
  pw: f32;
  osc1Cents: f32;
  osc2Semis: f32;
  osc2Cents: f32;
  osc2Mix: f32;
  noise: f32;
  attack: f32;
  decay: f32;
  sustain: f32;
  release: f32;
  /** 0: no filter. */
  cutoff: f32;
  keytrack: f32;
  q: f32;
  velCutoff: f32;
  fenvAmount: f32;
  fenvAttack: f32;
  fenvDecay: f32;
  fenvSustain: f32;
  lfoRate: f32;
  lfoDelay: f32;
  vibrato: f32;
  tremolo: f32;
  lfoCutoff: f32;
  pitchEnv: f32;
  pitchDecay: f32;
  fmRatio: f32;
  fmIndex: f32;
  fmIndexSustain: f32;
  fmDecay: f32;
  fmVel: f32;
  fm2Carrier: f32;
  fm2Ratio: f32;
  fm2Index: f32;
  fm2Decay: f32;
  fm2Level: f32;
  fm2LevelDecay: f32;
  ksBright: f32;
  ksDamp: f32;
  ksDetune: f32;
  ksHammer: f32;
  drive: f32;
  click: f32;
  percLevel: f32;
  percHarm: f32;
  percDecay: f32;
}

const PATCH_SIZE: usize = (offsetof<Patch>() + 15) & ~15;
const PATCHES: usize = memory.data(<i32>(PATCH_SIZE * 128), 16);

@inline export function patchAt(program: i32): Patch {
  return changetype<Patch>(PATCHES + <usize>(program & 127) * PATCH_SIZE);
}

/** A patch reset to neutral values: a full-level sustained saw, no filter, 2 ms attack, 100 ms release. */
function fresh(program: i32, model: i32): Patch {
  const p = patchAt(program);
  memory.fill(changetype<usize>(p), 0, offsetof<Patch>());
  p.model = model;
  p.wave1 = W_SAW;
  p.wave2 = W_OFF;
  p.level = 1;
  p.pw = 0.5;
  p.attack = 0.002;
  p.decay = 1;
  p.sustain = 1;
  p.release = 0.1;
  p.q = 0.707;
  p.strings = 1;
  return p;
}

/** Subtractive: waves, second-oscillator detune (cents) and mix, filter cutoff and Q, ADSR. */
function sub(program: i32, wave1: i32, wave2: i32, cents2: f32, mix2: f32, cutoff: f32, q: f32, a: f32, d: f32, s: f32, r: f32): Patch {
  const p = fresh(program, MODEL_SUB);
  p.wave1 = wave1;
  p.wave2 = wave2;
  p.osc2Cents = cents2;
  p.osc2Mix = mix2;
  p.cutoff = cutoff;
  p.keytrack = 0.5;
  p.q = q;
  p.attack = a;
  p.decay = d;
  p.sustain = s;
  p.release = r;
  return p;
}

/** FM: carrier/modulator ratio, index (start → sustain over `indexDecay`), amplitude T60 and release. */
function fm(program: i32, ratio: f32, index: f32, indexSustain: f32, indexDecay: f32, t60: f32, release: f32): Patch {
  const p = fresh(program, MODEL_FM);
  p.fmRatio = ratio;
  p.fmIndex = index;
  p.fmIndexSustain = indexSustain;
  p.fmDecay = indexDecay;
  p.fmVel = 0.6;
  p.decay = t60;
  p.sustain = 0;
  p.release = release;
  p.keyDecay = 30;
  return p;
}

/** Second FM pair: carrier and modulator ratios, index and its decay, level and its decay. */
function pair2(p: Patch, carrier: f32, ratio: f32, index: f32, indexDecay: f32, level: f32, levelDecay: f32): void {
  p.fm2Carrier = carrier;
  p.fm2Ratio = ratio;
  p.fm2Index = index;
  p.fm2Decay = indexDecay;
  p.fm2Level = level;
  p.fm2LevelDecay = levelDecay;
}

/** Karplus–Strong: excitation brightness 0…1, loop damping 0…1, T60 at middle C, release. */
function pluck(program: i32, bright: f32, damp: f32, t60: f32, release: f32): Patch {
  const p = fresh(program, MODEL_PLUCK);
  p.ksBright = bright;
  p.ksDamp = damp;
  p.decay = t60;
  p.release = release;
  p.keyDecay = 24;
  p.level = 1.4;
  return p;
}

function organ(program: i32, table1: i32, table2: i32, cents2: f32, attack: f32, release: f32): Patch {
  const p = fresh(program, MODEL_ORGAN);
  p.table1 = table1;
  p.table2 = table2;
  p.osc2Cents = cents2;
  p.osc2Mix = table2 >= 0 ? 1 : 0;
  p.attack = attack;
  p.release = release;
  p.level = 0.55;
  return p;
}

function lfo(p: Patch, rate: f32, delay: f32, vibratoCents: f32, tremolo: f32): void {
  p.lfoRate = rate;
  p.lfoDelay = delay;
  p.vibrato = vibratoCents;
  p.tremolo = tremolo;
}

function fenv(p: Patch, octaves: f32, attack: f32, decay: f32, sustain: f32): void {
  p.fenvAmount = octaves;
  p.fenvAttack = attack;
  p.fenvDecay = decay;
  p.fenvSustain = sustain;
}

/** Write all 128 programs. */
export function patchesConfigure(): void {
  let p: Patch;
  // ---- 0 Piano: hammered double strings; electric pianos in FM ----
  p = pluck(0, 0.5, 0.12, 7, 0.35); p.strings = 2; p.ksDetune = 0.9; p.ksHammer = 1; p.level = 1.6;
  p = pluck(1, 0.75, 0.06, 6, 0.3); p.strings = 2; p.ksDetune = 1.2; p.ksHammer = 1; p.level = 1.5;
  p = pluck(2, 0.7, 0.08, 5, 0.3); p.strings = 2; p.ksDetune = 4; p.ksHammer = 1; p.level = 1.5;
  p = pluck(3, 0.65, 0.08, 5, 0.3); p.strings = 2; p.ksDetune = 16; p.ksHammer = 1; p.level = 1.5;
  p = fm(4, 1, 1.4, 0.25, 0.7, 3.5, 0.25); pair2(p, 1, 14, 1.1, 0.05, 0.3, 0.12); p.fmVel = 1.2; lfo(p, 4.5, 0, 0, 0.12); p.level = 0.9;
  p = fm(5, 1, 0.9, 0.15, 0.4, 3, 0.25); pair2(p, 1, 7, 0.8, 0.35, 0.45, 1.2); p.fmVel = 1; p.level = 0.85;
  p = pluck(6, 0.95, 0.02, 3.5, 0.08); p.strings = 2; p.ksDetune = 2; p.level = 1.1;
  p = pluck(7, 0.9, 0.05, 1.6, 0.04); p.drive = 0.3; p.cutoff = 3500; p.keytrack = 0.3; p.q = 1.5;
  // ---- 8 Chromatic percussion: FM mallets and bells ----
  p = fm(8, 4, 0.7, 0, 0.15, 1.6, 0.4); p.octave = 12; p.level = 0.8;
  p = fm(9, 3.5, 1.1, 0, 0.08, 2.2, 0.5); pair2(p, 2.76, 0, 0, 1, 0.35, 0.4); p.octave = 12; p.level = 0.7;
  p = fm(10, 4.5, 0.6, 0, 0.2, 1.3, 0.4); pair2(p, 3, 0, 0, 1, 0.3, 0.3); p.octave = 12; p.level = 0.75;
  p = fm(11, 4, 0.5, 0, 0.2, 3.8, 0.5); pair2(p, 4, 0, 0, 1, 0.25, 0.6); lfo(p, 5, 0, 0, 0.35); p.level = 0.85;
  p = fm(12, 4, 1, 0, 0.03, 0.9, 0.2); pair2(p, 3.93, 0, 0, 1, 0.35, 0.15); p.level = 0.95;
  p = fm(13, 3, 1.4, 0, 0.02, 0.55, 0.15); pair2(p, 3, 0, 0, 1, 0.4, 0.1); p.octave = 12; p.level = 0.8;
  p = fm(14, 3.5, 1.8, 0.2, 1, 4.5, 0.8); pair2(p, 2.0, 0, 0, 1, 0.25, 2); p.level = 0.7;
  p = pluck(15, 0.85, 0.04, 2.5, 0.2); p.strings = 2; p.ksDetune = 3;
  // ---- 16 Organ ----
  p = organ(16, T_JAZZ, -1, 0, 0.004, 0.03); p.click = 0.12; lfo(p, 6.5, 0, 6, 0.06);
  p = organ(17, T_PERC, -1, 0, 0.003, 0.03); p.click = 0.1; p.percLevel = 0.7; p.percHarm = 3; p.percDecay = 0.45; lfo(p, 6.5, 0, 5, 0.05);
  p = organ(18, T_ROCK, -1, 0, 0.003, 0.04); p.click = 0.18; p.drive = 0.7; lfo(p, 6.8, 0, 8, 0.08);
  p = organ(19, T_CHURCH, T_CHURCH_SUB, 1.5, 0.05, 0.35); p.level = 0.45;
  p = organ(20, T_REED, -1, 0, 0.03, 0.1); p.level = 0.5;
  p = organ(21, T_REED, T_REED, 9, 0.02, 0.08); p.level = 0.4; lfo(p, 5.5, 0, 0, 0.05);
  p = organ(22, T_HARMONICA, -1, 0, 0.04, 0.08); lfo(p, 5, 0.15, 14, 0.1); p.level = 0.55;
  p = organ(23, T_REED, T_REED, 15, 0.02, 0.08); p.level = 0.4;
  // ---- 24 Guitar ----
  p = pluck(24, 0.35, 0.15, 3.5, 0.15);
  p = pluck(25, 0.75, 0.05, 4, 0.15);
  p = pluck(26, 0.3, 0.2, 2.5, 0.12); p.cutoff = 2500; p.keytrack = 0.3;
  p = pluck(27, 0.6, 0.08, 3, 0.12);
  p = pluck(28, 0.5, 0.3, 0.25, 0.05);
  p = pluck(29, 0.6, 0.08, 4, 0.1); p.drive = 0.65; p.cutoff = 4000; p.keytrack = 0; p.q = 1.2; p.level = 0.9;
  p = pluck(30, 0.7, 0.06, 5, 0.1); p.drive = 1; p.cutoff = 3000; p.keytrack = 0; p.q = 1.4; p.level = 0.8;
  p = fm(31, 1, 0, 0, 1, 2.5, 0.3); p.octave = 12; p.level = 0.7;
  // ---- 32 Bass ----
  p = pluck(32, 0.25, 0.25, 2, 0.1); p.level = 1.8;
  p = pluck(33, 0.35, 0.15, 3, 0.08); p.level = 1.8;
  p = pluck(34, 0.65, 0.08, 2.5, 0.08); p.level = 1.7;
  p = sub(35, W_SAW, W_SINE, 0, 0.6, 450, 0.9, 0.012, 3, 0.35, 0.1); fenv(p, 1.5, 0.02, 0.4, 0); lfo(p, 5, 0.4, 8, 0); p.level = 0.9;
  p = pluck(36, 1, 0.02, 1.5, 0.06); p.drive = 0.2; p.level = 1.5;
  p = pluck(37, 1, 0.01, 1.2, 0.06); p.drive = 0.35; p.level = 1.4;
  p = sub(38, W_SAW, W_OFF, 0, 0, 280, 2.5, 0.002, 1.2, 0.65, 0.06); p.keytrack = 0.3; fenv(p, 3.5, 0, 0.25, 0); p.velCutoff = 1; p.level = 0.8;
  p = sub(39, W_PULSE, W_SAW, 0, 0.5, 450, 1.6, 0.002, 1, 0.7, 0.06); p.osc2Semis = -12; p.keytrack = 0.3; fenv(p, 2.5, 0, 0.2, 0); p.level = 0.75;
  // ---- 40 Strings ----
  p = sub(40, W_SAW, W_SAW, 5, 0.5, 2500, 0.7, 0.07, 1, 1, 0.25); lfo(p, 5.5, 0.35, 14, 0); p.velCutoff = 1; p.level = 0.55;
  p = sub(41, W_SAW, W_SAW, 5, 0.5, 2000, 0.7, 0.08, 1, 1, 0.25); lfo(p, 5.3, 0.35, 12, 0); p.velCutoff = 1; p.level = 0.55;
  p = sub(42, W_SAW, W_SAW, 5, 0.5, 1500, 0.7, 0.08, 1, 1, 0.3); lfo(p, 5, 0.35, 11, 0); p.velCutoff = 1; p.level = 0.6;
  p = sub(43, W_SAW, W_SAW, 5, 0.5, 900, 0.7, 0.09, 1, 1, 0.3); lfo(p, 4.8, 0.4, 9, 0); p.velCutoff = 1; p.level = 0.65;
  p = sub(44, W_SAW, W_SAW, 7, 0.5, 2200, 0.7, 0.05, 1, 1, 0.3); lfo(p, 7.5, 0, 0, 0.6); p.level = 0.55;
  p = pluck(45, 0.4, 0.2, 0.5, 0.1);
  p = pluck(46, 0.55, 0.06, 5, 0.5); p.level = 1.2;
  p = fm(47, 1.5, 0.5, 0, 0.2, 2.5, 0.3); p.pitchEnv = 0.6; p.pitchDecay = 0.05; p.noise = 0.2; p.level = 1.1;
  // ---- 48 Ensemble ----
  p = sub(48, W_SAW, W_SAW, 7, 0.5, 2200, 0.7, 0.12, 1, 1, 0.35); p.keytrack = 0.4; lfo(p, 5, 0.2, 6, 0); p.level = 0.5;
  p = sub(49, W_SAW, W_SAW, 9, 0.5, 1800, 0.7, 0.3, 1, 1, 0.45); p.keytrack = 0.4; lfo(p, 4.6, 0.3, 6, 0); p.level = 0.5;
  p = sub(50, W_SAW, W_SAW, 10, 0.5, 3500, 1, 0.1, 1, 1, 0.4); fenv(p, 0.5, 0.1, 1, 0); p.level = 0.45;
  p = sub(51, W_PULSE, W_SAW, 8, 0.5, 2800, 0.8, 0.2, 1, 1, 0.5); p.pw = 0.3; p.level = 0.45;
  p = sub(52, W_SAW, W_SAW, 8, 0.5, 1100, 1.8, 0.15, 1, 1, 0.3); p.keytrack = 0.3; lfo(p, 5, 0.2, 10, 0); p.level = 0.55;
  p = sub(53, W_TRI, W_SINE, 6, 0.5, 900, 1, 0.1, 1, 1, 0.3); lfo(p, 5, 0.2, 10, 0); p.level = 0.7;
  p = sub(54, W_SAW, W_TRI, 5, 0.5, 1400, 2.5, 0.05, 1, 1, 0.3); lfo(p, 5.5, 0.15, 12, 0); p.level = 0.55;
  p = sub(55, W_SAW, W_SAW, 0, 0.7, 3000, 0.8, 0.002, 0.4, 0, 0.1); p.osc2Semis = 12; p.noise = 0.2; fenv(p, 2, 0, 0.15, 0); p.level = 0.7;
  // ---- 56 Brass: the filter opens in the attack ----
  p = sub(56, W_SAW, W_SAW, 3, 0.3, 700, 0.9, 0.02, 1, 1, 0.1); p.keytrack = 0.7; p.velCutoff = 1.5; fenv(p, 2.2, 0.03, 0.4, 0.5); lfo(p, 5.5, 0.4, 8, 0); p.level = 0.55;
  p = sub(57, W_SAW, W_SAW, 3, 0.3, 500, 0.9, 0.03, 1, 1, 0.12); p.keytrack = 0.7; p.velCutoff = 1.5; fenv(p, 1.8, 0.04, 0.4, 0.5); p.level = 0.6;
  p = sub(58, W_SAW, W_TRI, 3, 0.4, 300, 0.9, 0.04, 1, 1, 0.12); p.keytrack = 0.7; p.velCutoff = 1; fenv(p, 1.5, 0.05, 0.4, 0.5); p.level = 0.7;
  p = sub(59, W_SAW, W_OFF, 0, 0, 1800, 4, 0.02, 1, 1, 0.1); p.keytrack = 0.6; fenv(p, 0.8, 0.03, 0.3, 0.5); lfo(p, 5.5, 0.4, 8, 0); p.level = 0.55;
  p = sub(60, W_SAW, W_TRI, 4, 0.5, 450, 0.8, 0.05, 1, 1, 0.2); p.keytrack = 0.6; fenv(p, 1.2, 0.06, 0.5, 0.6); p.level = 0.65;
  p = sub(61, W_SAW, W_SAW, 8, 0.5, 800, 0.9, 0.025, 1, 1, 0.15); p.keytrack = 0.6; p.velCutoff = 1.2; fenv(p, 2, 0.03, 0.4, 0.5); p.level = 0.5;
  p = sub(62, W_SAW, W_SAW, 12, 0.5, 600, 1.8, 0.01, 1, 1, 0.2); fenv(p, 3, 0.01, 0.5, 0.4); p.level = 0.5;
  p = sub(63, W_SAW, W_PULSE, 7, 0.5, 800, 1.4, 0.01, 1, 1, 0.2); fenv(p, 2.5, 0.02, 0.6, 0.4); p.level = 0.5;
  // ---- 64 Reed ----
  p = sub(64, W_SAW, W_OFF, 0, 0, 1600, 2, 0.02, 1, 1, 0.08); p.noise = 0.04; p.drive = 0.3; fenv(p, 1, 0.03, 0.3, 0.5); lfo(p, 5.2, 0.3, 14, 0); p.level = 0.55;
  p = sub(65, W_SAW, W_OFF, 0, 0, 1300, 2, 0.02, 1, 1, 0.08); p.noise = 0.04; p.drive = 0.3; fenv(p, 1, 0.03, 0.3, 0.5); lfo(p, 5.2, 0.3, 14, 0); p.level = 0.55;
  p = sub(66, W_SAW, W_OFF, 0, 0, 1000, 2, 0.025, 1, 1, 0.08); p.noise = 0.05; p.drive = 0.35; fenv(p, 1, 0.03, 0.3, 0.5); lfo(p, 5, 0.3, 14, 0); p.level = 0.6;
  p = sub(67, W_SAW, W_OFF, 0, 0, 700, 2, 0.03, 1, 1, 0.08); p.noise = 0.05; p.drive = 0.35; fenv(p, 1, 0.03, 0.3, 0.5); lfo(p, 4.8, 0.3, 12, 0); p.level = 0.65;
  p = sub(68, W_PULSE, W_OFF, 0, 0, 2500, 3, 0.03, 1, 1, 0.08); p.pw = 0.15; lfo(p, 5.5, 0.3, 10, 0); p.level = 0.55;
  p = sub(69, W_PULSE, W_OFF, 0, 0, 1800, 2.5, 0.035, 1, 1, 0.08); p.pw = 0.2; lfo(p, 5.2, 0.3, 9, 0); p.level = 0.55;
  p = sub(70, W_PULSE, W_OFF, 0, 0, 900, 2, 0.04, 1, 1, 0.08); p.pw = 0.25; lfo(p, 5, 0.35, 7, 0); p.level = 0.65;
  p = sub(71, W_PULSE, W_OFF, 0, 0, 1800, 0.8, 0.03, 1, 1, 0.08); p.keytrack = 0.6; lfo(p, 5, 0.4, 4, 0); p.level = 0.6;
  // ---- 72 Pipe: sine/triangle and breath ----
  p = sub(72, W_SINE, W_TRI, 0, 0.1, 7000, 0.7, 0.04, 1, 1, 0.08); p.noise = 0.05; lfo(p, 5.5, 0.25, 10, 0); p.level = 0.75;
  p = sub(73, W_SINE, W_TRI, 0, 0.2, 6000, 0.7, 0.05, 1, 1, 0.1); p.noise = 0.05; lfo(p, 5.2, 0.25, 12, 0); p.level = 0.75;
  p = sub(74, W_TRI, W_OFF, 0, 0, 5000, 0.7, 0.02, 1, 1, 0.06); p.noise = 0.02; p.level = 0.75;
  p = sub(75, W_SINE, W_OFF, 0, 0, 5000, 0.7, 0.05, 1, 1, 0.15); p.noise = 0.12; lfo(p, 5, 0.3, 8, 0); p.level = 0.75;
  p = sub(76, W_SINE, W_OFF, 0, 0, 3000, 0.7, 0.08, 1, 1, 0.15); p.noise = 0.15; p.level = 0.75;
  p = sub(77, W_SINE, W_TRI, 0, 0.2, 4000, 0.7, 0.06, 1, 1, 0.15); p.noise = 0.15; lfo(p, 5, 0.2, 20, 0); p.level = 0.75;
  p = sub(78, W_SINE, W_OFF, 0, 0, 0, 0.7, 0.02, 1, 1, 0.08); lfo(p, 6, 0.1, 15, 0); p.level = 0.7;
  p = sub(79, W_SINE, W_OFF, 0, 0, 0, 0.7, 0.03, 1, 1, 0.1); p.level = 0.75;
  // ---- 80 Synth lead ----
  p = sub(80, W_PULSE, W_OFF, 0, 0, 4000, 0.8, 0.005, 1, 1, 0.1); lfo(p, 5.5, 0.4, 10, 0); p.level = 0.45;
  p = sub(81, W_SAW, W_SAW, 6, 0.5, 3500, 1, 0.005, 1, 1, 0.1); lfo(p, 5.5, 0.4, 10, 0); p.level = 0.45;
  p = sub(82, W_TRI, W_OFF, 0, 0, 4000, 0.7, 0.02, 1, 1, 0.1); p.noise = 0.08; lfo(p, 5.5, 0.2, 10, 0); p.level = 0.65;
  p = sub(83, W_PULSE, W_OFF, 0, 0, 3000, 1, 0.005, 1, 1, 0.1); p.noise = 0.1; fenv(p, 1.5, 0, 0.06, 0); p.level = 0.45;
  p = sub(84, W_SAW, W_SAW, 8, 0.5, 2500, 1.2, 0.005, 1, 1, 0.1); p.drive = 0.8; p.level = 0.4;
  p = sub(85, W_SAW, W_TRI, 5, 0.5, 1200, 3, 0.02, 1, 1, 0.15); lfo(p, 5.5, 0.2, 15, 0); p.level = 0.5;
  p = sub(86, W_SAW, W_SAW, 0, 0.7, 3000, 1, 0.005, 1, 1, 0.1); p.osc2Semis = 7; p.level = 0.4;
  p = sub(87, W_SAW, W_SAW, 0, 0.7, 2500, 1.5, 0.005, 1, 1, 0.1); p.osc2Semis = -12; fenv(p, 1.5, 0, 0.3, 0.3); p.level = 0.4;
  // ---- 88 Synth pad ----
  p = sub(88, W_TRI, W_SINE, 0, 0.4, 3000, 0.7, 0.3, 1, 1, 1); p.osc2Semis = 12; p.level = 0.6;
  p = sub(89, W_SAW, W_SAW, 9, 0.5, 900, 0.8, 0.4, 1, 1, 1.2); p.level = 0.5;
  p = sub(90, W_SAW, W_SAW, 8, 0.5, 1200, 1.5, 0.01, 1.5, 0.7, 0.5); fenv(p, 2, 0.01, 0.6, 0.2); p.level = 0.45;
  p = sub(91, W_SAW, W_SAW, 10, 0.5, 1000, 2.5, 0.5, 1, 1, 1.2); lfo(p, 5, 0.3, 6, 0); p.level = 0.5;
  p = sub(92, W_SAW, W_TRI, 6, 0.5, 800, 0.8, 0.6, 1, 1, 1); p.level = 0.55;
  p = fm(93, 3.5, 0.8, 0.8, 1, 3, 1); p.sustain = 1; p.attack = 0.3; p.level = 0.5;
  p = sub(94, W_TRI, W_SAW, 0, 0.3, 2500, 0.7, 0.6, 1, 1, 1.5); p.osc2Semis = 12; p.level = 0.55;
  p = sub(95, W_SAW, W_SAW, 12, 0.5, 300, 3, 0.3, 1, 1, 1.2); fenv(p, 4, 2, 3, 0.2); p.level = 0.45;
  // ---- 96 Synth effects ----
  p = fm(96, 2.7, 1, 0, 0.1, 1.5, 0.4); p.noise = 0.1; p.level = 0.6;
  p = sub(97, W_SAW, W_SAW, 9, 0.5, 1500, 0.8, 0.8, 1, 1, 1.5); p.level = 0.5;
  p = fm(98, 5.1, 1.2, 0, 0.3, 2.5, 0.6); pair2(p, 2.37, 0, 0, 1, 0.3, 1.5); p.octave = 12; p.level = 0.6;
  p = sub(99, W_TRI, W_SAW, 7, 0.4, 1500, 0.8, 0.2, 1, 1, 1.5); p.level = 0.55;
  p = sub(100, W_SAW, W_SAW, 9, 0.5, 5000, 0.8, 0.3, 1, 1, 1.2); p.level = 0.4;
  p = sub(101, W_SAW, W_SAW, 14, 0.5, 600, 4, 1, 1, 1, 1.5); lfo(p, 0.4, 0, 0, 0); p.lfoCutoff = 1.5; p.level = 0.45;
  p = sub(102, W_PULSE, W_SAW, 7, 0.5, 1500, 1, 0.2, 1, 1, 1.5); lfo(p, 2.5, 0, 0, 0.5); p.level = 0.45;
  p = fm(103, 1.414, 2, 2, 1, 1, 0.8); p.sustain = 1; p.attack = 0.1; lfo(p, 3, 0, 60, 0); p.level = 0.5;
  // ---- 104 Ethnic ----
  p = pluck(104, 0.9, 0.03, 4, 0.2); p.drive = 0.3;
  p = pluck(105, 1, 0.02, 1.2, 0.1);
  p = pluck(106, 0.95, 0.03, 1, 0.1);
  p = pluck(107, 0.7, 0.05, 2.5, 0.2);
  p = fm(108, 5.5, 0.4, 0, 0.05, 1.2, 0.2); p.level = 0.9;
  p = sub(109, W_SAW, W_PULSE, 0, 0.5, 2500, 2, 0.04, 1, 1, 0.1); p.pw = 0.3; p.drive = 0.2; p.level = 0.45;
  p = sub(110, W_SAW, W_SAW, 5, 0.5, 2600, 0.8, 0.03, 1, 1, 0.15); lfo(p, 5.8, 0.25, 16, 0); p.level = 0.55;
  p = sub(111, W_PULSE, W_OFF, 0, 0, 2800, 3, 0.03, 1, 1, 0.1); p.pw = 0.2; lfo(p, 5.5, 0.2, 18, 0); p.level = 0.5;
  // ---- 112 Percussive ----
  p = fm(112, 3.8, 1, 0, 0.1, 1.5, 0.3); p.octave = 12; p.level = 0.6;
  p = fm(113, 2.3, 0.8, 0, 0.05, 0.8, 0.2); p.level = 0.8;
  p = fm(114, 2, 0.9, 0, 0.15, 1.2, 0.2); pair2(p, 2.96, 0, 0, 1, 0.2, 0.3); p.level = 0.8;
  p = fm(115, 2.5, 0.6, 0, 0.01, 0.15, 0.05); p.level = 1.1;
  p = sub(116, W_SINE, W_OFF, 0, 0, 600, 0.7, 0.001, 0.8, 0, 0.2); p.pitchEnv = 5; p.pitchDecay = 0.05; p.noise = 0.3; p.keytrack = 0; p.level = 1.2;
  p = sub(117, W_SINE, W_OFF, 0, 0, 0, 0.7, 0.001, 0.8, 0, 0.2); p.pitchEnv = 4; p.pitchDecay = 0.08; p.level = 1.1;
  p = sub(118, W_SINE, W_OFF, 0, 0, 0, 0.7, 0.001, 0.6, 0, 0.2); p.pitchEnv = 12; p.pitchDecay = 0.05; p.level = 1.1;
  p = sub(119, W_OFF, W_OFF, 0, 0, 6000, 0.7, 1.5, 0.05, 0, 0.05); p.filterMode = F_HP; p.keytrack = 0; p.noise = 1; p.level = 0.4;
  // ---- 120 Sound effects ----
  p = sub(120, W_OFF, W_OFF, 0, 0, 2500, 2, 0.002, 0.1, 0, 0.05); p.filterMode = F_BP; p.noise = 1; p.level = 0.6;
  p = sub(121, W_OFF, W_OFF, 0, 0, 1500, 0.7, 0.1, 1, 1, 0.2); p.noise = 1; p.level = 0.4;
  p = sub(122, W_OFF, W_OFF, 0, 0, 1000, 0.7, 1.5, 1, 1, 2); p.noise = 1; lfo(p, 0.15, 0, 0, 0.8); p.keytrack = 0; p.level = 0.4;
  p = sub(123, W_SINE, W_OFF, 0, 0, 0, 0.7, 0.01, 1, 1, 0.1); p.octave = 24; lfo(p, 12, 0, 200, 0.5); p.level = 0.5;
  p = sub(124, W_PULSE, W_PULSE, 0, 0.5, 3000, 0.7, 0.005, 1, 1, 0.05); p.osc2Semis = 7; lfo(p, 16, 0, 0, 1); p.level = 0.35;
  p = sub(125, W_OFF, W_OFF, 0, 0, 400, 2, 0.3, 1, 1, 0.5); p.noise = 1; p.keytrack = 0; lfo(p, 12, 0, 0, 1); p.level = 0.6;
  p = sub(126, W_OFF, W_OFF, 0, 0, 2000, 0.8, 0.5, 1, 1, 1); p.filterMode = F_BP; p.noise = 1; p.keytrack = 0; lfo(p, 8, 0, 0, 0.6); p.level = 0.5;
  p = sub(127, W_OFF, W_OFF, 0, 0, 3000, 0.7, 0.001, 0.5, 0, 0.1); p.noise = 1; p.keytrack = 0; p.drive = 0.5; fenv(p, 2, 0, 0.1, 0); p.level = 0.9;
}
