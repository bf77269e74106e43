import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { TrackLoadError } from '../../../src/loader/errors.js';
import { locateJsonError } from '../../../src/loader/json-text.js';
import { manifestJsonSchema, normalizeKey, parseManifest } from '../../../src/loader/manifest.js';
import { tempoMapOf } from '../../../src/loader/index.js';

const base = {
  title: 'Autumn Leaves',
  stems: [{ id: 'bass', name: 'Bass', file: 'bass.wav', role: 'bass' }],
};

/** The message parseManifest throws for `json`. */
function problems(json: unknown): string {
  try {
    parseManifest(json);
  } catch (e) {
    expect(e).toBeInstanceOf(TrackLoadError);
    return (e as Error).message;
  }
  throw new Error('expected parseManifest to throw');
}

describe('valid manifests', () => {
  test('a BPM number, defaults filled in', () => {
    const m = parseManifest({ ...base, tempo: 96 });
    expect(m.version).toBe(1);
    expect(m.tempo).toBe(96);
    expect(m.timeSignature).toEqual([4, 4]);
    expect(m.downbeat).toBe(0);
    expect(m.sections).toEqual([]);
    expect(m.stems[0].gain).toBe(0);
    expect(m.stems[0].color).toBeUndefined();
    expect(m.key).toBeUndefined();
    expect(tempoMapOf(m)).toEqual([{ beat: 0, bpm: 96 }]);
  });

  test('a tempo map, every field given, extra fields kept', () => {
    const m = parseManifest({
      version: 1,
      title: 'Tempo Change',
      tempo: [{ beat: 0, bpm: 90 }, { beat: 32, bpm: 120 }, { beat: 64.5, bpm: 60 }],
      timeSignature: [6, 8],
      downbeat: 0.25,
      key: 'F# major',
      stems: [
        { id: 'drums', name: 'Drums', file: 'audio/drums.flac', role: 'drums', gain: -6, color: '#f00' },
        { id: 'keys-2', name: 'Keys 2', file: 'keys.ogg', role: 'keys', gain: 12, color: '#00ff80', comment: 'Rhodes' },
      ],
      sections: [{ name: 'Intro', bar: 1 }, { name: 'Chorus', bar: 17 }],
      midi: 'song.mid',
      soundfont: 'piano.sf2',
      producer: 'someone',
    });
    expect(tempoMapOf(m)).toEqual([{ beat: 0, bpm: 90 }, { beat: 32, bpm: 120 }, { beat: 64.5, bpm: 60 }]);
    expect(m.timeSignature).toEqual([6, 8]);
    expect(m.stems[1]).toMatchObject({ gain: 12, color: '#00ff80', comment: 'Rhodes' });
    expect(m.midi).toBe('song.mid');
    expect(m.soundfont).toBe('piano.sf2');
    expect(m.producer).toBe('someone');
  });

  test('JSON text is parsed, a byte-order mark ignored', () => {
    expect(parseManifest('\ufeff' + JSON.stringify(base)).title).toBe('Autumn Leaves');
  });

  test.each([
    ['A minor', 'A minor'], ['F# major', 'F# major'], ['Bb', 'Bb'], ['am', 'A minor'], ['C#m', 'C# minor'],
    ['Eb min', 'Eb minor'], ['g maj', 'G major'], ['DM', 'D major'], ['B♭ minor', 'Bb minor'],
  ])('key %j is accepted and shown as %j', (key, shown) => {
    expect(parseManifest({ ...base, key }).key).toBe(key);
    expect(normalizeKey(key)).toBe(shown);
  });
});

