/**
 * Waveform-like peaks for a MIDI stem, so the GUI draws MIDI parts like audio stems: for each
 * bucket of 1/PEAKS_PER_SECOND s, the loudest note sounding (velocity², the synth's curve), 0…1.
 * Pure; main thread or Node.
 */
import { PEAKS_PER_SECOND } from '../shared/constants.js';
import { beatsToSeconds } from '../shared/tempo-map.js';
import type { TempoPoint } from '../shared/track.js';
import type { Seconds } from '../shared/units.js';
import { EVENT_BYTES, NOTE_ON, type MidiEventList } from './events.js';

/**
 * Peaks of stem `stem` over `duration` seconds (the length the GUI draws).
 *
 * @example midiStemPeaks(song.events, song.tempoMap, 0, song.duration + 2) // Float32Array of 100 per second
 */
export function midiStemPeaks(events: MidiEventList, tempoMap: readonly TempoPoint[], stem: number, duration: Seconds, peaksPerSecond = PEAKS_PER_SECOND): Float32Array {
  const peaks = new Float32Array(Math.max(0, Math.ceil(duration * peaksPerSecond)));
  const open = new Map<number, { start: number; level: number }>();
  const mark = (from: Seconds, to: Seconds, level: number) => {
    const a = Math.max(0, Math.floor(from * peaksPerSecond));
    const b = Math.min(peaks.length, Math.max(a + 1, Math.ceil(to * peaksPerSecond)));
    for (let i = a; i < b; i++) peaks[i] = Math.max(peaks[i], level);
  };
  for (let i = 0; i < events.count; i++) {
    const o = i * EVENT_BYTES;
    if (events.bytes[o + 3] !== stem) continue;
    const status = events.bytes[o];
    const type = status & 0xf0;
    if (type !== NOTE_ON && type !== 0x80) continue;
    const key = ((status & 15) << 7) | events.bytes[o + 1];
    const at = beatsToSeconds(tempoMap, events.beats[i]);
    if (type === NOTE_ON && events.bytes[o + 2] > 0) {
      const v = events.bytes[o + 2] / 127;
      open.set(key, { start: at, level: v * v });
    } else {
      const note = open.get(key);
      if (note) mark(note.start, at, note.level);
      open.delete(key);
    }
  }
  return peaks;
}
