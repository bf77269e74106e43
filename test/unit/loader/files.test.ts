import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { wavDecoder } from '../../../src/audio-files/wav-decode.js';
import { guessRole, loadTrackData, TrackLoadError } from '../../../src/loader/index.js';
import { naturalCompare, slugify, stemNamesFromFiles } from '../../../src/loader/naming.js';
import type { LoadProgress } from '../../../src/shared/view.js';
import { file, manifestJson, sineWav } from './fixtures.js';

const RATE = 48000;
const load = (files: File[], onProgress?: (p: LoadProgress) => void) => loadTrackData(files, { sampleRate: RATE, decoder: wavDecoder, onProgress });

async function loadError(files: File[]): Promise<string> {
  try {
    await load(files);
  } catch (e) {
    expect(e).toBeInstanceOf(TrackLoadError);
    return (e as Error).message;
  }
  throw new Error('expected the load to fail');
}

describe('roles and names from file names', () => {
  test.each([
    ['Kick In', 'drums'], ['Snare Top', 'drums'], ['Drums L', 'drums'], ['Bass Drum', 'drums'], ['OH', 'other'],
    ['Bass DI', 'bass'], ['Synth Bass', 'bass'], ['Bass Guitar', 'bass'],
    ['Keys', 'keys'], ['Piano', 'keys'], ['Organ', 'keys'], ['Synth Pad', 'keys'],
    ['Guitar', 'guitar'], ['Gtr 2', 'guitar'], ['Lead_Vox', 'vocals'], ['Backing Vocals', 'vocals'],
    ['Click', 'click'], ['Metronome', 'click'], ['Strings', 'strings'], ['Brass Section', 'brass'],
    ['Shaker', 'percussion'], ['Ambience', 'other'],
  ])('%j → %s', (name, role) => {
    expect(guessRole(name)).toBe(role);
  });

  test('natural sort and shared prefixes', () => {
    expect(['Track 10.wav', 'track 2.wav', 'Track 1.wav'].sort(naturalCompare)).toEqual(['Track 1.wav', 'track 2.wav', 'Track 10.wav']);
    expect(stemNamesFromFiles(['My Song - Drums.wav', 'My Song - Bass.wav'])).toEqual({ names: ['Drums', 'Bass'], common: 'My Song' });
    expect(stemNamesFromFiles(['01 Kick.wav', '02 Snare.wav']).names).toEqual(['01 Kick', '02 Snare']);
    expect(stemNamesFromFiles(['Drums.wav', 'Drums 2.wav']).names).toEqual(['Drums', 'Drums 2']);
    expect(stemNamesFromFiles(['lead_vox.flac']).names).toEqual(['lead vox']);
    expect(slugify('Bass Gtr (DI)')).toBe('bass-gtr-di');
    expect(slugify('Kläng')).toBe('klang');
  });
});