describe('every invalid field has a message with its JSON path', () => {
  test.each<[string, Record<string, unknown>, string]>([
    ['title missing', { title: undefined }, 'backline.json: title is missing'],
    ['title not text', { title: 42 }, 'backline.json: title should be the song title, e.g. "Autumn Leaves", not 42'],
    ['title empty', { title: '  ' }, 'backline.json: title is empty'],
    ['version', { version: 2 }, 'backline.json: version 2 is not supported (this Backline reads version 1'],
    ['tempo too fast', { tempo: 500 }, 'backline.json: tempo 500 is out of range (use 20–400 BPM)'],
    ['tempo too slow', { tempo: 5 }, 'backline.json: tempo 5 is out of range (use 20–400 BPM)'],
    ['tempo text', { tempo: 'fast' }, 'backline.json: tempo should be a tempo in BPM like 120, or a tempo map like'],
    ['tempo map empty', { tempo: [] }, 'backline.json: tempo is an empty tempo map'],
    ['tempo map start', { tempo: [{ beat: 4, bpm: 90 }] }, 'backline.json: tempo[0].beat 4 should be 0 (the tempo map starts at the first downbeat)'],
    ['tempo map order', { tempo: [{ beat: 0, bpm: 90 }, { beat: 32, bpm: 100 }, { beat: 16, bpm: 110 }] }, 'backline.json: tempo[2].beat 16 is not after tempo[1].beat 32 (list tempo changes in song order)'],
    ['tempo map bpm', { tempo: [{ beat: 0, bpm: 1000 }] }, 'backline.json: tempo[0].bpm 1000 is out of range (use 20–400 BPM)'],
    ['tempo map bpm missing', { tempo: [{ beat: 0 }] }, 'backline.json: tempo[0].bpm is missing'],
    ['time signature numerator', { timeSignature: [0, 4] }, 'backline.json: timeSignature[0] 0 is out of range (use 1–32 beats per bar)'],
    ['time signature fraction', { timeSignature: [3.5, 4] }, 'backline.json: timeSignature[0] 3.5 should be a whole number of beats per bar'],
    ['time signature denominator', { timeSignature: [4, 3] }, 'backline.json: timeSignature[1] 3 is not a note value (use 1, 2, 4, 8, 16 or 32)'],
    ['time signature shape', { timeSignature: '4/4' }, 'backline.json: timeSignature should be two numbers like [4, 4] or [6, 8], not "4/4"'],
    ['time signature length', { timeSignature: [4] }, 'backline.json: timeSignature should be two numbers like [4, 4]'],
    ['downbeat negative', { downbeat: -1 }, 'backline.json: downbeat -1 is out of range (use 0–1200 seconds)'],
    ['key', { key: 'H minor' }, 'backline.json: key "H minor" is not a key Backline understands (write it like "A minor", "F# major" or "Bb")'],
    ['stems missing', { stems: undefined }, 'backline.json: stems is missing'],
    ['stems empty', { stems: [] }, 'backline.json: stems is empty (list at least one stem)'],
    ['stem not an object', { stems: ['bass.wav'] }, 'backline.json: stems[0] should be a stem like {"id": "bass"'],
    ['stem id', { stems: [{ ...base.stems[0], id: 'Bass Gtr' }] }, 'backline.json: stems[0].id "Bass Gtr" may only use a–z, 0–9 and - (e.g. "bass-gtr")'],
    ['stem name', { stems: [{ ...base.stems[0], name: undefined }] }, 'backline.json: stems[0].name is missing'],
    ['stem file', { stems: [{ ...base.stems[0], file: '' }] }, 'backline.json: stems[0].file is empty'],
    ['stem role', { stems: [{ ...base.stems[0], role: 'vox' }] }, 'backline.json: stems[0].role "vox" is not a known role (use one of: drums, percussion, bass, keys, guitar, vocals, strings, brass, synth, click, other; "vocals" looks closest)'],
    ['stem gain', { stems: [{ ...base.stems[0], gain: 20 }] }, 'backline.json: stems[0].gain 20 is out of range (use -60 to +12 dB)'],
    ['stem gain text', { stems: [{ ...base.stems[0], gain: '-3dB' }] }, 'backline.json: stems[0].gain should be a trim in dB, e.g. -3, not "-3dB"'],
    ['stem colour', { stems: [{ ...base.stems[0], color: 'red' }] }, 'backline.json: stems[0].color "red" is not a colour like "#e8554e" or "#e55"'],
    ['section bar', { sections: [{ name: 'Intro', bar: 0 }] }, 'backline.json: sections[0].bar 0 is out of range (bars are counted from 1)'],
    ['section order', { sections: [{ name: 'Verse', bar: 9 }, { name: 'Intro', bar: 1 }] }, 'backline.json: sections[1].bar 1 is not after sections[0].bar 9 (list sections in song order)'],
    ['section name', { sections: [{ bar: 3 }] }, 'backline.json: sections[0].name is missing'],
  ])('%s', (_, change, expected) => {
    expect(problems({ ...base, ...change })).toContain(expected);
  });

  test('more than 16 stems', () => {
    const stems = Array.from({ length: 17 }, (_, i) => ({ id: `s${i}`, name: `S${i}`, file: `${i}.wav`, role: 'other' }));
    expect(problems({ ...base, stems })).toBe('backline.json: stems has 17 stems; a track can have at most 16');
  });

  test('duplicate stem ids name the first use', () => {
    const stems = [base.stems[0], { id: 'drums', name: 'Drums', file: 'd.wav', role: 'drums' }, { ...base.stems[0], name: 'Bass 2' }];
    expect(problems({ ...base, stems })).toBe('backline.json: stems[2].id "bass" is already used by stems[0] (ids must be unique)');
  });

  test('not an object at all', () => {
    expect(problems([1, 2])).toBe('backline.json: should be a JSON object like {"title": …, "tempo": …, "stems": […]}, not a list');
  });

  test('several problems are reported together, one per line', () => {
    const message = problems({
      title: '',
      tempo: 1000,
      stems: [
        { id: 'drums', name: 'Drums', file: 'drums.wav', role: 'drumz' },
        { id: 'drums', name: 'Bass', file: 'bass.wav', role: 'bass', gain: 50 },
      ],
      sections: [{ name: 'B', bar: 9 }, { name: 'A', bar: 1 }],
    });
    const lines = message.split('\n');
    expect(lines[0]).toBe('backline.json has 6 problems:');
    expect(lines.slice(1).sort()).toEqual([
      'backline.json: sections[1].bar 1 is not after sections[0].bar 9 (list sections in song order)',
      'backline.json: stems[0].role "drumz" is not a known role (use one of: drums, percussion, bass, keys, guitar, vocals, strings, brass, synth, click, other; "drums" looks closest)',
      'backline.json: stems[1].gain 50 is out of range (use -60 to +12 dB)',
      'backline.json: stems[1].id "drums" is already used by stems[0] (ids must be unique)',
      'backline.json: tempo 1000 is out of range (use 20–400 BPM)',
      'backline.json: title is empty (it should be the song title, e.g. "Autumn Leaves")',
    ]);
  });

  test('a MIDI file without audio stems says MIDI is not supported yet', () => {
    const message = problems({ title: 'Song', midi: 'song.mid' });
    expect(message).toBe('backline.json: this track has a MIDI file (midi: "song.mid") but no audio stems. MIDI tracks are not supported yet: add audio stems to play it.');
  });

  test('the file name given is used in messages', () => {
    expect(() => parseManifest({ ...base, tempo: 0 }, 'song.json')).toThrow('song.json: tempo 0 is out of range');
  });
});

