/**
 * Writes the demo track package: `<outDir>/song/backline.json` plus one 16-bit WAV per stem, and
 * the same package zipped as `<outDir>/song.zip` (manifest at the root). Node only; called by
 * scripts/build-demo.mjs after esbuild bundles this file.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { encodeWav } from '../audio-files/wav-encode.js';
import { renderDemoSong } from './song.js';

export const DEMO_SAMPLE_RATE = 44100;

export interface DemoWriteReport {
  files: string[];
  renderMs: number;
  totalMs: number;
  /** Bytes of the zip package. */
  zipBytes: number;
}

/** @example writeDemo('dist/demo') // writes dist/demo/song/… and dist/demo/song.zip */
export function writeDemo(outDir: string, sampleRate = DEMO_SAMPLE_RATE): DemoWriteReport {
  const started = performance.now();
  const { manifest, stems } = renderDemoSong(sampleRate);
  const renderMs = performance.now() - started;
  const songDir = join(outDir, 'song');
  mkdirSync(songDir, { recursive: true });
  const entries: Zippable = {};
  const files: string[] = [];
  const manifestBytes = new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
  entries['backline.json'] = manifestBytes;
  writeFileSync(join(songDir, 'backline.json'), manifestBytes);
  files.push(join(songDir, 'backline.json'));
  for (const stem of stems) {
    const wav = encodeWav(stem.channels, sampleRate, 'pcm16');
    entries[stem.file] = wav;
    writeFileSync(join(songDir, stem.file), wav);
    files.push(join(songDir, stem.file));
  }
  // Level 1: PCM deflates by about a quarter (the click by 95 %) at any level; higher ones only cost time.
  const zip = zipSync(entries, { level: 1 });
  writeFileSync(join(outDir, 'song.zip'), zip);
  files.push(join(outDir, 'song.zip'));
  return { files, renderMs, totalMs: performance.now() - started, zipBytes: zip.length };
}
