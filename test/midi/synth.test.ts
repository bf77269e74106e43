/**
 * The General MIDI synth (assembly/synth), driven through build/synth-test.wasm like the engine
 * will drive it. Tests are named after the rules in docs/midi.md (S1…S12).
 */
import { describe, expect, test } from 'vitest';
import { allocateEvents, type MidiEventList } from '../../src/midi/events.js';
import { parseMidiFile } from '../../src/midi/parse.js';
import { bpmAt, secondsToBeats } from '../../src/shared/tempo-map.js';
import { bandSong, off, on, smfBytes, tempo, trackChunk } from './midi-files.js';
import { TestSynth, allFinite, bpfOf, cents, firstSound, measureFrequency, onset, peak, rms, type Stereo } from './synth-harness.js';

const SR = 48000;

/** An event list from `[beat, status, data1, data2, stem]` rows (sorted by the caller). */
function events(rows: number[][]): MidiEventList {
  const list = allocateEvents(rows.length);
  rows.forEach(([beat, status, d1, d2, stem], i) => {
    list.beats[i] = beat;
    list.bytes.set([status, d1, d2, stem ?? 0], i * 4);
  });
  return list;
}

/** A note on channel `ch`: on at `beat`, off `length` beats later. */
const note = (beat: number, ch: number, key: number, length: number, velocity = 100, stem = 0) => [
  [beat, 0x90 | ch, key, velocity, stem],
  [beat + length, 0x80 | ch, key, 0, stem],
];
const program = (beat: number, ch: number, p: number, stem = 0) => [beat, 0xc0 | ch, p, 0, stem];
const controller = (beat: number, ch: number, cc: number, value: number, stem = 0) => [beat, 0xb0 | ch, cc, value, stem];
const sorted = (rows: number[][]) => rows.sort((a, b) => a[0] - b[0]);

/** Largest |second difference|: ~0 for smooth signals, the size of the jump at a click. */
function maxCurvature(x: Float32Array): number {
  let m = 0;
  for (let i = 2; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - 2 * x[i - 1] + x[i - 2]));
  return m;
}

describe('S1: an event sounds at the first frame whose beat is ≥ its beat (sample-accurate at any tempo)', () => {
  const cases: Array<[number, number, number]> = [[60, 48000, 128], [90, 48000, 128], [137.3, 44100, 128], [200, 48000, 100], [72, 96000, 128]];
  for (const [bpm, rate, block] of cases) {
    test(`${bpm} BPM at ${rate} Hz in blocks of ${block}`, () => {
      const s = new TestSynth(rate, 128);
      // Claves (a pure decaying tone, 0.1 s) at beats 1, 2.5 and 4.25.
      const beats = [1, 2.5, 4.25];
      s.load(events(sorted(beats.flatMap((b) => note(b, 9, 75, 0.1, 127)))));
      const bpf = bpfOf(bpm, rate);
      const out = s.play(Math.ceil((5.5 / bpf)), bpf, { block });
      let from = 0;
      for (const b of beats) {
        const expected = Math.ceil(b / bpf - 1e-6); // the first frame whose beat is ≥ b
        // A voice's first frame has envelope 0, so its first non-zero sample is the next one.
        const at = firstSound(out.left, from);
        expect(at - expected, `onset of beat ${b}`).toBe(1);
        expect(Math.abs(onset(out.left, 1e-3, from) - expected) / rate).toBeLessThan(0.001);
        from = at + Math.round(0.3 * rate);
      }
    });
  }

  test('a quantum cut in parts (renderPart) renders the same as whole blocks', () => {
    const list = events(sorted([program(0, 0, 79), ...note(0.3, 0, 60, 1), ...note(0.77, 9, 75, 0.1)]));
    const bpf = bpfOf(120, SR);
    const a = new TestSynth();
    a.load(list);
    const whole = a.play(128 * 200, bpf);
    const b = new TestSynth();
    b.load(list);
    const parts = new Float32Array(128 * 200);
    for (let k = 0; k < 200; k++) {
      const cut = 37 + (k % 50);
      for (const [off, n] of [[0, cut], [cut, 128 - cut]]) {
        b.x.renderPart(off, n, (k * 128 + off) * bpf, bpf, 1);
        parts.set(new Float32Array(b.x.memory.buffer, b.x.mixPtr(0) + off * 4, n), k * 128 + off);
      }
    }
    let diff = 0;
    for (let i = 0; i < parts.length; i++) diff = Math.max(diff, Math.abs(parts[i] - whole.left[i]));
    expect(diff).toBeLessThan(1e-5);
    expect(peak(whole.left)).toBeGreaterThan(0.05);
  });
});

