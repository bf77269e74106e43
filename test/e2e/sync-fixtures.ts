/**
 * Click-track songs for the sync tests (docs/sync.md), written as track packages into
 * test-results/fixtures/sync/: a click on every beat of the song's own tempo map, louder on the
 * downbeats, starting at its peak on the beat's exact sample; plus a steady tone for stop/start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav } from '../../src/audio-files/wav-encode.js';
import { beatsToSeconds } from '../../src/shared/tempo-map.js';
import type { TempoPoint } from '../../src/shared/track.js';
import { REPO_ROOT } from './browser.js';

export const CLICK_DOWNBEAT = 0.8;
export const CLICK_BEAT = 0.5;

export interface ClickSong {
  dir: string;
  sampleRate: number;
  seconds: number;
  downbeat: number;
  tempoMap: TempoPoint[];
  timeSignature: [number, number];
}

/** A 1.5 kHz cosine starting at its peak, decaying over ~3 ms, 20 ms long. */
function addClick(x: Float32Array, at: number, amplitude: number, sampleRate: number): void {
  const length = Math.round(0.02 * sampleRate);
  for (let i = 0; i < length && at + i < x.length; i++) {
    x[at + i] += amplitude * Math.cos((2 * Math.PI * 1500 * i) / sampleRate) * Math.exp(-i / (0.003 * sampleRate));
  }
}

/** Song seconds of every beat (from bar 1) that fits in the song. */
export function songBeatSeconds(song: Pick<ClickSong, 'downbeat' | 'tempoMap' | 'seconds'>): number[] {
  const out: number[] = [];
  for (let beat = 0; ; beat++) {
    const t = song.downbeat + beatsToSeconds(song.tempoMap, beat);
    if (t > song.seconds - 0.05) return out;
    out.push(t);
  }
}

export const SONGS = {
  /** 120 BPM, 4/4, bar 1 at 0.25 s, 40 s. */
  click: { dir: 'click', sampleRate: 48000, seconds: 40, downbeat: 0.25, tempoMap: [{ beat: 0, bpm: 120 }], timeSignature: [4, 4] },
  /** Tempo changes: bars 1–2 at 120, bars 3–4 at 90, then 150 (4/4, bar 1 at 0.25 s). */
  map: {
    dir: 'click-map', sampleRate: 48000, seconds: 24, downbeat: 0.25,
    tempoMap: [{ beat: 0, bpm: 120 }, { beat: 8, bpm: 90 }, { beat: 16, bpm: 150 }], timeSignature: [4, 4],
  },
  /** For the 10-minute drift test: 120 BPM at 24 kHz, 520 s. */
  long: { dir: 'click-long', sampleRate: 24000, seconds: 520, downbeat: 0.25, tempoMap: [{ beat: 0, bpm: 120 }], timeSignature: [4, 4] },
} satisfies Record<string, ClickSong>;

function clickWav(song: ClickSong): Uint8Array {
  const x = new Float32Array(Math.round(song.seconds * song.sampleRate));
  songBeatSeconds(song).forEach((t, beat) => {
    addClick(x, Math.round(t * song.sampleRate), beat % song.timeSignature[0] === 0 ? CLICK_DOWNBEAT : CLICK_BEAT, song.sampleRate);
  });
  return encodeWav([x], song.sampleRate, 'float32');
}

function toneWav(sampleRate: number, seconds: number, frequency: number, amplitude: number): Uint8Array {
  const x = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < x.length; i++) x[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return encodeWav([x], sampleRate, 'float32');
}

/** Writes the sync fixtures (the long one only once); returns the URL path prefix. */
export function writeSyncFixtures(): string {
  const root = join(REPO_ROOT, 'test-results', 'fixtures', 'sync');
  const write = (path: string, data: Uint8Array | string) => {
    const file = join(root, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, data);
  };
  for (const song of Object.values(SONGS) as ClickSong[]) {
    const manifest = {
      title: song.dir, tempo: song.tempoMap.length === 1 ? song.tempoMap[0].bpm : song.tempoMap,
      timeSignature: song.timeSignature, downbeat: song.downbeat,
      stems: [{ id: 'click', name: 'Click', file: 'click.wav', role: 'click' }],
    };
    // The long song's audio (25 MB) is written again only when its description changed.
    const description = JSON.stringify({ ...manifest, sampleRate: song.sampleRate, seconds: song.seconds }, null, 2);
    const stamp = join(root, song.dir, 'fixture.json');
    const fresh = existsSync(stamp) && readFileSync(stamp, 'utf8') === description && existsSync(join(root, song.dir, 'click.wav'));
    write(`${song.dir}/backline.json`, JSON.stringify(manifest, null, 2));
    if (fresh) continue;
    write(`${song.dir}/click.wav`, clickWav(song));
    write(`${song.dir}/fixture.json`, description);
  }
  write('tone/backline.json', JSON.stringify({
    title: 'tone', tempo: 120, timeSignature: [4, 4], downbeat: 0,
    stems: [{ id: 'tone', name: 'Tone', file: 'tone.wav', role: 'keys' }],
  }, null, 2));
  write('tone/tone.wav', toneWav(48000, 12, 220, 0.5));
  return '/test-results/fixtures/sync';
}
