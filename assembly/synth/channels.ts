// Real-time contract: the 16 MIDI channels' state lives in static memory; controller handling is
// O(1) (a sustain release scans the voices, VOICE_SLOTS at most). Nothing allocates.

@unmanaged
export class Channel {
  program: i32;
  /** Sustain pedal down (CC64 ≥ 64). */
  sustain: i32;
  /** Selected RPN (101/100); 127/127 = none (also after an NRPN select). */
  rpnMsb: i32;
  rpnLsb: i32;
  fineTune: i32;
  /** CC7, CC11 and CC1 as 0…1; pan −1…1. */
  volume: f32;
  expression: f32;
  pan: f32;
  mod: f32;
  /** Pitch bend −1…1 and its range in semitones (RPN 0, default 2). */
  bend: f32;
  bendRange: f32;
  /** Channel tuning in semitones (RPN 1 fine + RPN 2 coarse). */
  tune: f32;
  coarseTune: f32;
  /** Derived: volume² × expression² × equal-power pan (1 each at the centre). */
  gainL: f32;
  gainR: f32;
}

const CHANNEL_SIZE: usize = (offsetof<Channel>() + 15) & ~15;
const CHANNELS: usize = memory.data(<i32>(CHANNEL_SIZE * 16), 16);

@inline export function channelAt(ch: i32): Channel {
  return changetype<Channel>(CHANNELS + <usize>(ch & 15) * CHANNEL_SIZE);
}

export function updateGains(c: Channel): void {
  const g = c.volume * c.volume * c.expression * c.expression;
  const angle = (<f64>c.pan + 1) * Math.PI * 0.25;
  c.gainL = <f32>(<f64>g * Math.SQRT2 * Math.cos(angle));
  c.gainR = <f32>(<f64>g * Math.SQRT2 * Math.sin(angle));
}

/** GM "reset all controllers" (RP-015): expression, sustain, bend, modulation, RPN; not volume or pan. */
export function resetControllers(c: Channel): void {
  c.expression = 1;
  c.sustain = 0;
  c.bend = 0;
  c.mod = 0;
  c.rpnMsb = 127;
  c.rpnLsb = 127;
  updateGains(c);
}

/** Power-on state: program 0, volume 100, expression 127, centre, bend range ±2. */
export function resetChannel(c: Channel): void {
  c.program = 0;
  c.volume = <f32>100 / 127;
  c.pan = 0;
  c.bendRange = 2;
  c.tune = 0;
  c.coarseTune = 0;
  c.fineTune = 8192;
  resetControllers(c);
}

export function resetAllChannels(): void {
  for (let ch = 0; ch < 16; ch++) resetChannel(channelAt(ch));
}

/** Pan CC (0…127, 64 centre) → −1…1. */
export function panOf(value: i32): f32 {
  return value <= 64 ? <f32>(value - 64) / 64 : <f32>(value - 64) / 63;
}

/** Data entry for the selected RPN: 0 bend range, 1 fine tuning, 2 coarse tuning. */
export function dataEntry(c: Channel, value: i32, fine: bool): void {
  if (c.rpnMsb != 0) return;
  if (c.rpnLsb == 0) {
    const semis = fine ? <f32>(<i32>c.bendRange) : <f32>min(value, 24);
    c.bendRange = fine ? semis + <f32>value / 100 : semis;
  } else if (c.rpnLsb == 1) {
    c.fineTune = fine ? (c.fineTune & 0x3f80) | value : (value << 7) | (c.fineTune & 0x7f);
    c.tune = c.coarseTune + <f32>(c.fineTune - 8192) / 8192;
  } else if (c.rpnLsb == 2 && !fine) {
    c.coarseTune = <f32>(value - 64);
    c.tune = c.coarseTune + <f32>(c.fineTune - 8192) / 8192;
  }
}