describe('S2: a song follows its tempo map exactly (beats derived from time, never accumulated)', () => {
  /** Render through a tempo map the way the engine will: beat and beats-per-frame from the block's time. */
  function renderSong(bytes: Uint8Array, seconds: number): { out: Float32Array; song: ReturnType<typeof parseMidiFile> } {
    const song = parseMidiFile(bytes);
    const s = new TestSynth();
    s.load(song.events);
    const frames = Math.round(seconds * SR);
    const out = new Float32Array(frames);
    for (let f = 0; f < frames; f += 128) {
      const beat = secondsToBeats(song.tempoMap, f / SR);
      s.x.render(128, beat, bpmAt(song.tempoMap, beat) / 60 / SR, 1);
      out.set(new Float32Array(s.x.memory.buffer, s.x.mixPtr(0), Math.min(128, frames - f)), f);
    }
    return { out, song };
  }

  test('claves on every beat, 100 BPM then 140 BPM from beat 4, and one at beat 5.5: onsets within 1 ms', () => {
    const hits = [0, 1, 2, 3, 4, 5, 5.5, 6, 7];
    const bytes = smfBytes(1, 480, [
      trackChunk([[0, ...tempo(100)], [480 * 4, ...tempo(140)]]),
      trackChunk(hits.flatMap((b) => [on(b * 480, 9, 75, 120), off(b * 480 + 60, 9, 75)])),
    ]);
    const { out, song } = renderSong(bytes, 4.5);
    expect(song.tempoMap.map((p) => p.beat)).toEqual([0, 4]);
    let from = 0;
    for (const b of hits) {
      const t = b <= 4 ? b * 0.6 : 2.4 + (b - 4) * 60 / 140;
      const at = onset(out, 1e-3, from);
      expect(Math.abs(at / SR - t) * 1000, `hit at beat ${b}`).toBeLessThan(1);
      from = at + Math.round(0.2 * SR);
    }
  });

  test('the band song renders: finite, audible', () => {
    const { out } = renderSong(bandSong(), 8);
    expect(allFinite(out)).toBe(true);
    expect(rms(out)).toBeGreaterThan(0.005);
    expect(peak(out)).toBeLessThan(1);
  });
});

describe('S3: `semitones` transposes every channel but 10; `cents` detunes', () => {
  /** Ocarina (a pure sine) A4 and a drum hit, with the given transposition. */
  function render(semitones: number, centsOffset: number, drumsOnly = false): Stereo {
    const s = new TestSynth();
    s.x.setTranspose(semitones, centsOffset);
    const rows = drumsOnly ? note(0, 9, 38, 0.5) : [program(0, 0, 79), ...note(0, 0, 69, 4)];
    s.load(events(sorted(rows)));
    return s.play(SR * 2, bpfOf(120, SR));
  }

  test('+3 semitones: A4 sounds as C5 within 5 cents', () => {
    const out = render(3, 0);
    const hz = measureFrequency(out.left, SR, SR * 0.3, SR * 1.5, 200, 2000);
    expect(Math.abs(cents(hz, 440 * 2 ** (3 / 12)))).toBeLessThan(5);
    const plain = measureFrequency(render(0, 0).left, SR, SR * 0.3, SR * 1.5, 200, 2000);
    expect(Math.abs(cents(plain, 440))).toBeLessThan(1);
  });

  test('−5 semitones and +37 cents', () => {
    const hz = measureFrequency(render(-5, 37).left, SR, SR * 0.3, SR * 1.5, 200, 2000);
    expect(Math.abs(cents(hz, 440 * 2 ** ((-5 + 0.37) / 12)))).toBeLessThan(2);
  });

  test('drums are not transposed (identical samples)', () => {
    const a = render(0, 0, true);
    const b = render(7, 0, true);
    expect(Array.from(b.left)).toEqual(Array.from(a.left));
    expect(peak(a.left)).toBeGreaterThan(0.01);
  });
});

describe('S4: the sustain pedal holds released notes until it lifts', () => {
  function level(pedal: boolean): { held: number; after: number } {
    const s = new TestSynth();
    const rows = [program(0, 0, 79), ...note(0, 0, 60, 1)];
    if (pedal) rows.push(controller(0.5, 0, 64, 127), controller(3, 0, 64, 0));
    s.load(events(sorted(rows)));
    const out = s.play(SR * 2, bpfOf(120, SR)); // beat = 0.5 s
    return { held: rms(out.left, SR * 1.0, SR * 1.4), after: rms(out.left, SR * 1.8, SR * 2) };
  }

  test('pedal down: the note sounds on after its note-off, and stops after the pedal lifts', () => {
    const withPedal = level(true);
    const without = level(false);
    expect(withPedal.held).toBeGreaterThan(0.03);
    expect(without.held).toBeLessThan(1e-4);
    expect(withPedal.after).toBeLessThan(1e-4);
  });
});