describe('a list of files', () => {
  test('audio files: one stem each, natural order, names, ids and roles from the names, others ignored', async () => {
    const files = [
      file('Song_10 Vox.wav', sineWav(0.1)),
      file('Song_2 Bass.wav', sineWav(0.2)),
      file('Song_1 Kick.wav', sineWav(0.1)),
      file('notes.txt', 'lyrics'),
      file('cover.jpg', 'jpeg'),
    ];
    const { description } = await load(files);
    expect(description.stems.map((s) => [s.slot, s.name, s.id, s.role])).toEqual([
      [1, '1 Kick', '1-kick', 'drums'],
      [2, '2 Bass', '2-bass', 'bass'],
      [3, '10 Vox', '10-vox', 'vocals'],
    ]);
    expect(description.title).toBe('Song');
    expect(description.frames).toBe(0.2 * RATE);
    expect(description.source).toEqual({ kind: 'files', names: files.map((f) => f.name) });
  });

  test('a picked folder is titled after the folder; equal names get unique ids', async () => {
    const files = [file('Gig/a/Guitar.wav', sineWav(0.1)), file('Gig/b/Guitar.wav', sineWav(0.1))];
    const { description } = await load(files);
    expect(description.title).toBe('Gig');
    expect(description.stems.map((s) => s.id)).toEqual(['guitar', 'guitar-2']);
  });

  test('a folder with backline.json: stems matched by path below the top folder, else by name', async () => {
    const manifest = manifestJson({
      stems: [
        { id: 'drums', name: 'Drums', file: 'audio/drums.wav', role: 'drums' },
        { id: 'bass', name: 'Bass', file: 'bass.wav', role: 'bass' },
      ],
    });
    const files = [
      file('Blue Bossa/backline.json', manifest),
      file('Blue Bossa/audio/drums.wav', sineWav(0.1, RATE, 2)),
      file('Blue Bossa/stems/bass.wav', sineWav(0.1)),
      file('Blue Bossa/stems/unused.wav', sineWav(0.1)),
    ];
    const { description } = await load(files);
    expect(description.title).toBe('Blue Bossa');
    expect(description.stems.map((s) => [s.id, s.channels])).toEqual([['drums', 2], ['bass', 1]]);
    expect(description.source).toEqual({ kind: 'files', names: files.map((f) => f.webkitRelativePath) });
  });

  test('dropped files with backline.json (no folder paths) are matched by name', async () => {
    const { description } = await load([file('drums.wav', sineWav(0.1)), file('backline.json', manifestJson()), file('bass.wav', sineWav(0.1))]);
    expect(description.stems.map((s) => s.name)).toEqual(['Drums', 'Bass']);
  });

  test('a stem missing from the dropped files', async () => {
    expect(await loadError([file('backline.json', manifestJson()), file('drums.wav', sineWav(0.1))])).toBe(
      'Stem "Bass": file "bass.wav" was not found among the dropped files.',
    );
  });

  test('a single dropped .zip is opened as a package', async () => {
    const zip = zipSync({ 'backline.json': strToU8(manifestJson()), 'drums.wav': sineWav(0.1), 'bass.wav': sineWav(0.1) });
    const { description } = await load([file('Blue Bossa.zip', zip)]);
    expect(description.title).toBe('Blue Bossa');
  });

  test('no audio at all', async () => {
    expect(await loadError([file('notes.txt', 'x'), file('cover.jpg', 'y')])).toBe(
      'The dropped files contain no audio. Backline plays audio files (.wav, .flac, .ogg, .oga, .mp3, .m4a, .aac, .webm, .opus, .aif, .aiff) or a track package with a backline.json.',
    );
    expect(await loadError([])).toBe('No files were given. Drop a track folder, a .zip package or audio files.');
  });

  test('a damaged MIDI file is refused with the parser\'s message', async () => {
    expect(await loadError([file('song.mid', 'MThd')])).toContain('"song.mid" is not a valid MIDI file');
  });

  test('more audio files than stem slots', async () => {
    const files = Array.from({ length: 17 }, (_, i) => file(`s${i}.wav`, sineWav(0.01)));
    expect(await loadError(files)).toBe('17 audio files were given, but a track can have at most 16 stems. Combine some stems or leave some out.');
  });

  test('a file that does not decode', async () => {
    expect(await loadError([file('bass.wav', 'RIFF....WAVEjunk'), file('drums.wav', sineWav(0.1))])).toBe(
      'Could not decode "bass.wav": the file is damaged or not an audio format this browser can read.',
    );
  });

  test('progress: labels per file, fraction only grows and ends at 1', async () => {
    const seen: LoadProgress[] = [];
    await load([file('Bass.wav', sineWav(0.1)), file('Drums.wav', sineWav(0.1))], (p) => seen.push(p));
    const labels = seen.map((p) => p.label);
    expect(labels).toContain('Decoding Bass.wav');
    expect(labels).toContain('Reading Drums.wav');
    expect(labels.indexOf('Decoding Bass.wav')).toBeLessThan(labels.indexOf('Decoding Drums.wav'));
    for (let i = 1; i < seen.length; i++) expect(seen[i].fraction).toBeGreaterThanOrEqual(seen[i - 1].fraction);
    expect(seen.at(-1)).toEqual({ label: 'Loaded Untitled', fraction: 1 });
  });

  test('an aborted load rejects with the abort reason', async () => {
    const controller = new AbortController();
    const promise = loadTrackData([file('Bass.wav', sineWav(0.1))], {
      sampleRate: RATE,
      decoder: wavDecoder,
      signal: controller.signal,
      onProgress: (p) => { if (p.label.startsWith('Decoding')) controller.abort(); },
    });
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' });
  });
});
