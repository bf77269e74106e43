import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { wavDecoder } from '../../../src/audio-files/wav-decode.js';
import { fileFetch } from '../../../src/loader/file-fetch.js';
import { loadTrackData } from '../../../src/loader/index.js';
import { manifestJson, sineWav } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'backline-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('the CLI path: a local manifest through fileFetch, stems relative to it', async () => {
  mkdirSync(join(dir, 'Blue Bossa'));
  writeFileSync(join(dir, 'Blue Bossa', 'backline.json'), manifestJson());
  writeFileSync(join(dir, 'Blue Bossa', 'drums.wav'), sineWav(0.1, 44100));
  writeFileSync(join(dir, 'Blue Bossa', 'bass.wav'), sineWav(0.2, 44100));
  const url = pathToFileURL(join(dir, 'Blue Bossa', 'backline.json'));
  const track = await loadTrackData(url, { sampleRate: 48000, decoder: wavDecoder, fetch: fileFetch });
  expect(track.description.source).toEqual({ kind: 'url', url: url.href });
  expect(track.description.frames).toBe(9600); // 0.2 s at 44.1 kHz, resampled to 48 kHz
});

test('a missing local file is "not found", not an HTTP error', async () => {
  const url = pathToFileURL(join(dir, 'nothing', 'backline.json'));
  await expect(loadTrackData(url, { sampleRate: 48000, decoder: wavDecoder, fetch: fileFetch })).rejects.toThrow(
    `backline.json was not found (${join(dir, 'nothing', 'backline.json')}).`,
  );
});
