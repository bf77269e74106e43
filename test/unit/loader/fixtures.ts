/**
 * Fixtures for the loader tests: WAV stems, files as a browser hands them over, a fake fetch.
 */
import { encodeWav } from '../../../src/audio-files/wav-encode.js';
import { sine } from './signals.js';

/** A WAV of a sine per channel (frequencies 220, 330, … Hz), `seconds` long. */
export function sineWav(seconds: number, sampleRate = 48000, channels = 1, amplitude = 0.5, format: 'pcm16' | 'float32' = 'pcm16'): Uint8Array {
  return encodeWav(Array.from({ length: channels }, (_, c) => sine(220 + 110 * c, sampleRate, seconds, amplitude)), sampleRate, format);
}

export function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** A File as a picked or dropped folder gives it: `webkitRelativePath` "Folder/sub/name". */
export function file(path: string, data: Uint8Array | string, folderPick = path.includes('/')): File {
  const name = path.split('/').pop()!;
  const f = new File([typeof data === 'string' ? data : new Uint8Array(data)], name);
  Object.defineProperty(f, 'webkitRelativePath', { value: folderPick ? path : '' });
  return f;
}

export interface FakeServer {
  fetch: typeof fetch;
  /** Every URL requested, in order. */
  requests: string[];
}

/** A fetch that serves bytes from a map of absolute URLs; anything else is a 404. */
export function fakeServer(files: Record<string, Uint8Array | string>, options: { contentLength?: boolean } = {}): FakeServer {
  const requests: string[] = [];
  const fetchFn = (async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    requests.push(url);
    const data = files[url];
    if (data === undefined) return new Response('not here', { status: 404, statusText: 'Not Found' });
    const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    const headers: Record<string, string> = {};
    if (options.contentLength !== false) headers['content-length'] = String(bytes.byteLength);
    return new Response(new Uint8Array(bytes), { status: 200, headers });
  }) as typeof fetch;
  return { fetch: fetchFn, requests };
}

export function manifestJson(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    title: 'Blue Bossa',
    tempo: 120,
    timeSignature: [4, 4],
    key: 'C minor',
    stems: [
      { id: 'drums', name: 'Drums', file: 'drums.wav', role: 'drums' },
      { id: 'bass', name: 'Bass', file: 'bass.wav', role: 'bass', gain: -3 },
    ],
    sections: [{ name: 'Intro', bar: 1 }, { name: 'Head', bar: 5 }],
    ...overrides,
  });
}
