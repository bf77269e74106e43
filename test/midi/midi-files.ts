/**
 * MIDI files for the tests: a raw SMF writer (type 0 and 1, optional running status, anything a
 * damaged file may hold) and songs built with @tonejs/midi, the way the demo writes its own.
 */
import tonejs from '@tonejs/midi';

const { Midi } = tonejs;
export { Midi };

/** One event of a raw track: `[tick, ...bytes]` (absolute ticks; bytes as they go in the file). */
export type RawEvent = [number, ...number[]];

function varInt(value: number): number[] {
  const out = [value & 0x7f];
  for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) out.unshift((v & 0x7f) | 0x80);
  return out;
}

/** A meta event's bytes. */
export function meta(type: number, data: number[] | string): number[] {
  const bytes = typeof data === 'string' ? [...new TextEncoder().encode(data)] : data;
  return [0xff, type, ...varInt(bytes.length), ...bytes];
}

export const trackName = (text: string) => meta(0x03, text);
export const marker = (text: string) => meta(0x06, text);
export const tempo = (bpm: number) => {
  const us = Math.round(60_000_000 / bpm);
  return meta(0x51, [(us >> 16) & 255, (us >> 8) & 255, us & 255]);
};
export const timeSig = (num: number, den: number) => meta(0x58, [num, Math.log2(den), 24, 8]);
export const keySig = (sharps: number, minor: boolean) => meta(0x59, [sharps & 255, minor ? 1 : 0]);

/**
 * Track chunk bytes. With `runningStatus`, a channel message whose status equals the previous one
 * is written without its status byte. An End of Track is appended unless `endOfTrack` is false.
 */
export function trackChunk(events: RawEvent[], options: { runningStatus?: boolean; endOfTrack?: boolean; endTick?: number } = {}): number[] {
  const sorted = [...events].sort((a, b) => a[0] - b[0]);
  const body: number[] = [];
  let last = 0;
  let running = -1;
  for (const [tick, ...bytes] of sorted) {
    body.push(...varInt(tick - last));
    last = tick;
    const status = bytes[0];
    if (status >= 0x80 && status < 0xf0 && options.runningStatus && status === running) body.push(...bytes.slice(1));
    else body.push(...bytes);
    if (status >= 0x80 && status < 0xf0) running = status;
  }
  if (options.endOfTrack !== false) body.push(...varInt(Math.max(0, (options.endTick ?? last) - last)), 0xff, 0x2f, 0x00);
  return [0x4d, 0x54, 0x72, 0x6b, ...u32(body.length), ...body];
}

function u32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

/** A whole file from track chunks. */
export function smfBytes(format: 0 | 1, ppq: number, tracks: number[][]): Uint8Array {
  const header = [0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, format, (tracks.length >> 8) & 255, tracks.length & 255, (ppq >> 8) & 255, ppq & 255];
  return new Uint8Array([...header, ...tracks.flat()]);
}

export const on = (tick: number, channel: number, key: number, velocity = 100): RawEvent => [tick, 0x90 | channel, key, velocity];
export const off = (tick: number, channel: number, key: number, velocity = 0): RawEvent => [tick, 0x80 | channel, key, velocity];
export const cc = (tick: number, channel: number, controller: number, value: number): RawEvent => [tick, 0xb0 | channel, controller, value];
export const program = (tick: number, channel: number, p: number): RawEvent => [tick, 0xc0 | channel, p];
export const bend = (tick: number, channel: number, value14: number): RawEvent => [tick, 0xe0 | channel, value14 & 127, value14 >> 7];

/** A note as two events. */
export function note(tick: number, channel: number, key: number, length: number, velocity = 100): RawEvent[] {
  return [on(tick, channel, key, velocity), off(tick + length, channel, key)];
}

/**
 * A type 1 song written by @tonejs/midi: a conductor track with two tempos, 4/4 then 3/4,
 * markers (no key: @tonejs/midi 2.0.28 writes key signatures wrongly); drums on channel 10, a finger bass, a piano with sustain pedal and a string
 * pad holding a chord across bar 3. 480 ticks per quarter.
 */
export function bandSong(): Uint8Array {
  const midi = new Midi();
  midi.header.name = 'Blue Bossa';
  midi.header.tempos.push({ ticks: 0, bpm: 100 }, { ticks: 480 * 8, bpm: 140 });
  midi.header.timeSignatures.push({ ticks: 0, timeSignature: [4, 4] }, { ticks: 480 * 16, timeSignature: [3, 4] });
  midi.header.meta.push({ type: 'marker', text: 'Intro', ticks: 0 }, { type: 'marker', text: 'Head', ticks: 480 * 8 }, { type: 'marker', text: 'Bridge', ticks: 480 * 19 });
  midi.header.update();

  const drums = midi.addTrack();
  drums.name = 'Drum Kit';
  drums.channel = 9;
  for (let beat = 0; beat < 16; beat++) {
    drums.addNote({ midi: beat % 2 ? 38 : 36, ticks: beat * 480, durationTicks: 60, velocity: 100 / 127 });
    drums.addNote({ midi: 42, ticks: beat * 480, durationTicks: 60, velocity: 80 / 127 });
  }

  const bass = midi.addTrack();
  bass.name = 'Bass';
  bass.channel = 1;
  bass.instrument.number = 33;
  for (let bar = 0; bar < 4; bar++) bass.addNote({ midi: 36 + bar * 2, ticks: bar * 1920, durationTicks: 1800, velocity: 0.8 });

  const piano = midi.addTrack();
  piano.name = '';
  piano.channel = 2;
  piano.instrument.number = 0;
  piano.addCC({ number: 64, ticks: 0, value: 1 });
  piano.addNote({ midi: 60, ticks: 0, durationTicks: 240, velocity: 0.7 });
  piano.addCC({ number: 64, ticks: 1920, value: 0 });

  const pad = midi.addTrack();
  pad.name = 'Strings (Pad)';
  pad.channel = 3;
  pad.instrument.number = 48;
  for (const key of [60, 63, 67]) pad.addNote({ midi: key, ticks: 480 * 6, durationTicks: 480 * 4, velocity: 0.6 });
  return midi.toArray();
}
