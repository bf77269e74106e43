/**
 * MIDI tracks through the processor and the engine (issue 5, first slice): a `.mid` built with
 * @tonejs/midi → the loader (src/loader/midi.ts) → `track-begin` with the event payload → the
 * engine's GM synth, mixed per stem (mute/solo/gain) like audio stems.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { Midi } from '../midi/midi-files.js';
import { midiTrack } from '../../src/loader/midi.js';
import { createProcessorRig, type ProcessorRig } from './worklet-env.js';
import { cents, measureFrequency } from '../e2e/signal.js';

const SR = 48000;
const MS = SR / 1000;

/** Piano: C4 at beat 2 (1 s at 120 BPM); Bass: C2 at beat 6 (3 s). */
function song(): Uint8Array {
  const midi = new Midi();
  midi.header.setTempo(120);
  const ppq = midi.header.ppq;
  const piano = midi.addTrack();
  piano.name = 'Piano';
  piano.channel = 0;
  piano.instrument.number = 0;
  piano.addNote({ midi: 60, ticks: 2 * ppq, durationTicks: ppq, velocity: 0.8 });
  const bass = midi.addTrack();
  bass.name = 'Bass';
  bass.channel = 1;
  bass.instrument.number = 33;
  bass.addNote({ midi: 36, ticks: 6 * ppq, durationTicks: ppq, velocity: 0.8 });
  return midi.toArray();
}

function load(rig: ProcessorRig): ReturnType<typeof midiTrack> {
  const track = midiTrack(song(), 'song.mid', { kind: 'url', url: 'https://x.test/song.mid' }, SR);
  const d = track.description;
  rig.send({
    type: 'track-begin', loadId: 7, frames: d.frames, stems: track.stems.map((s) => s.layout),
    timing: { downbeat: d.downbeat, tempoMap: d.tempoMap, timeSignature: d.timeSignature, meters: d.meters ?? [] },
    midi: track.midi,
  });
  rig.send({ type: 'track-commit', loadId: 7 });
  return track;
}

function peak(x: Float32Array): number {
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  return m;
}

function firstSound(x: Float32Array, threshold = 1e-4): number {
  return x.findIndex((v) => Math.abs(v) > threshold);
}

describe('MIDI tracks (issue 5, first slice)', () => {
  let rig: ProcessorRig;
  beforeEach(async () => {
    rig = await createProcessorRig(SR);
  });

  it('the loader makes one stem per part, without PCM, and the processor commits it', () => {
    const track = load(rig);
    expect(track.stems.map((s) => s.description.name)).toEqual(['Piano', 'Bass']);
    expect(track.stems.every((s) => s.pcm.length === 0 && s.layout.kind === 'midi')).toBe(true);
    expect(rig.replies().map((r) => r.type)).toEqual(['track-reserved', 'track-committed']);
    expect(rig.processor._parameterInfo.stem1Mute.label).toBe('Mute Piano');
  });

  it('a note at beat 2 sounds at 1 s (±1 ms) at 120 BPM; muting its stem silences it', () => {
    load(rig);
    rig.send({ type: 'transport', action: 'play' });
    const [left, right] = rig.render(Math.ceil((1.5 * SR) / 128));
    const onset = firstSound(left);
    expect(Math.abs(onset - SR)).toBeLessThanOrEqual(MS);
    expect(firstSound(right)).toBe(onset);
    expect(peak(left)).toBeGreaterThan(0.01);
    expect(left.every(Number.isFinite)).toBe(true);

    // Back to the start with the piano muted: only the bass, at 3 s.
    rig.send({ type: 'transport', action: 'stop' });
    rig.render(20);
    rig.send({ type: 'transport', action: 'seek', seconds: 0 });
    rig.schedule({ type: 'wam-automation', time: rig.scope.currentTime, data: { id: 'stem1Mute', value: 1, normalized: false } });
    rig.render(4);
    rig.send({ type: 'transport', action: 'play' });
    const [muted] = rig.render(Math.ceil((3.5 * SR) / 128));
    const bassOnset = firstSound(muted);
    expect(Math.abs(bassOnset - 3 * SR)).toBeLessThanOrEqual(MS);
    expect(peak(muted.subarray(0, bassOnset - 1))).toBe(0);
  });
});