describe('S5: ≥ 64 voices; stealing takes the quietest voice (release first) and never clicks', () => {
  test('200 simultaneous notes: 64 sound, no NaN, no click', () => {
    const s = new TestSynth();
    const rows: number[][] = [program(0, 0, 79)];
    for (let i = 0; i < 200; i++) rows.push(...note(0.25, 0, 36 + (i % 25), 2, 40 + (i % 80)));
    s.load(events(sorted(rows)));
    const out = s.play(SR * 2, bpfOf(120, SR));
    expect(allFinite(out.left) && allFinite(out.right)).toBe(true);
    expect(s.x.stolenVoices()).toBeGreaterThan(0);
    expect(maxCurvature(out.left)).toBeLessThan(0.01);
    expect(peak(out.left)).toBeGreaterThan(0.05);
  });

  test('200 notes 2 ms apart, all held: sounding ≤ 64, stolen voices fade (no click), nothing dropped', () => {
    const s = new TestSynth();
    const rows: number[][] = [program(0, 0, 79)];
    const bpf = bpfOf(120, SR);
    for (let i = 0; i < 200; i++) rows.push(...note(0.1 + i * 0.004, 0, 36 + ((i * 7) % 25), 4, 100, i % 16));
    s.load(events(sorted(rows)));
    let most = 0;
    const left = new Float32Array(SR * 2);
    for (let f = 0; f < left.length; f += 128) {
      s.x.render(128, f * bpf, bpf, 1);
      left.set(new Float32Array(s.x.memory.buffer, s.x.mixPtr(0), 128), f);
      most = Math.max(most, s.x.soundingVoices());
    }
    expect(most).toBe(64);
    expect(s.x.stolenVoices()).toBeGreaterThan(100);
    expect(s.x.droppedNotes()).toBe(0);
    expect(allFinite(left)).toBe(true);
    expect(maxCurvature(left)).toBeLessThan(0.01);
  });

  test('a voice in its release is stolen before a louder held one', () => {
    const s = new TestSynth();
    const rows: number[][] = [program(0, 0, 79), program(0, 1, 79)];
    // 63 held notes on channel 0, one released note on channel 1, then one more note.
    for (let i = 0; i < 63; i++) rows.push([0, 0x90, 30 + i, 100, 0]);
    rows.push(...note(0, 1, 100, 0.5, 127), ...note(0.6, 0, 20, 1));
    s.load(events(sorted(rows)));
    s.play(SR * 0.35, bpfOf(120, SR)); // to beat 0.7: the channel-1 note is releasing
    expect(s.x.stolenVoices()).toBe(1);
    expect(s.x.soundingVoices()).toBe(64);
  });
});

describe('S6: stop, seek and loop fade out (no click); state and held notes are rebuilt at the new beat', () => {
  test('stop fades out within 5 ms, without a step', () => {
    const s = new TestSynth();
    s.load(events(sorted([program(0, 0, 80), ...note(0, 0, 48, 8)])));
    const bpf = bpfOf(120, SR);
    const playing = s.play(SR * 0.5, bpf);
    const stopped = s.play(SR * 0.1, bpf, { playing: false });
    const joined = new Float32Array([...playing.left.slice(-2000), ...stopped.left]);
    expect(peak(stopped.left, Math.round(SR * 0.006))).toBe(0);
    expect(maxCurvature(joined)).toBeLessThan(0.05);
    expect(s.x.activeVoices()).toBe(0);
  });

  test('a loop back to bar 2 restarts the held pad chord and keeps the program set before it', () => {
    const rows = sorted([
      program(0, 0, 0), program(3.5, 0, 79), // piano, then ocarina from beat 3.5
      ...note(4, 0, 60, 8), ...note(4, 0, 64, 8), // held from beat 4 to 12
    ]);
    const bpf = bpfOf(120, SR);
    const s = new TestSynth();
    s.load(events(rows));
    s.play(SR * 3, bpf); // to beat 6
    // Loop back to beat 5 (inside the held chord): the chord must sound again, as ocarina (pure tones).
    s.frame = 0;
    const after = s.play(SR * 1, bpf, { startBeat: 5 });
    const hz = measureFrequency(after.left, SR, SR * 0.2, SR * 0.9, 200, 400);
    expect(Math.abs(cents(hz, 261.63))).toBeLessThan(3);
    expect(rms(after.left, SR * 0.2, SR * 0.9)).toBeGreaterThan(0.02);
    // And the jump itself does not click.
    expect(maxCurvature(after.left)).toBeLessThan(0.05);
  });

  test('a jump with 60 held notes restarts all 60 while the old ones fade', () => {
    const rows: number[][] = [];
    for (let ch = 0; ch < 4; ch++) rows.push(program(0, ch, 48, ch));
    for (let i = 0; i < 60; i++) rows.push(...note(0, i % 4, 30 + i, 16, 90, i % 4));
    const s = new TestSynth();
    s.load(events(sorted(rows)));
    const bpf = bpfOf(120, SR);
    s.play(SR, bpf);
    expect(s.x.soundingVoices()).toBe(60);
    s.frame = 0;
    s.play(128, bpf, { startBeat: 1 }); // jump back
    expect(s.x.soundingVoices()).toBe(60);
    expect(s.x.activeVoices()).toBe(120);
    expect(s.x.droppedNotes()).toBe(0);
  });

  test('seek with chase off: held notes are not restarted', () => {
    const s = new TestSynth();
    s.x.setChase(0);
    s.load(events(sorted([program(0, 0, 79), ...note(0, 0, 60, 8)])));
    const out = s.play(SR, bpfOf(120, SR), { startBeat: 2 });
    expect(peak(out.left)).toBe(0);
  });
});

