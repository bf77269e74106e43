// The engine's exports: the contract in src/shared/engine-abi.ts (EngineExports).
// Real-time contract: configure() and trackReserve() may grow memory (message handler only);
// process() never allocates or grows memory; every other export only touches static tables.
// Numbers from JS arrive as f64 and are validated here or in the module that owns them, so no
// argument (NaN, ±Inf, huge, fractional) can trap; bad ones are ignored or return 0.

import { clickAt as scheduleClick, clickBuffer, clickReset, setClickLevel as clickLevel, setClickSeparate as clickSeparate } from './click';
import { BUF_IN_L, BUF_IN_R, BUF_OUT_L, BUF_OUT_R, buf, configured, layoutConfigure } from './layout';
import { applyMasterGain, applyStemGain, applyStemMute, applyStemSolo, mixerReset } from './mixer';
import { render } from './render';
import {
  abortLoading, activeSlot, reserveMidi, slotMidi, slotMidiCount, slotMidiPtr, slotTempoCount, slotTempoPtr, bytesHeld, commitLoading, loadingSlot, reserveLoading, setupLoadingStem,
  slotFrames, slotStemCount, storageReset,
} from './storage';
import { synthReady } from './layout';
import { synthClearEvents, synthLoadEvents, synthSetTranspose } from './synth/synth';
import { tempoLoad } from './synth/tempo';
import { MAX_EVENTS } from './synth/constants';
import { audible, cutVoicesOn, setAnchor, setKeepsPitch, setTranspose, songFrameAt as anchorSongFrameAt, transportReset } from './transport';
export { probeBuffer, probeForward, probeInverse, probeParts, probeWork } from './stretch';
import { frameN } from './stretch';

/** Reserve the fixed buffers and reset everything (tracks, mixer, transport). Bad arguments leave the engine unconfigured. */
export function configure(sampleRate: f64, maxBlockFrames: f64): void {
  storageReset();
  mixerReset();
  transportReset();
  clickReset();
  layoutConfigure(sampleRate, maxBlockFrames);
}

/** f32 × maxBlockFrames; 0 before configure() or for a channel other than 0/1. */
export function inputPtr(channel: f64): usize {
  if (!configured) return 0;
  return channel == 0 ? buf(BUF_IN_L) : channel == 1 ? buf(BUF_IN_R) : 0;
}

/** 0/1: the main output; 2/3: the click's own output (left/right), silent unless setClickSeparate(1). */
export function outputPtr(channel: f64): usize {
  if (!configured) return 0;
  if (channel == 2 || channel == 3) return clickBuffer(<i32>channel - 2);
  return channel == 0 ? buf(BUF_OUT_L) : channel == 1 ? buf(BUF_OUT_R) : 0;
}

/** `totalChannels` (optional: omitted = stereo room for every stem) sizes the storage per stem. */
export function trackReserve(frames: f64, stemCount: f64, totalChannels: f64): i32 {
  if (!configured || !reserveLoading(frames, stemCount, totalChannels)) return 0;
  // A fade-out may still read the old loading slot; its memory is about to be overwritten.
  cutVoicesOn(loadingSlot());
  return 1;
}

/** Returned as f64: offsets above 2 GiB would look negative as an i32. */
export function trackStemSetup(stem: f64, channels: f64, scale: f64): f64 {
  return <f64>setupLoadingStem(stem, channels, scale);
}

/**
 * trackReserve for a track whose stems `stemBase`… are MIDI stems (voiced by the GM synth, buses
 * 0…; no PCM): `audioChannels` is the channel total of the audio stems 0…stemBase−1 (0 when
 * MIDI-only). Also reserves room for `eventCount` events and `tempoPoints` tempo triples. Returns
 * the byte offset of the f64 beats (the u32 event words follow at + 8 × count, the (beat, bpm, 0)
 * triples at the next multiple of 8 after + 12 × count), as f64; 0 on failure. May grow memory.
 */