interface NoteSpec { midi: number; beat: number; beats: number; velocity?: number }
interface PartSpec { name: string; channel: number; program: number; notes: NoteSpec[] }

/** A one-tempo song from parts; drums on channel 9 (GM channel 10). */
function songOf(bpm: number, parts: PartSpec[]): Uint8Array {
  const midi = new Midi();
  midi.header.setTempo(bpm);
  const ppq = midi.header.ppq;
  for (const part of parts) {
    const track = midi.addTrack();
    track.name = part.name;
    track.channel = part.channel;
    track.instrument.number = part.program;
    for (const n of part.notes) {
      track.addNote({ midi: n.midi, ticks: Math.round(n.beat * ppq), durationTicks: Math.round(n.beats * ppq), velocity: n.velocity ?? 0.8 });
    }
  }
  return midi.toArray();
}

let nextLoadId = 100;
function loadSong(rig: ProcessorRig, bytes: Uint8Array): void {
  const track = midiTrack(bytes, 'song.mid', { kind: 'url', url: 'https://x.test/song.mid' }, SR);
  const d = track.description;
  const loadId = nextLoadId++;
  rig.send({
    type: 'track-begin', loadId, frames: d.frames, stems: track.stems.map((s) => s.layout),
    timing: { downbeat: d.downbeat, tempoMap: d.tempoMap, timeSignature: d.timeSignature, meters: d.meters ?? [] },
    midi: track.midi,
  });
  rig.send({ type: 'track-commit', loadId });
}

function setParam(rig: ProcessorRig, id: string, value: number): void {
  rig.schedule({ type: 'wam-automation', time: rig.scope.currentTime, data: { id, value, normalized: false } });
  rig.render(2);
}

function quantaFor(seconds: number): number {
  return Math.ceil((seconds * SR) / 128);
}

/** Largest |x[i] − x[i−1]| in [start, end). */
function maxStep(x: Float32Array, start = 1, end = x.length): number {
  let m = 0;
  for (let i = Math.max(1, start); i < end; i++) m = Math.max(m, Math.abs(x[i] - x[i - 1]));
  return m;
}

/** RMS per window of `size` frames from `start`. */
function envelope(x: Float32Array, start: number, windows: number, size: number): number[] {
  const out: number[] = [];
  for (let w = 0; w < windows; w++) {
    let s = 0;
    for (let i = 0; i < size; i++) s += x[start + w * size + i] ** 2;
    out.push(Math.sqrt(s / size));
  }
  return out;
}

/** Hann-windowed DFT magnitude at `f` over [start, end). */
function magnitude(x: Float32Array, f: number, start: number, end: number): number {
  const n = end - start;
  const w = (2 * Math.PI * f) / SR;
  let re = 0;
  let im = 0;
  for (let i = 0; i < n; i++) {
    const v = x[start + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n));
    re += v * Math.cos(w * i);
    im -= v * Math.sin(w * i);
  }
  return Math.hypot(re, im) / n;
}

const PIANO_AT_BEAT_2: PartSpec = { name: 'Piano', channel: 0, program: 0, notes: [{ midi: 60, beat: 2, beats: 1 }] };