describe('S9: pitch bend uses the RPN 0 bend range; controllers shape level and pan', () => {
  test('bend range 12 (RPN 0) and full bend up: an octave', () => {
    const s = new TestSynth();
    s.load(events(sorted([
      program(0, 0, 79), controller(0, 0, 101, 0), controller(0, 0, 100, 0), controller(0, 0, 6, 12), controller(0, 0, 38, 0),
      [0, 0xe0, 127, 127, 0], ...note(0.01, 0, 57, 4),
    ])));
    const out = s.play(SR * 1.5, bpfOf(120, SR));
    const hz = measureFrequency(out.left, SR, SR * 0.3, SR * 1.3, 200, 2000);
    expect(Math.abs(cents(hz, 220 * 2 * 2 ** (12 * (8191 / 8192 - 1) / 12)))).toBeLessThan(3);
  });

  test('CC7 64 ≈ −12 dB (GM curve); CC10 0 is hard left', () => {
    const level = (rows: number[][]) => {
      const s = new TestSynth();
      s.load(events(sorted([program(0, 0, 79), ...rows, ...note(0, 0, 60, 4)])));
      const o = s.play(SR, bpfOf(120, SR));
      return { l: rms(o.left, SR * 0.3, SR), r: rms(o.right, SR * 0.3, SR) };
    };
    const full = level([controller(0, 0, 7, 127)]);
    const half = level([controller(0, 0, 7, 64)]);
    expect(20 * Math.log10(half.l / full.l)).toBeCloseTo(40 * Math.log10(64 / 127), 1);
    const left = level([controller(0, 0, 7, 127), controller(0, 0, 10, 0)]);
    expect(left.r).toBeLessThan(1e-6);
    expect(left.l).toBeGreaterThan(full.l);
  });
});

