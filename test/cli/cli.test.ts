/**
 * The `backline` command as a user runs it: a child process on files on disk. Needs `npm run build`
 * (npm test builds first).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { encodeWav } from '../../src/audio-files/wav-encode.js';
import { decodeWav } from '../../src/audio-files/wav-decode.js';
import { REPO_ROOT } from '../e2e/browser.js';
import { toneAmplitude } from '../e2e/signal.js';

const run = promisify(execFile);
const BIN = join(REPO_ROOT, 'bin/backline.js');
const SR = 48000;
let dir: string;

function sine(frequency: number, amplitude: number, seconds: number, rate = SR): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / rate);
  return out;
}

async function backline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { cwd: dir });
    return { code: 0, stdout, stderr };
  } catch (error: any) {
    return { code: error.code ?? 1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'backline-cli-'));
  // 120 BPM 4/4: a bar is 2 s. Drums 300 Hz, bass 500 Hz (mono, 44.1 kHz: resampled on load).
  writeFileSync(join(dir, 'drums.wav'), encodeWav([sine(300, 0.2, 8), sine(300, 0.2, 8)], SR));
  writeFileSync(join(dir, 'bass.wav'), encodeWav([sine(500, 0.1, 8, 44100)], 44100));
  const manifest = {
    title: 'CLI test', tempo: 120, timeSignature: [4, 4],
    stems: [
      { id: 'drums', name: 'Drums', file: 'drums.wav', role: 'drums' },
      { id: 'bass', name: 'Bass', file: 'bass.wav', role: 'bass' },
    ],
  };
  writeFileSync(join(dir, 'backline.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'song.zip'), zipSync({
    'backline.json': readFileSync(join(dir, 'backline.json')),
    'drums.wav': readFileSync(join(dir, 'drums.wav')),
    'bass.wav': readFileSync(join(dir, 'bass.wav')),
  }));
  writeFileSync(join(dir, 'corrupt.wav'), Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt '), Buffer.alloc(64, 0x55)]));
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({ title: 'x', tempo: 'fast', stems: [] }));
});

function readOut(name: string) {
  return decodeWav(readFileSync(join(dir, name)));
}

describe('backline render', () => {
  it('renders a manifest to WAV at each stem\'s level, with --mute and --solo by stem id', async () => {
    const all = await backline('render', 'backline.json', '-o', 'all.wav');
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/all\.wav: "CLI test", 2 stems, 8\.00 s/);
    const out = readOut('all.wav');
    expect(out.sampleRate).toBe(SR);
    expect(out.channels).toHaveLength(2);
    expect(toneAmplitude(out.channels[0], SR, 300, SR, 3 * SR)).toBeCloseTo(0.2, 2);
    expect(toneAmplitude(out.channels[1], SR, 500, SR, 3 * SR)).toBeCloseTo(0.1, 2);

    expect((await backline('render', 'song.zip', '-o', 'muted.wav', '--mute', 'bass')).code).toBe(0);
    expect(toneAmplitude(readOut('muted.wav').channels[0], SR, 500, SR, 3 * SR)).toBeLessThan(1e-3);
    expect((await backline('render', 'backline.json', '-o', 'solo.wav', '--solo', 'bass')).code).toBe(0);
    const solo = readOut('solo.wav').channels[0];
    expect(toneAmplitude(solo, SR, 300, SR, 3 * SR)).toBeLessThan(1e-3);
    expect(toneAmplitude(solo, SR, 500, SR, 3 * SR)).toBeCloseTo(0.1, 2);
  });

  it('--from and --to select bars (120 BPM 4/4: bar 2 starts at 2 s)', async () => {
    const result = await backline('render', 'backline.json', '-o', 'bars.wav', '--from', '2', '--to', '4');
    expect(result.code).toBe(0);
    const out = readOut('bars.wav');
    expect(out.channels[0].length).toBe(4 * SR);
    // The first sample continues the sine at song time 2 s: sin(2π·300·2) = 0, rising, after the fade-in.
    const t = 0.01;
    expect(out.channels[0][Math.round(t * SR)]).toBeCloseTo(0.2 * Math.sin(2 * Math.PI * 300 * (2 + t)), 3);
  });

  it('bad input: exit status non-zero and one line, no stack trace', async () => {
    const cases: [string[], RegExp][] = [
      [['render', 'missing.json', '-o', 'x.wav'], /missing\.json/],
      [['render', 'corrupt.wav', '-o', 'x.wav'], /corrupt\.wav/],
      [['render', 'broken.json', '-o', 'x.wav'], /tempo/],
      [['render', 'backline.json', '-o', 'x.wav', '--mute', 'kazoo'], /no stem "kazoo".*drums, bass/],
      [['render', 'backline.json', '-o', 'x.wav', '--speed', '9'], /--speed 9/],
      [['render', 'backline.json', '-o', 'x.wav', '--speed', '1', '--bpm', '100'], /not both/],
      [['render', 'backline.json'], /-o out\.wav/],
      [['play', 'backline.json'], /unknown command/],
    ];
    for (const [args, message] of cases) {
      const result = await backline(...args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