describe('MIDI tracks: tempi, transposition, seeks', () => {
  let rig: ProcessorRig;
  beforeEach(async () => {
    rig = await createProcessorRig(SR);
  });

  for (const bpm of [90, 150]) {
    it(`a note at beat 2 sounds at ${(120 / bpm).toFixed(3)} s (±1 ms) in a ${bpm} BPM file`, () => {
      loadSong(rig, songOf(bpm, [PIANO_AT_BEAT_2]));
      rig.send({ type: 'transport', action: 'play' });
      const expected = (2 * 60 / bpm) * SR;
      const [left, right] = rig.render(quantaFor(expected / SR + 0.5));
      const onset = firstSound(left);
      console.log(`[${bpm} BPM] onset ${onset} expected ${expected} (${((onset - expected) / MS).toFixed(3)} ms)`);
      expect(Math.abs(onset - expected)).toBeLessThanOrEqual(MS);
      expect(firstSound(right)).toBe(onset);
      expect(peak(left)).toBeGreaterThan(0.01);
      expect(left.every(Number.isFinite) && right.every(Number.isFinite)).toBe(true);
    });
  }

  it('at speed 0.75 (standalone) notes at beats 2 and 4 of a 120 BPM file sound at 1.333 s and 2.667 s (±1 ms)', () => {
    loadSong(rig, songOf(120, [{ name: 'Piano', channel: 0, program: 0, notes: [{ midi: 60, beat: 2, beats: 0.5 }, { midi: 67, beat: 4, beats: 0.5 }] }]));
    setParam(rig, 'speed', 0.75);
    const start = rig.scope.currentFrame;
    rig.send({ type: 'transport', action: 'play' });
    const [left] = rig.render(quantaFor(3.2));
    const first = firstSound(left);
    const expected1 = SR / 0.75;
    const expected2 = (2 * SR) / 0.75;
    // The second onset: first sound after the first note has died away (gap of silence before beat 4).
    const second = first + firstSoundAfterSilence(left.subarray(first), 0.3 * SR);
    console.log(`[speed 0.75] start ${start} onsets ${first}, ${second}; expected ${expected1}, ${expected2} (${((first - expected1) / MS).toFixed(3)} ms, ${((second - expected2) / MS).toFixed(3)} ms)`);
    expect(Math.abs(first - expected1)).toBeLessThanOrEqual(MS);
    expect(Math.abs(second - expected2)).toBeLessThanOrEqual(MS);
    expect(left.every(Number.isFinite)).toBe(true);
  });

  it('+3 semitones: an ocarina A4 sounds within 5 cents of 2^(3/12) × 440 Hz; a channel-10 drum is unchanged', async () => {
    const parts = (): PartSpec[] => [
      { name: 'Ocarina', channel: 0, program: 79, notes: [{ midi: 69, beat: 0, beats: 4 }] },
      { name: 'Drums', channel: 9, program: 0, notes: [{ midi: 38, beat: 6, beats: 0.5 }, { midi: 36, beat: 7, beats: 0.5 }] },
    ];
    const renderWith = async (semitones: number): Promise<Float32Array> => {
      const r = await createProcessorRig(SR);
      loadSong(r, songOf(120, parts()));
      if (semitones !== 0) setParam(r, 'semitones', semitones);
      r.send({ type: 'transport', action: 'play' });
      const [left] = r.render(quantaFor(4.5));
      expect(left.every(Number.isFinite)).toBe(true);
      return left;
    };
    const plain = await renderWith(0);
    const up = await renderWith(3);
    const onset = firstSound(plain);
    // Sustained part of the note: 0.5 s … 1.5 s after its onset.
    const a = onset + SR / 2;
    const b = onset + (3 * SR) / 2;
    const f0 = measureFrequency(plain, SR, 440, a, b, 8);
    const expected = 440 * 2 ** (3 / 12);
    const f3 = measureFrequency(up, SR, expected, a, b, 8);
    console.log(`[pitch] untransposed ${f0.toFixed(3)} Hz (${cents(f0, 440).toFixed(2)} ct); +3 st ${f3.toFixed(3)} Hz vs ${expected.toFixed(3)} (${cents(f3, expected).toFixed(2)} ct)`);
    expect(Math.abs(cents(f0, 440))).toBeLessThan(5);
    expect(Math.abs(cents(f3, expected))).toBeLessThan(5);

    // Drums: snare at 3 s, kick at 3.5 s; the ocarina (ends at 2 s) has released by then.
    const d0 = 3 * SR - 0.05 * SR;
    const windows = 90;
    const size = 5 * MS;
    const envPlain = envelope(plain, d0, windows, size);
    const envUp = envelope(up, d0, windows, size);
    const envPeak = Math.max(...envPlain);
    const envError = Math.max(...envPlain.map((v, i) => Math.abs(v - envUp[i]))) / envPeak;
    const freqs = [40, 50, 60, 80, 100, 150, 200, 300, 500, 800, 1200, 2000, 3000, 5000, 8000];
    const spectrumError = (from: number, len: number): number => {
      const p = freqs.map((f) => magnitude(plain, f, from, from + len));
      const u = freqs.map((f) => magnitude(up, f, from, from + len));
      const top = Math.max(...p);
      return Math.max(...p.map((v, i) => Math.abs(v - u[i]))) / top;
    };
    const snareError = spectrumError(3 * SR, 0.2 * SR);
    const kickError = spectrumError(3.5 * SR, 0.2 * SR);
    console.log(`[drums] envelope peak ${envPeak.toFixed(4)}, max envelope difference ${(envError * 100).toFixed(3)} %, spectrum difference snare ${(snareError * 100).toFixed(3)} %, kick ${(kickError * 100).toFixed(3)} %`);
    expect(envPeak).toBeGreaterThan(0.01);
    expect(envError).toBeLessThan(0.05);
    expect(snareError).toBeLessThan(0.05);
    expect(kickError).toBeLessThan(0.05);
  });

  for (const how of ['seek', 'jump'] as const) {
    it(`a note held across a ${how} stops without a click, and nothing is NaN`, () => {
      // A long ocarina note from beat 2 (1 s) to beat 14 (7 s); nothing sounds at bar 0 before beat 2.
      loadSong(rig, songOf(120, [{ name: 'Ocarina', channel: 0, program: 79, notes: [{ midi: 69, beat: 2, beats: 12 }] }]));
      rig.send({ type: 'transport', action: 'play' });
      const [before] = rig.render(quantaFor(3));
      const steady = maxStep(before, 2 * SR, 3 * SR);
      const level = peak(before.subarray(2 * SR));
      if (how === 'seek') rig.send({ type: 'transport', action: 'seek', seconds: 0 });
      else rig.send({ type: 'transport', action: 'jump', bar: 0 });
      // A jump waits for the next bar line (bar 1 ends at 4 s); render past it and 0.8 s into the new place.
      const [after] = rig.render(quantaFor(how === 'seek' ? 0.8 : 1.8));
      const all = new Float32Array(before.length + after.length);
      all.set(before);
      all.set(after, before.length);
      const across = maxStep(all, before.length - 128);
      // The transition: at the next quantum for a seek, at the bar line (4 s, i.e. 1 s into `after`) for a jump.
      const transition = how === 'seek' ? 0 : SR;
      const held = peak(after.subarray(Math.max(0, transition - 0.1 * SR), transition));
      let lastLoud = after.length - 1;
      while (lastLoud >= 0 && Math.abs(after[lastLoud]) <= level * 1e-3) lastLoud--;
      console.log(`[${how}] level ${level.toFixed(4)}, peak in the 100 ms before the transition ${held.toFixed(4)}, steady max step ${steady.toFixed(5)}, max step across ${across.toFixed(5)} (${(across / steady).toFixed(3)}×), below −60 dB ${((lastLoud + 1 - transition) / MS).toFixed(2)} ms after the transition, residual peak in last 0.3 s ${peak(after.subarray(after.length - 0.3 * SR)).toExponential(2)}`);
      if (how === 'jump') expect(held).toBeGreaterThan(0.5 * level);
      expect(all.every(Number.isFinite)).toBe(true);
      expect(level).toBeGreaterThan(0.01);
      expect(across).toBeLessThanOrEqual(1.25 * steady);
      // The note does not carry on past the seek: silent by the end (before beat 2 of the new place).
      expect(peak(after.subarray(after.length - 0.3 * SR))).toBeLessThan(level * 1e-3);
    });
  }
});

/** Index of the first sound after at least `gap` frames of silence (below 1e-4). */
function firstSoundAfterSilence(x: Float32Array, gap: number, threshold = 1e-4): number {
  let quiet = 0;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]) > threshold) {
      if (quiet >= gap) return i;
      quiet = 0;
    } else quiet++;
  }
  return -1;
}