export function midiTrackReserve(frames: f64, stemCount: f64, audioChannels: f64, stemBase: f64, eventCount: f64, tempoPoints: f64): f64 {
  if (!configured || !synthReady) return 0;
  if (!(stemBase >= 0 && stemBase < stemCount && stemCount <= 16) || stemBase != Math.floor(stemBase)) return 0;
  if (isNaN(audioChannels)) return 0;
  if (!reserveLoading(frames, stemCount, audioChannels, <i32>(stemCount - stemBase))) return 0;
  cutVoicesOn(loadingSlot());
  const ptr = reserveMidi(eventCount, tempoPoints, stemBase, MAX_EVENTS);
  if (ptr == 0) abortLoading();
  return <f64>ptr;
}

export function trackCommit(): void {
  if (!commitLoading()) return; // the voices cross over at the start of the next block
  if (!synthReady) return;
  if (slotMidi(activeSlot)) {
    const count = slotMidiCount(activeSlot);
    const beats = slotMidiPtr(activeSlot);
    tempoLoad(slotTempoPtr(activeSlot), slotTempoCount(activeSlot));
    synthLoadEvents(beats, beats + (<usize>count << 3), count);
  } else {
    synthClearEvents();
  }
}

export function trackAbort(): void {
  abortLoading();
}

export function activeFrames(): i32 {
  return slotStemCount(activeSlot) > 0 ? slotFrames(activeSlot) : 0;
}

export function activeStemCount(): i32 {
  return slotStemCount(activeSlot);
}

export function trackBytes(): f64 {
  return <f64>bytesHeld();
}

export function setStemGain(stem: f64, db: f64): void {
  applyStemGain(stem, db);
}

export function setStemMute(stem: f64, on: f64): void {
  applyStemMute(stem, on);
}

export function setStemSolo(stem: f64, on: f64): void {
  applyStemSolo(stem, on);
}

export function setMasterGain(db: f64): void {
  applyMasterGain(db);
}

/** `rate` (song frames per context frame) is optional: omitted (NaN) means 1. */
export function transport(contextFrame: f64, songFrame: f64, playing: f64, rate: f64): void {
  if (configured) setAnchor(contextFrame, songFrame, playing, rate);
}

/** Transpose every stem that does not keep its pitch by semitones + cents / 100 (glides while playing). */
export function setPitch(semitones: f64, cents: f64): void {
  if (!configured) return;
  setTranspose(semitones, cents);
  if (synthReady) synthSetTranspose(semitones, cents); // never channel 10
}

/** Stem `stem` keeps its pitch when the song is transposed (drums, click); it is still time-stretched. */
export function setStemKeepsPitch(stem: f64, on: f64): void {
  if (configured) setKeepsPitch(stem, on);
}

/** Latency against the timeline, in frames: 0 (the stretchers read ahead and prime themselves). */
export function latencyFrames(): i32 {
  return 0;
}

/** Stretcher analysis frame length N (Hs = N / 4) at the configured rate; 0 before configure(). */
export function stretchFrameFrames(): i32 {
  return configured ? frameN : 0;
}

export function isPlaying(): i32 {
  return audible() ? 1 : 0;
}

export function songFrameAt(contextFrame: f64): f64 {
  return anchorSongFrameAt(contextFrame);
}

export function process(contextFrame: f64, frames: f64): void {
  render(contextFrame, frames);
}

// ——— the click (assembly/click.ts, docs/practice.md) ———

/** A click with its onset at context frame `frame` (fractional, sample-accurate); `accent` 1 = downbeat. */
export function clickAt(frame: f64, accent: f64): void {
  if (configured) scheduleClick(frame, accent);
}

/** The click's level in dB (≤ −60: silent); applies to clicks scheduled from now on. */
export function setClickLevel(db: f64): void {
  clickLevel(db);
}

/** 1: the click is rendered to outputPtr(2|3) instead of the main output; 0: into the main output. */
export function setClickSeparate(on: f64): void {
  clickSeparate(on);
}
