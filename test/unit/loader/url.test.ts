import { strToU8, zipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { encodeWav } from '../../../src/audio-files/wav-encode.js';
import { wavDecoder } from '../../../src/audio-files/wav-decode.js';
import { loadTrackData, TrackLoadError, type AudioDecoder } from '../../../src/loader/index.js';
import { LIMITS } from '../../../src/shared/constants.js';
import { fakeServer, manifestJson, sineWav } from './fixtures.js';
import { Midi } from '../../midi/midi-files.js';

const RATE = 48000;
const BASE = 'https://cdn.example.com/songs/blue-bossa/';

async function loadError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(TrackLoadError);
    return (e as Error).message;
  }
  throw new Error('expected the load to fail');
}

describe('loading from URLs (fetch injected)', () => {
  test('a manifest URL: stems fetched relative to it, source is the absolute URL', async () => {
    const server = fakeServer({
      [`${BASE}backline.json`]: manifestJson({
        stems: [
          { id: 'drums', name: 'Drums', file: 'audio/drums.wav', role: 'drums' },
          { id: 'bass', name: 'Bass', file: '../shared/bass%20di.wav', role: 'bass' },
        ],
      }),
      [`${BASE}audio/drums.wav`]: sineWav(0.2, RATE, 2),
      ['https://cdn.example.com/songs/shared/bass%20di.wav']: sineWav(0.1),
    });
    const track = await loadTrackData(new URL(`${BASE}backline.json`), { sampleRate: RATE, decoder: wavDecoder, fetch: server.fetch });
    expect(server.requests).toEqual([`${BASE}backline.json`, `${BASE}audio/drums.wav`, 'https://cdn.example.com/songs/shared/bass%20di.wav']);
    expect(track.description.source).toEqual({ kind: 'url', url: `${BASE}backline.json` });
    expect(track.description.frames).toBe(0.2 * RATE);
    expect(track.description.memoryBytes).toBe(0.2 * RATE * (2 + 1) * 2);
    expect(track.warnings).toEqual([]);
  });

  test('a missing stem gives the HTTP status and the address', async () => {
    const server = fakeServer({ [`${BASE}backline.json`]: manifestJson(), [`${BASE}drums.wav`]: sineWav(0.1) });
    expect(await loadError(loadTrackData(`${BASE}backline.json`, { sampleRate: RATE, decoder: wavDecoder, fetch: server.fetch }))).toBe(
      `Stem "Bass": file "bass.wav" could not be downloaded (HTTP 404 Not Found at ${BASE}bass.wav).`,
    );
  });

  test('a missing manifest, and a server that does not answer', async () => {
    const server = fakeServer({});
    expect(await loadError(loadTrackData(`${BASE}backline.json`, { sampleRate: RATE, decoder: wavDecoder, fetch: server.fetch }))).toBe(
      `backline.json could not be downloaded (HTTP 404 Not Found at ${BASE}backline.json).`,
    );
    const offline = (async () => { throw new TypeError('fetch failed'); }) as typeof fetch;
    expect(await loadError(loadTrackData(`${BASE}song.zip`, { sampleRate: RATE, decoder: wavDecoder, fetch: offline }))).toContain(
      `"song.zip" could not be downloaded from ${BASE}song.zip: the server did not answer.`,
    );
  });

  test('a zip URL', async () => {
    const zip = zipSync({ 'backline.json': strToU8(manifestJson()), 'drums.wav': sineWav(0.1), 'bass.wav': sineWav(0.1) });
    const server = fakeServer({ [`${BASE}song.zip`]: zip });
    const track = await loadTrackData(`${BASE}song.zip`, { sampleRate: RATE, decoder: wavDecoder, fetch: server.fetch });
    expect(track.description.stems.map((s) => s.id)).toEqual(['drums', 'bass']);
    expect(server.requests).toEqual([`${BASE}song.zip`]);
  });

  test('a single audio file URL is a one-stem track named after the file, with a tempo warning', async () => {
    const server = fakeServer({ [`${BASE}Lead%20Vocal.wav`]: sineWav(0.1) });
    const track = await loadTrackData(`${BASE}Lead%20Vocal.wav`, { sampleRate: RATE, decoder: wavDecoder, fetch: server.fetch });
    expect(track.description.title).toBe('Lead Vocal');
    expect(track.description.stems.map((s) => [s.id, s.name, s.role, s.slot, s.color])).toEqual([['lead-vocal', 'Lead Vocal', 'vocals', 1, '#4ec9b0']]);
    expect(track.description.tempoMap).toEqual([{ beat: 0, bpm: 120 }]);
    expect(track.warnings).toEqual(['No tempo given: assuming 120 BPM. Add "tempo" to backline.json for bars and beats to line up.']);
  });

  test('a URL without an extension is recognised by its content', async () => {
    const zip = zipSync({ 'backline.json': strToU8(manifestJson()), 'drums.wav': sineWav(0.1), 'bass.wav': sineWav(0.1) });
    const server = fakeServer({ 'https://x.test/download?id=1': zip, 'https://x.test/audio/7': sineWav(0.1), 'https://x.test/m/1': 'MThd\0\0\0\x06' });
    const opts = { sampleRate: RATE, decoder: wavDecoder, fetch: server.fetch };
    expect((await loadTrackData('https://x.test/download?id=1', opts)).description.title).toBe('Blue Bossa');
    expect((await loadTrackData('https://x.test/audio/7', opts)).description.stems).toHaveLength(1);
    expect(await loadError(loadTrackData('https://x.test/m/1', opts))).toContain('is a MIDI file. MIDI tracks are not supported yet');
  });

  test('a .mid URL loads as a MIDI track: one stem per part, no PCM, the events for the synth', async () => {
    const midi = new Midi();
    midi.header.setTempo(100);
    const piano = midi.addTrack();
    piano.name = 'Piano';
    piano.addNote({ midi: 60, ticks: 0, durationTicks: midi.header.ppq * 4 });
    const server = fakeServer({ [`${BASE}song.mid`]: midi.toArray(), [`${BASE}broken.mid`]: 'MThd' });
    const track = await loadTrackData(`${BASE}song.mid`, { sampleRate: RATE, decoder: wavDecoder, fetch: server.fetch });
    expect(server.requests).toEqual([`${BASE}song.mid`]);
    expect(track.description.stems.map((s) => [s.name, s.slot, s.channels])).toEqual([['Piano', 1, 2]]);
    expect(track.stems[0].pcm.length).toBe(0);
    expect(track.stems[0].layout.kind).toBe('midi');
    expect(track.description.tempoMap).toEqual([{ beat: 0, bpm: 100 }]);
    expect(track.description.downbeat).toBe(0);
    expect(track.description.frames).toBe(Math.ceil((4 * 60 / 100 + 2) * RATE)); // the notes + 2 s of release
    expect(track.midi!.bytes.length).toBe(4 * track.midi!.beats.length); // program change, note on, note off
    expect(track.midi!.beats.length).toBe(3);
    expect(Array.from(track.midi!.tempo)).toEqual([0, 100, 0]);
    expect(await loadError(loadTrackData(`${BASE}broken.mid`, { sampleRate: RATE, decoder: wavDecoder, fetch: server.fetch }))).toContain('"broken.mid" is not a valid MIDI file');
  });

  test('an address that is not a URL (no page to resolve it against in Node)', async () => {
    expect(await loadError(loadTrackData('songs/backline.json', { sampleRate: RATE, decoder: wavDecoder, fetch: fakeServer({}).fetch }))).toBe(
      '"songs/backline.json" is not a valid address. Give a full URL like https://example.com/songs/my-song/backline.json.',
    );
  });

  test('a file larger than the limit is refused from its Content-Length, before the body is read', async () => {
    let bodyRead = false;
    const fetchBig = (async () => {
      const body = new ReadableStream<Uint8Array>({ pull() { bodyRead = true; throw new Error('should not be read'); } }, { highWaterMark: 0 });
      return new Response(body, { headers: { 'content-length': String(LIMITS.maxFileBytes + 5) } });
    }) as typeof fetch;
    expect(await loadError(loadTrackData(`${BASE}big.wav`, { sampleRate: RATE, decoder: wavDecoder, fetch: fetchBig }))).toBe(
      '"big.wav" is over 1 GB; Backline opens files up to 1 GB. Export it compressed (FLAC, Ogg or MP3) or split it.',
    );
    expect(bodyRead).toBe(false);
  });

  test('a manifest larger than its limit is refused while streaming when no length is sent', async () => {
    const big = `{"title": "${'x'.repeat(LIMITS.maxManifestBytes)}"}`;
    const server = fakeServer({ [`${BASE}backline.json`]: big }, { contentLength: false });
    expect(await loadError(loadTrackData(`${BASE}backline.json`, { sampleRate: RATE, decoder: wavDecoder, fetch: server.fetch }))).toBe(
      'backline.json is over 1 MB; a track manifest is at most 1 MB. Is it really a Backline manifest?',
    );
  });

  test('a WAV longer than the song limit is refused from its header, before decoding', async () => {
    // 21 minutes at 1 kHz: a small file with a long duration.
    const wav = encodeWav([new Float32Array(21 * 60 * 1000)], 1000);
    let decoded = false;
    const decoder: AudioDecoder = { async decode() { decoded = true; throw new Error('not reached'); } };
    const server = fakeServer({ [`${BASE}long.wav`]: wav });
    expect(await loadError(loadTrackData(`${BASE}long.wav`, { sampleRate: RATE, decoder, fetch: server.fetch }))).toBe(
      '"long.wav" is 21 min long; Backline plays songs up to 20 min. Trim the audio or split the song.',
    );
    expect(decoded).toBe(false);
  });

  test('a decoded file longer than the song limit is refused before it is converted', async () => {
    const decoder: AudioDecoder = { async decode() { return { sampleRate: 8000, channels: [new Float32Array(8000 * 60 * 20 + 8000)] }; } };
    const server = fakeServer({ [`${BASE}long.mp3`]: 'ID3' });
    expect(await loadError(loadTrackData(`${BASE}long.mp3`, { sampleRate: RATE, decoder, fetch: server.fetch }))).toBe(
      '"long.mp3" is 20 min 1 s long; Backline plays songs up to 20 min. Trim the audio or split the song.',
    );
  });

  test('a manifest with a MIDI file and audio stems loads the audio and says MIDI is not played yet', async () => {
    const server = fakeServer({
      [`${BASE}backline.json`]: manifestJson({ midi: 'song.mid', tempo: undefined }),
      [`${BASE}drums.wav`]: sineWav(0.1),
      [`${BASE}bass.wav`]: sineWav(0.1),
    });
    const track = await loadTrackData(`${BASE}backline.json`, { sampleRate: RATE, decoder: wavDecoder, fetch: server.fetch });
    expect(track.warnings).toContain('The MIDI file "song.mid" is not played yet (MIDI support comes later); the audio stems play.');
  });
});
