/**
 * Track fixtures for the end-to-end tests, generated from parameters (sines at known frequencies
 * and levels) into test-results/fixtures/, served with the repository.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { encodeWav } from '../../src/audio-files/wav-encode.js';
import { REPO_ROOT } from './browser.js';

export const FIXTURE_RATE = 48000;
export const FIXTURE_SECONDS = 2;

export interface SineStem { id: string; name: string; role: string; frequency: number; amplitude: number; channels: 1 | 2 }

/** The main fixture song: three stems, each a sine of its own frequency and level. */
export const SONG_STEMS: SineStem[] = [
  { id: 'drums', name: 'Drums', role: 'drums', frequency: 300, amplitude: 0.2, channels: 2 },
  { id: 'bass', name: 'Bass', role: 'bass', frequency: 500, amplitude: 0.1, channels: 1 },
  { id: 'keys', name: 'Keys', role: 'keys', frequency: 700, amplitude: 0.15, channels: 2 },
];
export const OTHER_STEMS: SineStem[] = [
  { id: 'pad', name: 'Pad', role: 'keys', frequency: 900, amplitude: 0.3, channels: 2 },
];

function sineWav(stem: SineStem): Uint8Array {
  const frames = FIXTURE_RATE * FIXTURE_SECONDS;
  const channel = new Float32Array(frames);
  for (let i = 0; i < frames; i++) channel[i] = stem.amplitude * Math.sin((2 * Math.PI * stem.frequency * i) / FIXTURE_RATE);
  return encodeWav(stem.channels === 2 ? [channel, channel] : [channel], FIXTURE_RATE, 'float32');
}

function manifest(title: string, stems: SineStem[]) {
  return {
    title, tempo: 120, timeSignature: [4, 4], key: 'A minor', downbeat: 0,
    stems: stems.map((s) => ({ id: s.id, name: s.name, file: `${s.id}.wav`, role: s.role })),
    sections: [{ name: 'Intro', bar: 1 }],
  };
}

/** Writes every fixture; returns the URL path prefix (relative to the repo root). */
export function writeFixtures(): string {
  const root = join(REPO_ROOT, 'test-results', 'fixtures');
  const write = (path: string, data: Uint8Array | string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), data);
  };
  const packages: Record<string, SineStem[]> = { song: SONG_STEMS, other: OTHER_STEMS };
  for (const [dir, stems] of Object.entries(packages)) {
    const files: Record<string, Uint8Array> = {};
    for (const stem of stems) files[`${stem.id}.wav`] = sineWav(stem);
    files['backline.json'] = new TextEncoder().encode(JSON.stringify(manifest(dir, stems), null, 2));
    for (const [name, data] of Object.entries(files)) write(`${dir}/${name}`, data);
    write(`${dir}.zip`, zipSync(files));
  }
  // Bad inputs.
  const corrupt = new Uint8Array(4096);
  corrupt.set(new TextEncoder().encode('RIFF\u0000\u0010\u0000\u0000WAVEfmt '));
  for (let i = 20; i < corrupt.length; i++) corrupt[i] = (i * 7919) & 0xff;
  write('bad/corrupt.wav', corrupt);
  write('bad/broken/backline.json', JSON.stringify({ title: 'Broken', tempo: -3, stems: [{ id: 'Bad Id', name: 'X', file: 'x.wav', role: 'kazoo' }] }));
  write('bad/missing/backline.json', JSON.stringify(manifest('Missing', [SONG_STEMS[0]])));
  write('bad/notjson/backline.json', '{ "title": "oops", ');
  return '/test-results/fixtures';
}
