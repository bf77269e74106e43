// Real-time contract: per-instance synth settings, written by synthConfigure() and the setters
// (message handler); render code only reads them. One wasm instance is one synth, so module globals
// are per instance.

export let configured = false;
export let sampleRate: f64 = 48000;
export let rateF: f32 = 48000;
export let invRate: f32 = 1.0 / 48000;
export let maxBlock: i32 = 128;

/** Stem buses: MAX_STEMS × (L, R), each `busStride` bytes (f32 × maxBlock, 16-aligned). */
export let busBase: usize = 0;
export let busStride: usize = 0;
/** Karplus–Strong ring buffers: VOICE_SLOTS × KS_STRINGS rings of `ringSize` f32. */
export let ringBase: usize = 0;
export let ringSize: i32 = 0;
/** Organ wavetables (tables.ts). */
export let tableBase: usize = 0;

/** Transposition of every channel but the drums, in semitones, and the detune of all, in cents. */
export let transposeSemis: f32 = 0;
export let detuneCents: f32 = 0;

/** Derived from the sample rate. */
export let stealStep: f32 = 0;
export let killStep: f32 = 0;
export let chokeStep: f32 = 0;
export let gainSlew: f32 = 0;
export let quietFrames: i32 = 0;

export function setConfigured(on: bool): void {
  configured = on;
}

export function setRate(rate: f64, block: i32): void {
  sampleRate = rate;
  rateF = <f32>rate;
  invRate = <f32>(1.0 / rate);
  maxBlock = block;
}

export function setRegions(buses: usize, stride: usize, rings: usize, size: i32, tables: usize): void {
  busBase = buses;
  busStride = stride;
  ringBase = rings;
  ringSize = size;
  tableBase = tables;
}

export function setSteps(steal: f32, kill: f32, choke: f32, slew: f32, quiet: i32): void {
  stealStep = steal;
  killStep = kill;
  chokeStep = choke;
  gainSlew = slew;
  quietFrames = quiet;
}

export function setTransposeValues(semis: f32, cents: f32): void {
  transposeSemis = semis;
  detuneCents = cents;
}