describe('JSON syntax errors give line and column', () => {
  test('a missing comma', () => {
    const text = '{\n  "title": "Song",\n  "tempo": 120\n  "stems": []\n}';
    expect(problems(text)).toBe('backline.json is not valid JSON (line 4, column 3): expected a comma or } but found "\\"".');
  });

  test('a trailing comma', () => {
    expect(problems('{\n  "title": "x",\n}')).toContain('is not valid JSON (line 3, column 1): expected a property name in double quotes but found "}"');
  });

  test('a cut-off file', () => {
    expect(problems('{"title": "x", "stems": [')).toContain('is not valid JSON (line 1, column 26): expected a value but found the end of the file');
  });

  test('single quotes and comments', () => {
    expect(locateJsonError("{'title': 1}")).toMatchObject({ line: 1, column: 2 });
    expect(locateJsonError('{\n  // note\n  "a": 1}')).toMatchObject({ line: 2, column: 3 });
    expect(locateJsonError('[1, 2] x')).toMatchObject({ line: 1, column: 8, expected: 'nothing more after the closing bracket' });
    expect(locateJsonError('{"a": tru}')).toMatchObject({ line: 1, column: 10 });
    expect(locateJsonError('{"a": 01}')).toMatchObject({ line: 1, column: 8 });
  });
});

describe('docs/track-format.md', () => {
  test('publishes the JSON Schema the code validates with', () => {
    const doc = readFileSync(new URL('../../../docs/track-format.md', import.meta.url), 'utf8');
    const block = /<!-- json-schema:begin -->\s*```json\n([\s\S]*?)```\s*<!-- json-schema:end -->/.exec(doc);
    expect(block, 'the JSON Schema block in docs/track-format.md').not.toBeNull();
    expect(JSON.parse(block![1])).toEqual(manifestJsonSchema());
  });

  test('its example manifest is valid', () => {
    const doc = readFileSync(new URL('../../../docs/track-format.md', import.meta.url), 'utf8');
    const block = /<!-- example:begin -->\s*```json\n([\s\S]*?)```\s*<!-- example:end -->/.exec(doc);
    expect(block).not.toBeNull();
    expect(parseManifest(block![1]).title).toBeTruthy();
  });
});

test('malformed items do not stop the cross-item checks, nor crash them', () => {
  const message = problems({
    ...base,
    tempo: [null, { beat: 'x', bpm: 90 }, { beat: 8, bpm: 90 }, { beat: 4, bpm: 90 }],
    stems: ['bass.wav', null, base.stems[0], { ...base.stems[0], role: 'bas' }],
    sections: [{ name: 'A', bar: 'two' }, 3, { name: 'B', bar: 5 }, { name: 'C', bar: 5 }],
  });
  expect(message).toContain('backline.json: tempo[3].beat 4 is not after tempo[2].beat 8');
  expect(message).toContain('backline.json: stems[3].id "bass" is already used by stems[2]');
  expect(message).toContain('backline.json: stems[3].role "bas" is not a known role');
  expect(message).toContain('backline.json: sections[3].bar 5 is not after sections[2].bar 5');
  expect(message).toContain('backline.json: stems[0] should be a stem like');
  expect(message).toContain('backline.json: tempo[1].beat should be a beat number');
});
