import { strToU8, zipSync, type Zippable } from 'fflate';
import { describe, expect, test } from 'vitest';
import { LIMITS } from '../../../src/shared/constants.js';
import { wavDecoder } from '../../../src/audio-files/wav-decode.js';
import { loadTrackData, TrackLoadError, type AudioDecoder } from '../../../src/loader/index.js';
import { openZip } from '../../../src/loader/zip.js';
import { fakeServer, file, manifestJson, sineWav } from './fixtures.js';

const RATE = 48000;

function packageZip(files: Zippable): Uint8Array {
  return zipSync(files, { level: 1 });
}

/** Load a zip package both ways it can arrive: from a URL, and as a dropped file. */
async function loadBoth(zip: Uint8Array, name = 'song.zip', decoder: AudioDecoder = wavDecoder) {
  const url = new URL(name, 'https://example.com/tracks/').href;
  const server = fakeServer({ [url]: zip });
  const fromUrl = await loadTrackData(url, { sampleRate: RATE, decoder, fetch: server.fetch });
  const fromFile = await loadTrackData([file(name, zip, false)], { sampleRate: RATE, decoder });
  return { fromUrl, fromFile };
}

async function loadError(zip: Uint8Array, decoder: AudioDecoder = wavDecoder): Promise<string> {
  try {
    await loadTrackData([file('song.zip', zip, false)], { sampleRate: RATE, decoder });
  } catch (e) {
    expect(e).toBeInstanceOf(TrackLoadError);
    return (e as Error).message;
  }
  throw new Error('expected the load to fail');
}

