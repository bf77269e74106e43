// Real-time contract: process() body. Reads the fixed block buffers, the slot tables and stem
// storage; writes the output buffers. Never allocates, never grows memory, never traps on any
// argument (bad ones render pass-through only).

import { MAX_POSITION, MAX_STEMS, VOICES } from './constants';
import {
  BUF_BUS_L, BUF_BUS_R, BUF_IN_L, BUF_IN_R, BUF_MASTER, BUF_OUT_L, BUF_OUT_R, BUF_SCRATCH_L, BUF_SCRATCH_R,
  BUF_STEM_GAIN, BUF_WEIGHT, buf, configured, maxBlock,
} from './layout';
import { clickRender } from './click';
import { mul, mulAdd, sanitize, zero } from './kernels';
import { advanceGains, fillGains, masterSilent, stemRamp } from './mixer';
import { readStem } from './reader';
import { activeSlot, slotMidi, slotMidiBase, slotStemCount } from './storage';
import { sampleRate, synthReady } from './layout';
import { synthBus, synthRender, synthStemSounding } from './synth/synth';
import { tempoBeatAt, tempoBpmAt, tempoNextChange } from './synth/tempo';
import { anchorPlays, anchorSpeed, songFrameAt } from './transport';
import { stretchRender, stretchTick } from './stretch';
import { advanceVoices, reconcile, stemPitch, voice } from './transport';

/** output = input + master × Σ voices (fade × Σ stems × stem gain), for `frames` from `contextFrame`. */
export function render(contextFrame: f64, frames: f64): void {
  if (!configured || !(frames >= 1)) return;
  const count = frames > <f64>maxBlock ? maxBlock : <i32>frames;
  const n = (count + 3) & ~3; // buffers are padded: SIMD over the tail is harmless
  const outL = buf(BUF_OUT_L);
  const outR = buf(BUF_OUT_R);
  memory.copy(outL, buf(BUF_IN_L), <usize>n << 2);
  memory.copy(outR, buf(BUF_IN_R), <usize>n << 2);
  // A NaN in the input would swallow the mix too: clean the input first, then the sum.
  sanitize(outL, n);
  sanitize(outR, n);
  if (Math.abs(contextFrame) <= MAX_POSITION) {
    reconcile(activeSlot, slotStemCount(activeSlot) > 0);
    fillGains(n);
    if (!masterSilent()) {
      for (let v = 0; v < VOICES; v++) renderVoice(v, contextFrame, count, n);
    }
    if (synthReady) renderMidi(contextFrame, count, n);
    advanceGains(count);
    advanceVoices(count);
    stretchTick();
  }
  clickRender(contextFrame, count, outL, outR); // the metronome (docs/practice.md): main or its own output
  sanitize(outL, n);
  sanitize(outR, n);
}

function renderVoice(v: i32, contextFrame: f64, count: i32, n: i32): void {
  const vc = voice(v);
  if (vc.isSilent()) return;
  // Direct stems (rate 1, no transposition) read the nearest source frame, bit-exact; the others
  // go through their stretcher, which renders exactly `count` frames (its state advances by them).
  const first = Math.floor(vc.position(contextFrame) + 0.5);
  const busL = buf(BUF_BUS_L);
  const busR = buf(BUF_BUS_R);
  const scrL = buf(BUF_SCRATCH_L);
  const scrR = buf(BUF_SCRATCH_R);
  let heard = false;
  const stems = slotStemCount(vc.slot);
  for (let s = 0; s < stems; s++) {
    if (stemRamp(s).isSilent()) continue;
    const ch = (vc.direct >> s) & 1
      ? readStem(vc.slot, s, first, n, scrL, scrR)
      : stretchRender(v * MAX_STEMS + s, vc.slot, s, vc.song, vc.ctx, vc.rate, stemPitch(s), contextFrame, count, scrL, scrR);
    if (ch == 0) continue;
    if (!heard) {
      zero(busL, n);
      zero(busR, n);
      heard = true;
    }
    const g = buf(BUF_STEM_GAIN + s);
    mulAdd(busL, scrL, g, n);
    mulAdd(busR, ch == 2 ? scrR : scrL, g, n); // mono: both channels at full level
  }
  if (!heard) return;
  const w = buf(BUF_WEIGHT);
  vc.fill(w, n);
  mul(w, w, buf(BUF_MASTER), n);
  mulAdd(buf(BUF_OUT_L), busL, w, n);
  mulAdd(buf(BUF_OUT_R), busR, w, n);
}

/** Song beat and beats per frame at song frame `song` (MIDI tracks: downbeat at song frame 0). */
let midiBpf: f64 = 0;
function beatAtFrame(song: f64): f64 {
  const beat = tempoBeatAt(song / sampleRate);
  midiBpf = tempoBpmAt(beat) / 60 * anchorSpeed() / sampleRate;
  return beat;
}

/**
 * The GM synth renders the block from the anchor's song position (in beats, from the song tempo
 * map), cut at tempo changes; the buses of the active slot's MIDI stems are mixed × stem gain ×
 * master, like audio stems (no reader-voice fade: the synth fades its own voices on jumps).
 */
function renderMidi(contextFrame: f64, count: i32, n: i32): void {
  const midi = slotMidi(activeSlot);
  const playing = midi && anchorPlays();
  const song = songFrameAt(contextFrame);
  let beat0 = beatAtFrame(song);
  let bpf = midiBpf;
  let sounding = 0;
  let pos = 0;
  if (playing && bpf > 0) {
    const next = tempoNextChange(beat0);
    if (next < beat0 + <f64>count * bpf) {
      const k = <i32>min(max(Math.ceil((next - beat0) / bpf), 1), <f64>(count - 1));
      if (k > 0 && k < count) {
        synthRender(0, k, beat0, bpf, true);
        for (let b = 0; b < MAX_STEMS; b++) sounding |= synthStemSounding(b) << b;
        pos = k;
        beat0 = beatAtFrame(song + <f64>k * anchorSpeed());
        bpf = midiBpf;
      }
    }
  }
  synthRender(pos, count - pos, beat0, bpf, playing);
  for (let b = 0; b < MAX_STEMS; b++) sounding |= synthStemSounding(b) << b;
  if (!midi || sounding == 0 || masterSilent()) return;
  const base = slotMidiBase(activeSlot);
  const stems = slotStemCount(activeSlot);
  const w = buf(BUF_WEIGHT);
  for (let s = base; s < stems; s++) {
    const b = s - base;
    if (b >= MAX_STEMS || !((sounding >> b) & 1) || stemRamp(s).isSilent()) continue;
    mul(w, buf(BUF_STEM_GAIN + s), buf(BUF_MASTER), n);
    mulAdd(buf(BUF_OUT_L), synthBus(b, 0), w, n);
    mulAdd(buf(BUF_OUT_R), synthBus(b, 1), w, n);
  }
}