describe('S10: every GM program and the drum kit sound, in tune and at a sensible level', () => {
  const noisy = new Set([119, 120, 121, 122, 125, 126, 127]); // noise effects: no pitch to check
  test('128 programs: finite, audible, strongest partial a harmonic of the note', () => {
    const s = new TestSynth();
    const rows: number[][] = [];
    for (let p = 0; p < 128; p++) rows.push(program(p * 2, p % 9, p), ...note(p * 2, p % 9, 60, 1.5, 100));
    s.load(events(sorted(rows)));
    const bpf = bpfOf(120, SR);
    const out = s.play(Math.ceil(257 / bpf), bpf);
    expect(allFinite(out.left)).toBe(true);
    const problems: string[] = [];
    for (let p = 0; p < 128; p++) {
      const from = Math.round(p * 2 / bpf);
      const level = peak(out.left, from, from + SR * 0.75);
      if (!(level > 0.003 && level < 1)) problems.push(`program ${p}: peak ${level.toFixed(4)}`);
      if (noisy.has(p)) continue;
      const hz = measureFrequency(out.left, SR, from + SR * 0.1, from + SR * 0.35, 60, 9000);
      const harmonic = hz / 261.63;
      const off = Math.abs(cents(harmonic, Math.max(1, Math.round(harmonic))));
      if (harmonic > 0.7 && off > 35 && ![9, 10, 14, 47, 86, 93, 98, 103, 112, 113, 114, 115, 116, 117, 118, 123].includes(p)) {
        problems.push(`program ${p}: strongest partial ${hz.toFixed(1)} Hz is not a harmonic of C4`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('the drum kit: every GM key 35–81 sounds; hi-hats choke each other', () => {
    const s = new TestSynth();
    const rows: number[][] = [];
    for (let k = 35; k <= 81; k++) rows.push(...note((k - 35) * 0.5, 9, k, 0.1, 110));
    s.load(events(sorted(rows)));
    const bpf = bpfOf(120, SR);
    const out = s.play(Math.ceil(24 / bpf), bpf);
    for (let k = 35; k <= 81; k++) {
      const from = Math.round((k - 35) * 0.5 / bpf);
      expect(peak(out.left, from, from + 6000) + peak(out.right, from, from + 6000), `key ${k}`).toBeGreaterThan(0.01);
    }
    // Open hi-hat then closed: the open one is cut within ~15 ms.
    const h = new TestSynth();
    h.load(events(sorted([...note(0, 9, 46, 0.1, 120), ...note(0.5, 9, 42, 0.1, 1)])));
    const hh = h.play(SR * 0.5, bpf);
    expect(rms(hh.left, 12000 + 960, 12000 + 2400)).toBeLessThan(0.2 * rms(hh.left, 11000, 12000));
  });
});

describe('S7: real-time safety: no memory growth, finite output, under any event stream', () => {
  test('10,000 blocks with random notes, controllers, programs, jumps, stops, tempo and transposition changes', () => {
    const s = new TestSynth();
    let seed = 1;
    const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const rows: number[][] = [];
    for (let i = 0; i < 20000; i++) {
      const beat = rnd() * 400;
      const ch = Math.floor(rnd() * 16);
      const kind = rnd();
      if (kind < 0.6) rows.push(...note(beat, ch, Math.floor(rnd() * 128), rnd() * 4, 1 + Math.floor(rnd() * 127), Math.floor(rnd() * 16)));
      else if (kind < 0.8) rows.push(controller(beat, ch, [1, 6, 7, 10, 11, 38, 64, 100, 101, 120, 121, 123][Math.floor(rnd() * 12)], Math.floor(rnd() * 128), Math.floor(rnd() * 16)));
      else if (kind < 0.9) rows.push(program(beat, ch, Math.floor(rnd() * 128), Math.floor(rnd() * 16)));
      else rows.push([beat, 0xe0 | ch, Math.floor(rnd() * 128), Math.floor(rnd() * 128), Math.floor(rnd() * 16)]);
    }
    s.load(events(sorted(rows)));
    const before = s.memoryBytes;
    let beat = 0;
    let bpf = bpfOf(120, SR);
    let finite = true;
    for (let b = 0; b < 10000; b++) {
      const r = rnd();
      if (r < 0.002) beat = rnd() * 400; // jump
      if (r > 0.995) bpf = bpfOf(30 + rnd() * 300, SR);
      if (r > 0.4985 && r < 0.5) s.x.setTranspose(Math.round(rnd() * 24 - 12), rnd() * 200 - 100);
      const playing = !(r > 0.3 && r < 0.302);
      s.x.render(128, beat, bpf, playing ? 1 : 0);
      if (playing) beat += 128 * bpf;
      if (b % 50 === 0 || b > 9990) {
        const mem = s.x.memory.buffer;
        finite &&= allFinite(new Float32Array(mem, s.x.mixPtr(0), 128)) && allFinite(new Float32Array(mem, s.x.mixPtr(1), 128));
      }
    }
    expect(finite).toBe(true);
    expect(s.memoryBytes).toBe(before);
  });

  test('S8: no export traps on bad arguments', () => {
    const s = new TestSynth();
    const x = s.x;
    for (const v of [NaN, Infinity, -Infinity, -1, 1e300, 0.5, 2 ** 40]) {
      x.render(128, v, v, 1);
      x.render(128, 0, v, 1);
      x.renderPart(v, v, v, v, 1);
      x.setTranspose(v, v);
      x.seek(v);
      x.midi(v, v, v, v);
      x.setStemEnabled(v, v);
    }
    expect(x.configure(NaN, 128)).toBe(0);
    expect(x.configure(48000, 0)).toBe(0);
    expect(x.configure(48000, 128)).toBe(1);
    x.render(128, 0, bpfOf(120, SR), 1);
    expect(allFinite(new Float32Array(x.memory.buffer, x.mixPtr(0), 128))).toBe(true);
  });
});