describe('zip track packages', () => {
  test('a package with the manifest at the root loads, from a URL and as a file', async () => {
    const zip = packageZip({
      'backline.json': strToU8(manifestJson()),
      'drums.wav': sineWav(1.0, RATE, 2),
      'bass.wav': sineWav(0.5, RATE, 1),
    });
    const { fromUrl, fromFile } = await loadBoth(zip);
    for (const track of [fromUrl, fromFile]) {
      const d = track.description;
      expect(d.title).toBe('Blue Bossa');
      expect(d.frames).toBe(RATE);
      expect(d.stems.map((s) => [s.id, s.slot, s.channels, s.role])).toEqual([['drums', 1, 2, 'drums'], ['bass', 2, 1, 'bass']]);
      expect(d.key).toBe('C minor');
      expect(d.tempoMap).toEqual([{ beat: 0, bpm: 120 }]);
      expect(d.sections).toEqual([{ name: 'Intro', bar: 1 }, { name: 'Head', bar: 5 }]);
      expect(track.stems[1].pcm.length).toBe(RATE); // padded to the longer drums
      expect(track.stems[1].layout).toMatchObject({ channels: 1, name: 'Bass' });
    }
    expect(fromUrl.description.source).toEqual({ kind: 'url', url: 'https://example.com/tracks/song.zip' });
    expect(fromFile.description.source).toEqual({ kind: 'files', names: ['song.zip'] });
  });

  test('the manifest inside one top folder, stem paths relative to it (and written with \\ or ./)', async () => {
    const zip = packageZip({
      'Blue Bossa/backline.json': strToU8(manifestJson({
        stems: [
          { id: 'drums', name: 'Drums', file: './audio/drums.wav', role: 'drums' },
          { id: 'bass', name: 'Bass', file: 'audio\\Bass.WAV', role: 'bass' },
        ],
      })),
      'Blue Bossa/audio/drums.wav': sineWav(0.25),
      'Blue Bossa/audio/bass.wav': sineWav(0.25),
      '__MACOSX/Blue Bossa/._backline.json': strToU8('junk'),
    });
    const { fromUrl } = await loadBoth(zip);
    expect(fromUrl.description.stems.map((s) => s.name)).toEqual(['Drums', 'Bass']);
  });

  test('a stem file that is not in the package names the stem and the file', async () => {
    const zip = packageZip({ 'backline.json': strToU8(manifestJson()), 'drums.wav': sineWav(0.1) });
    expect(await loadError(zip)).toBe('Stem "Bass": file "bass.wav" was not found in the package.');
  });

  test('a stem path that climbs out of the package is refused', async () => {
    const zip = packageZip({
      'backline.json': strToU8(manifestJson({ stems: [{ id: 'bass', name: 'Bass', file: '../bass.wav', role: 'bass' }] })),
      'bass.wav': sineWav(0.1),
    });
    expect(await loadError(zip)).toBe('Stem "Bass": file "../bass.wav" points outside the package. Use a path inside it, like "bass.wav" or "audio/bass.wav".');
  });

  test.each(['../evil.wav', '/etc/passwd', 'a/../../evil.wav', 'C:\\evil.wav'])('an entry named %j makes the whole package refused', async (name) => {
    const zip = packageZip({ 'backline.json': strToU8(manifestJson()), [name]: sineWav(0.1) });
    expect(await loadError(zip)).toBe(`"song.zip" contains a file with an unsafe path (${JSON.stringify(name)}) and was not opened. Create the zip again from the track folder.`);
  });

  test('a zip bomb is refused from its declared sizes, before anything is inflated', async () => {
    const zip = packageZip({ 'backline.json': strToU8(manifestJson()), 'drums.wav': sineWav(0.1), 'bass.wav': sineWav(0.1) });
    // Claim 1.5 GB for each WAV in the central directory (uncompressed size at offset 24).
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let patched = 0;
    for (let i = 0; i + 46 <= zip.length; i++) {
      if (view.getUint32(i, true) !== 0x02014b50) continue;
      const nameLength = view.getUint16(i + 28, true);
      const name = new TextDecoder().decode(zip.subarray(i + 46, i + 46 + nameLength));
      if (name.endsWith('.wav')) { view.setUint32(i + 24, 1.5 * 1024 ** 3, true); patched++; }
    }
    expect(patched).toBe(2);
    let decoded = 0;
    const counting: AudioDecoder = { decode: async (b, n) => { decoded++; return wavDecoder.decode(b, n); } };
    expect(await loadError(zip, counting)).toBe(`"song.zip" would unpack to more than 2 GB; Backline opens packages up to that size. Use compressed stems (FLAC, Ogg or MP3).`);
    expect(decoded).toBe(0);
    expect(LIMITS.maxZipUncompressedBytes).toBe(2 * 1024 ** 3);
  });

  test('one file declared larger than the file limit is refused before it is inflated', async () => {
    const zip = packageZip({ 'backline.json': strToU8(manifestJson()), 'drums.wav': sineWav(0.1), 'bass.wav': sineWav(0.1) });
    const files = openZip(zip, 'song.zip');
    const drums = files.find('drums.wav')!;
    (drums as { size: number }).size = LIMITS.maxFileBytes + 1;
    const reader = files.reader('');
    await expect(reader.read('drums.wav', 'Drums', () => {})).rejects.toThrow('Stem "Drums": file "drums.wav" is over 1 GB; Backline opens files up to 1 GB.');
  });

  test('a damaged zip, and a zip without manifest or audio', async () => {
    expect(await loadError(strToU8('PK\x03\x04 this is not really a zip'))).toBe('"song.zip" is not a valid zip file (it may be damaged or incomplete). Download or create it again.');
    expect(await loadError(packageZip({ 'readme.txt': strToU8('hi') }))).toBe(
      '"song.zip" has no backline.json and no audio files. Backline plays audio files (.wav, .flac, .ogg, .oga, .mp3, .m4a, .aac, .webm, .opus, .aif, .aiff) or a track package with a backline.json.',
    );
  });

  test('a zip of audio files without a manifest loads them as stems, titled after the zip', async () => {
    const zip = packageZip({ 'Take 2/Take 2 - Bass.wav': sineWav(0.1), 'Take 2/Take 2 - Kick.wav': sineWav(0.1) });
    const { fromFile } = await loadBoth(zip, 'Take 2.zip');
    expect(fromFile.description.title).toBe('Take 2');
    expect(fromFile.description.stems.map((s) => [s.name, s.role])).toEqual([['Bass', 'bass'], ['Kick', 'drums']]);
  });

  test('two manifests at the same depth are ambiguous', async () => {
    const zip = packageZip({ 'a/backline.json': strToU8(manifestJson()), 'b/backline.json': strToU8(manifestJson()) });
    expect(await loadError(zip)).toBe('"song.zip" contains 2 backline.json files ("a/backline.json", "b/backline.json"). Load one track at a time.');
  });

  test('manifest problems in a package are reported like any other', async () => {
    const zip = packageZip({ 'backline.json': strToU8('{"title": "x",\n "tempo": 120,,\n}') });
    expect(await loadError(zip)).toBe('backline.json is not valid JSON (line 2, column 15): expected a property name in double quotes but found ",".');
  });
});
