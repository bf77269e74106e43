/**
 * MIDI files → stems, tempo map, sections and the event list (docs/midi.md, rules M1–M6).
 */
import { describe, expect, test } from 'vitest';
import { CC, decodeEvents, EVENT_BYTES, NO_STEM, type MidiEventList } from '../../src/midi/events.js';
import { GM_DRUM_NAMES, GM_PROGRAM_NAMES, programRole } from '../../src/midi/gm.js';
import { barAtBeat, MidiFileError, parseMidiFile } from '../../src/midi/parse.js';
import { beatsToSeconds } from '../../src/shared/tempo-map.js';
import {
  Midi, bandSong, bend, cc, keySig, marker, note, off, on, program, smfBytes, tempo, timeSig, trackChunk, trackName,
} from './midi-files.js';

/** Every note-on has exactly one later note-off for the same (stem, channel, key); never two open at once. */
function checkPairs(list: MidiEventList): void {
  const open = new Map<string, number>();
  for (let i = 0; i < list.count; i++) {
    const [status, key, velocity, stem] = list.bytes.subarray(i * EVENT_BYTES, i * EVENT_BYTES + 4);
    const id = `${stem}/${status & 15}/${key}`;
    if ((status & 0xf0) === 0x90) {
      expect(velocity).toBeGreaterThan(0);
      expect(open.has(id), `note ${id} opened twice`).toBe(false);
      open.set(id, list.beats[i]);
    } else if ((status & 0xf0) === 0x80) {
      expect(open.has(id), `note-off ${id} without a note`).toBe(true);
      expect(list.beats[i]).toBeGreaterThanOrEqual(open.get(id)!);
      open.delete(id);
    }
    if (i > 0) expect(list.beats[i]).toBeGreaterThanOrEqual(list.beats[i - 1]);
  }
  expect([...open.keys()]).toEqual([]);
}

