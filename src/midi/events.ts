/**
 * The engine-ready event list of a MIDI song: every channel message of every stem, merged, sorted
 * by time, in quarter-note beats. Two typed arrays that can be transferred to the worklet and copied
 * into wasm memory as they are. Pure; any thread.
 *
 * Layout (docs/midi.md, "Event encoding"), for `count` events:
 * - `beats`: Float64Array(count), non-decreasing, quarter notes from the first downbeat (tick 0).
 * - `bytes`: Uint8Array(4 × count): per event `status, data1, data2, stem`. `status` is a MIDI
 *   channel-voice status byte (0x80–0xEF, channel in the low nibble); `stem` the index of the MIDI
 *   stem the event belongs to (0…15), or {@link NO_STEM} for channel state set by a track that has
 *   no notes (a conductor track's program changes). Read as a little-endian u32 in the wasm:
 *   `status | data1 << 8 | data2 << 16 | stem << 24`.
 *
 * Invariants the synth and the host output rely on (tested, docs/midi.md rules M3–M5):
 * every note-on (0x9n, velocity > 0) has exactly one later note-off for the same (stem, channel,
 * key), and at most one note is open per (stem, channel, key) at any time; note-offs are always
 * 0x8n (a note-on with velocity 0 is rewritten); at equal beats a note-off that ends an earlier note
 * comes before controllers and program changes, which come before note-ons.
 */
import type { Beats } from '../shared/units.js';

/** Bytes per event in {@link MidiEventList.bytes}. Mirrored in assembly/synth/constants.ts (EVENT_BYTES). */
export const EVENT_BYTES = 4;
/** The stem byte of an event that sets channel state only (a track without notes). Mirrored in assembly/synth/constants.ts. */
export const NO_STEM = 255;
/** Most events one song may have (a full orchestral score has a few hundred thousand). Mirrored in assembly/synth/constants.ts. */
export const MAX_EVENTS = 1 << 21;

export interface MidiEventList {
  count: number;
  beats: Float64Array;
  bytes: Uint8Array;
}

/** Status nibbles (high 4 bits of the status byte). */
export const NOTE_OFF = 0x80;
export const NOTE_ON = 0x90;
export const POLY_PRESSURE = 0xa0;
export const CONTROL_CHANGE = 0xb0;
export const PROGRAM_CHANGE = 0xc0;
export const CHANNEL_PRESSURE = 0xd0;
export const PITCH_BEND = 0xe0;

/** Controllers the synth interprets (everything else is kept for a host instrument). */
export const CC = {
  modulation: 1,
  dataEntry: 6,
  volume: 7,
  pan: 10,
  expression: 11,
  dataEntryFine: 38,
  sustain: 64,
  nrpnLsb: 98,
  nrpnMsb: 99,
  rpnLsb: 100,
  rpnMsb: 101,
  allSoundOff: 120,
  resetControllers: 121,
  allNotesOff: 123,
} as const;

/** One decoded event (for tests, the GUI and host output; the engine reads the arrays). */
export interface MidiEvent {
  beat: Beats;
  status: number;
  data1: number;
  data2: number;
  stem: number;
}

/** An empty list with room for `count` events. */
export function allocateEvents(count: number): MidiEventList {
  if (!(Number.isInteger(count) && count >= 0 && count <= MAX_EVENTS)) throw new RangeError(`allocateEvents: count must be an integer in 0…${MAX_EVENTS}, got ${count}`);
  return { count, beats: new Float64Array(count), bytes: new Uint8Array(count * EVENT_BYTES) };
}

/** Event `i` as an object. */
export function eventAt(list: MidiEventList, i: number): MidiEvent {
  const o = i * EVENT_BYTES;
  return { beat: list.beats[i], status: list.bytes[o], data1: list.bytes[o + 1], data2: list.bytes[o + 2], stem: list.bytes[o + 3] };
}

/** All events as objects, optionally only those of one stem. */
export function decodeEvents(list: MidiEventList, stem?: number): MidiEvent[] {
  const out: MidiEvent[] = [];
  for (let i = 0; i < list.count; i++) {
    if (stem === undefined || list.bytes[i * EVENT_BYTES + 3] === stem) out.push(eventAt(list, i));
  }
  return out;
}

/** True for a note-on with velocity > 0. */
export function isNoteOn(status: number, velocity: number): boolean {
  return (status & 0xf0) === NOTE_ON && velocity > 0;
}

/** True for a note-off (0x8n, or 0x9n with velocity 0). */
export function isNoteOff(status: number, velocity: number): boolean {
  return (status & 0xf0) === NOTE_OFF || ((status & 0xf0) === NOTE_ON && velocity === 0);
}