describe('M1: every track with notes is a stem (type 1), named, with an id and a role', () => {
  const song = parseMidiFile(bandSong(), { fileName: 'blue-bossa.mid' });

  test('stems, names, ids, roles, colours', () => {
    expect(song.format).toBe(1);
    expect(song.title).toBe('Blue Bossa');
    expect(song.stems.map((s) => [s.name, s.id, s.role, s.drums, s.program])).toEqual([
      ['Drum Kit', 'drum-kit', 'drums', true, null],
      ['Bass', 'bass', 'bass', false, 33],
      ['Acoustic Grand Piano', 'acoustic-grand-piano', 'keys', false, 0], // no track name: the GM program
      ['Strings (Pad)', 'strings-pad', 'strings', false, 48],
    ]);
    expect(song.stems.map((s) => s.noteCount)).toEqual([32, 4, 1, 3]);
    expect(song.stems[0].channels).toEqual([9]);
    expect(song.stems[1].color).toMatch(/^#[0-9a-f]{6}$/);
    expect(song.stems.map((s) => s.source)).toEqual([{ track: 2 }, { track: 3 }, { track: 4 }, { track: 5 }]);
  });

  test('M2: the tempo map in quarter-note beats, time signatures with bars, key, sections from markers', () => {
    expect(song.tempoMap).toEqual([{ beat: 0, bpm: 60_000_000 / Math.floor(60_000_000 / 100) }, { beat: 8, bpm: 60_000_000 / Math.floor(60_000_000 / 140) }]);
    expect(song.timeSignature).toEqual([4, 4]);
    expect(song.timeSignatures).toEqual([
      { beat: 0, bar: 1, numerator: 4, denominator: 4 },
      { beat: 16, bar: 5, numerator: 3, denominator: 4 },
    ]);
    expect(song.key).toBeNull();
    // Beat 19 is in the first 3/4 bar after beat 16 → bar 6.
    expect(song.sections).toEqual([{ name: 'Intro', bar: 1 }, { name: 'Head', bar: 3 }, { name: 'Bridge', bar: 6 }]);
    expect(barAtBeat(song.timeSignatures, 22)).toBe(7);
  });

  test('M3: events in beats, sorted, every note-on paired with a later note-off', () => {
    checkPairs(song.events);
    const bass = decodeEvents(song.events, 1).filter((e) => (e.status & 0xf0) === 0x90 || (e.status & 0xf0) === 0x80);
    expect(bass.slice(0, 2)).toEqual([
      { beat: 0, status: 0x91, data1: 36, data2: Math.floor(0.8 * 127), stem: 1 },
      { beat: 3.75, status: 0x81, data1: 36, data2: 0, stem: 1 },
    ]);
    // Sustain pedal events are kept for the piano's stem; program changes too.
    const piano = decodeEvents(song.events, 2);
    expect(piano.filter((e) => (e.status & 0xf0) === 0xb0).map((e) => [e.beat, e.data1, e.data2])).toEqual([[0, CC.sustain, 127], [4, CC.sustain, 0]]);
    expect(piano.find((e) => (e.status & 0xf0) === 0xc0)).toMatchObject({ beat: 0, data1: 0 });
    expect(song.endBeat).toBe(19); // the conductor track ends at its last marker
    expect(song.duration).toBeCloseTo(beatsToSeconds(song.tempoMap, 19), 9);
  });

  test('M3: at equal beats, program changes and controllers come before the note-ons', () => {
    const first = decodeEvents(song.events, 1);
    expect((first[0].status & 0xf0)).toBe(0xc0);
    expect((first[1].status & 0xf0)).toBe(0x90);
  });

  test('a held chord crossing bar 3 (a loop point) is open across it and closed after it', () => {
    const pad = decodeEvents(song.events, 3);
    const ons = pad.filter((e) => (e.status & 0xf0) === 0x90);
    const offs = pad.filter((e) => (e.status & 0xf0) === 0x80);
    expect(ons.map((e) => e.beat)).toEqual([6, 6, 6]);
    expect(offs.map((e) => e.beat)).toEqual([10, 10, 10]);
  });
});

describe('type 0: one stem per channel; running status; raw events', () => {
  const events = [
    [0, ...trackName('Groove')], [0, ...tempo(90)], [0, ...timeSig(6, 8)], [0, ...keySig(-3, false)], [0, ...marker('A')],
    program(0, 0, 32), program(0, 1, 81), cc(0, 1, CC.volume, 90),
    // Running status: consecutive note-ons on channel 1 (status written once), note-offs as velocity 0.
    on(0, 1, 60), on(0, 1, 64), on(0, 1, 67), on(960, 1, 60, 0), on(960, 1, 64, 0), on(960, 1, 67, 0),
    ...note(0, 0, 40, 480), ...note(480, 0, 43, 480),
    on(0, 9, 36), on(0, 9, 42), off(120, 9, 36), off(120, 9, 42),
    bend(240, 1, 0x3000), bend(480, 1, 0x2000),
    [1440, ...marker('B')],
  ] as Array<[number, ...number[]]>;
  const bytes = smfBytes(0, 480, [trackChunk(events, { runningStatus: true })]);
  const plain = smfBytes(0, 480, [trackChunk(events)]);
  const song = parseMidiFile(bytes, { fileName: 'groove.mid' });

  test('running status makes the file smaller and parses the same', () => {
    expect(bytes.length).toBeLessThan(plain.length);
    const again = parseMidiFile(plain, { fileName: 'groove.mid' });
    expect(Array.from(again.events.bytes)).toEqual(Array.from(song.events.bytes));
    expect(Array.from(again.events.beats)).toEqual(Array.from(song.events.beats));
  });

  test('channels become stems, named by their GM program, drums on channel 10', () => {
    expect(song.format).toBe(0);
    expect(song.title).toBe('Groove');
    expect(song.stems.map((s) => [s.name, s.id, s.role, s.source])).toEqual([
      ['Acoustic Bass', 'acoustic-bass', 'bass', { channel: 1 }],
      ['Lead 2 (sawtooth)', 'lead-2-sawtooth', 'synth', { channel: 2 }],
      ['Drums', 'drums', 'drums', { channel: 10 }],
    ]);
    expect(song.tempoMap).toEqual([{ beat: 0, bpm: 60_000_000 / Math.round(60_000_000 / 90) }]);
    expect(song.timeSignature).toEqual([6, 8]);
    expect(song.key).toBe('Eb major');
    // A 6/8 bar is 3 quarter notes: beat 3 (tick 1440) starts bar 2.
    expect(song.sections).toEqual([{ name: 'A', bar: 1 }, { name: 'B', bar: 2 }]);
    checkPairs(song.events);
  });

  test('note-on with velocity 0 becomes a note-off; pitch bend and controllers are kept', () => {
    const lead = decodeEvents(song.events, 1);
    expect(lead.filter((e) => e.status === 0x81).map((e) => [e.beat, e.data1])).toEqual([[2, 60], [2, 64], [2, 67]]);
    expect(lead.filter((e) => e.status === 0xe1).map((e) => [e.beat, e.data1 | (e.data2 << 7)])).toEqual([[0.5, 0x3000], [1, 0x2000]]);
    expect(lead.find((e) => e.status === 0xb1)).toMatchObject({ beat: 0, data1: CC.volume, data2: 90 });
  });
});

describe('M4: notes are closed: dangling notes end at the song end, repeated note-ons end the previous one', () => {
  test('dangling and repeated notes', () => {
    const track = trackChunk([
      [0, ...trackName('Keys')], program(0, 0, 4),
      on(0, 0, 60), // never ended
      on(480, 0, 62), on(960, 0, 62), off(1440, 0, 62), off(1500, 0, 62), // second note-on ends the first; a stray note-off
      off(100, 0, 70), // note-off without a note
      ...note(960, 0, 64, 0), // zero-length note: its note-off must come after its note-on
    ], { endTick: 1920 });
    const song = parseMidiFile(smfBytes(1, 480, [track]), { fileName: 'x.mid' });
    checkPairs(song.events);
    const notes = decodeEvents(song.events, 0).filter((e) => (e.status & 0xe0) === 0x80).map((e) => [e.beat, e.status >> 4, e.data1]);
    expect(notes).toEqual([
      [0, 9, 60],
      [1, 9, 62],
      [2, 8, 62], [2, 9, 62], [2, 9, 64], [2, 8, 64],
      [3, 8, 62],
      [4, 8, 60],
    ]);
    expect(song.endBeat).toBe(4);
    expect(song.stems[0].role).toBe('keys');
  });

  test('a note-on as the very last event gets a beat', () => {
    const song = parseMidiFile(smfBytes(1, 96, [trackChunk([on(96, 0, 60)])]));
    expect(decodeEvents(song.events).map((e) => [e.beat, e.status])).toEqual([[1, 0x90], [2, 0x80]]);
  });
});

describe('M5: roles from GM families; a telling track name wins when no program is set', () => {
  test('families', () => {
    expect([0, 4, 16, 24, 33, 40, 47, 48, 52, 56, 65, 68, 73, 80, 89, 100, 104, 115, 125].map(programRole)).toEqual([
      'keys', 'keys', 'keys', 'guitar', 'bass', 'strings', 'percussion', 'strings', 'vocals', 'brass', 'brass', 'other', 'other',
      'synth', 'synth', 'synth', 'guitar', 'percussion', 'other',
    ]);
    expect(GM_PROGRAM_NAMES).toHaveLength(128);
    expect(new Set(GM_PROGRAM_NAMES).size).toBe(128);
    expect(GM_DRUM_NAMES[36]).toBe('Bass Drum 1');
    expect(GM_DRUM_NAMES[42]).toBe('Closed Hi-Hat');
  });

  test('no program change: the name decides', () => {
    const tracks = [trackChunk([[0, ...tempo(120)]]), trackChunk([[0, ...trackName('Slap Bass Gtr')], ...note(0, 0, 40, 100)]), trackChunk([[0, ...trackName('Lead')], ...note(0, 1, 70, 100)])];
    const song = parseMidiFile(smfBytes(1, 96, tracks));
    expect(song.stems.map((s) => [s.name, s.role])).toEqual([['Slap Bass Gtr', 'bass'], ['Lead', 'keys']]);
  });

  test('repeated names are numbered; ids unique', () => {
    const tracks = [0, 1, 2].map((ch) => trackChunk([[0, ...trackName('Piano')], ...note(0, ch, 60, 10)]));
    const song = parseMidiFile(smfBytes(1, 96, tracks));
    expect(song.stems.map((s) => [s.name, s.id])).toEqual([['Piano', 'piano'], ['Piano 2', 'piano-2'], ['Piano 3', 'piano-3']]);
    expect(song.title).toBe('MIDI file'); // first track has notes: not a title
  });

  test('more parts than slots share the last stem "Other parts"', () => {
    const tracks = Array.from({ length: 6 }, (_, i) => trackChunk([[0, ...trackName(`T${i}`)], ...note(i * 10, i, 60, 10)]));
    const song = parseMidiFile(smfBytes(1, 96, tracks), { maxStems: 4 });
    expect(song.stems.map((s) => s.name)).toEqual(['T0', 'T1', 'T2', 'Other parts']);
    expect(song.stems[3].channels).toEqual([3, 4, 5]);
    expect(song.stems[3].noteCount).toBe(3);
    expect(decodeEvents(song.events).filter((e) => e.stem === 3)).toHaveLength(6);
    expect(song.warnings[0]).toContain('6 parts');
  });

  test('channel state from a track without notes has no stem', () => {
    const song = parseMidiFile(smfBytes(1, 96, [trackChunk([program(0, 0, 40), cc(0, 0, 7, 100)]), trackChunk([...note(0, 0, 60, 10)])]));
    expect(song.stems).toHaveLength(1);
    expect(song.stems[0].program).toBe(40); // the conductor track set it
    expect(decodeEvents(song.events).filter((e) => e.stem === NO_STEM)).toHaveLength(2);
  });
});

describe('M6: broken, truncated and empty files are refused with a message a musician can act on', () => {
  const good = () => Array.from(smfBytes(1, 480, [trackChunk([[0, ...tempo(120)]]), trackChunk([...note(0, 0, 60, 480)]), trackChunk([...note(0, 1, 62, 480), ...note(480, 1, 64, 480)])]));

  test('a truncated track names the track', () => {
    const bytes = good();
    expect(() => parseMidiFile(new Uint8Array(bytes.slice(0, bytes.length - 5)), { fileName: 'song.mid' }))
      .toThrow(new MidiFileError('"song.mid" is not a valid MIDI file (truncated track 3).'));
  });

  test('a track that ends inside an event (chunk length too short) names the track', () => {
    const bytes = good();
    // Track 2's chunk: header 14 bytes + track 1 (8 + body). Shorten track 2's declared length by 2.
    const track1Length = (bytes[18] << 24) | (bytes[19] << 16) | (bytes[20] << 8) | bytes[21];
    const at = 14 + 8 + track1Length + 4;
    bytes[at + 3] -= 2;
    expect(() => parseMidiFile(new Uint8Array(bytes), { fileName: 'song.mid' })).toThrow('"song.mid" is not a valid MIDI file (truncated track 2).');
  });

  test('missing tracks', () => {
    const bytes = good();
    bytes[11] = 5; // header says 5 tracks, there are 3
    expect(() => parseMidiFile(new Uint8Array(bytes), { fileName: 'song.mid' })).toThrow('"song.mid" is not a valid MIDI file (it ends after track 3 of 5).');
  });

  test('not MIDI at all, empty, no notes, type 2', () => {
    expect(() => parseMidiFile(new TextEncoder().encode('ID3 this is an mp3'), { fileName: 'a.mid' })).toThrow('"a.mid" is not a MIDI file (it does not start with "MThd").');
    expect(() => parseMidiFile(new Uint8Array(0), { fileName: 'a.mid' })).toThrow('"a.mid" is empty (0 bytes).');
    expect(() => parseMidiFile(new Midi().toArray(), { fileName: 'empty.mid' })).toThrow(new MidiFileError('"empty.mid" has no notes.'));
    expect(() => parseMidiFile(smfBytes(1, 96, [trackChunk([[0, ...tempo(100)], cc(0, 0, 7, 100)])]), { fileName: 'cc.mid' })).toThrow('"cc.mid" has no notes.');
    expect(() => parseMidiFile(smfBytes(2 as 0, 96, [trackChunk(note(0, 0, 60, 10))]), { fileName: 'p.mid' })).toThrow(/type 2 MIDI file/);
    expect(() => parseMidiFile(new Uint8Array([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 1]), { fileName: 'h.mid' })).toThrow('"h.mid" is not a valid MIDI file (truncated header).');
  });

  test('a running-status byte with no status before it', () => {
    const body = [0x00, 0x3c, 0x40];
    const bytes = new Uint8Array([0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 0, 0, 1, 0, 96, 0x4d, 0x54, 0x72, 0x6b, 0, 0, 0, body.length, ...body]);
    expect(() => parseMidiFile(bytes, { fileName: 'r.mid' })).toThrow('"r.mid" is not a valid MIDI file (a data byte where an event should start, at byte 23 of track 1).');
  });
});

describe('agrees with @tonejs/midi on what both read', () => {
  test('notes and tempos of the band song', () => {
    const bytes = bandSong();
    const ours = parseMidiFile(bytes);
    const theirs = new Midi(bytes);
    const theirNotes = theirs.tracks.flatMap((t) => t.notes.map((n) => [n.ticks / theirs.header.ppq, t.channel, n.midi, (n.ticks + n.durationTicks) / theirs.header.ppq]));
    const ourNotes: number[][] = [];
    const list = decodeEvents(ours.events);
    list.forEach((e, i) => {
      if ((e.status & 0xf0) !== 0x90) return;
      const end = list.slice(i + 1).find((o) => o.status === (0x80 | (e.status & 15)) && o.data1 === e.data1 && o.stem === e.stem)!;
      ourNotes.push([e.beat, e.status & 15, e.data1, end.beat]);
    });
    const order = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
    expect(ourNotes.sort(order)).toEqual(theirNotes.sort(order));
    expect(ours.tempoMap.map((p) => p.bpm)).toEqual(theirs.header.tempos.map((t) => t.bpm));
  });
});

describe('stem peaks for the GUI', () => {
  test('notes become blocks of velocity² at their times through the tempo map', async () => {
    const { midiStemPeaks } = await import('../../src/midi/peaks.js');
    const song = parseMidiFile(bandSong());
    const bass = midiStemPeaks(song.events, song.tempoMap, 1, song.duration);
    expect(bass.length).toBe(Math.ceil(song.duration * 100));
    const v = Math.floor(0.8 * 127) / 127;
    expect(bass[10]).toBeCloseTo(v * v, 6); // 0.1 s: the first bass note (0…2.25 s at 100 BPM)
    expect(bass[230]).toBe(0); // 2.3 s: between notes (the next starts at beat 4 = 2.4 s)
    expect(bass[245]).toBeGreaterThan(0);
  });
});
