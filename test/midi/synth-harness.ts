/**
 * Test harness for the synth: builds build/synth-test.wasm from assembly/synth/test-entry.ts when
 * it is missing or older than assembly/synth/, instantiates it in Node, loads event lists and
 * renders blocks the way the engine will (beat at the block start derived from a frame count, never
 * accumulated). Thread: the test's.
 */
import { readFileSync } from 'node:fs';
import { ensureWasmBuilt } from '../wasm-build.js';
import { fileURLToPath } from 'node:url';
import { EVENT_BYTES, type MidiEventList } from '../../src/midi/events.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const wasmPath = `${root}build/synth-test.wasm`;
const sourceDir = `${root}assembly/synth`;

/** The command the tests (and bench) build with; docs/midi.md quotes it. */
export const BUILD_ARGS = ['assembly/synth/test-entry.ts', '--config', 'assembly/synth/asconfig.json', '-o'];

/** Rebuild if older than assembly/synth/. */
function ensureBuilt(): void {
  ensureWasmBuilt({ wasmPath, sources: [sourceDir], name: 'synth-test', ascArgs: (outFile) => [...BUILD_ARGS, outFile] });
}

export interface SynthExports {
  memory: WebAssembly.Memory;
  configure(sampleRate: number, maxBlock: number): number;
  eventsReserve(count: number): number;
  eventsBytesPtr(): number;
  eventsLoad(count: number): number;
  render(n: number, beat0: number, beatsPerFrame: number, playing: number): void;
  renderPart(offset: number, n: number, beat0: number, beatsPerFrame: number, playing: number): void;
  mixPtr(channel: number): number;
  busPtr(stem: number, channel: number): number;
  setTranspose(semitones: number, cents: number): void;
  allNotesOff(): void;
  allSoundOff(): void;
  reset(): void;
  seek(beat: number): void;
  midi(status: number, data1: number, data2: number, stem: number): void;
  setChase(on: number): void;
  setStemEnabled(stem: number, on: number): void;
  activeVoices(): number;
  soundingVoices(): number;
  stolenVoices(): number;
  droppedNotes(): number;
  cursor(): number;
  stemSounding(stem: number): number;
  tempoPtr(): number;
  tempoMapLoad(n: number): number;
  beatAt(seconds: number): number;
  secondsAt(beat: number): number;
  bpmAt(beat: number): number;
  nextTempoChange(beat: number): number;
}

let compiled: WebAssembly.Module | null = null;

export function synthModule(): WebAssembly.Module {
  if (!compiled) {
    ensureBuilt();
    compiled = new WebAssembly.Module(readFileSync(wasmPath));
  }
  return compiled;
}

export interface Stereo {
  left: Float32Array;
  right: Float32Array;
}

/** Beats per frame at `bpm` quarter notes per minute. */
export function bpfOf(bpm: number, sampleRate: number): number {
  return bpm / 60 / sampleRate;
}

export class TestSynth {
  readonly x: SynthExports;
  readonly sampleRate: number;
  readonly block: number;
  /** Frames rendered since the transport started (the beat is derived from it). */
  frame = 0;

  constructor(sampleRate = 48000, block = 128) {
    this.x = new WebAssembly.Instance(synthModule(), {}).exports as unknown as SynthExports;
    if (!this.x.configure(sampleRate, block)) throw new Error('configure failed');
    this.sampleRate = sampleRate;
    this.block = block;
  }

  get memoryBytes(): number {
    return this.x.memory.buffer.byteLength;
  }

  /** Copy an event list into wasm memory and play it. */
  load(list: MidiEventList): void {
    const beatsPtr = this.x.eventsReserve(list.count);
    if (!beatsPtr && list.count) throw new Error('eventsReserve failed');
    const mem = this.x.memory.buffer;
    new Float64Array(mem, beatsPtr, list.count).set(list.beats);
    new Uint8Array(mem, this.x.eventsBytesPtr(), list.count * EVENT_BYTES).set(list.bytes);
    if (!this.x.eventsLoad(list.count)) throw new Error('eventsLoad failed');
  }

  /**
   * Render `frames` frames: block k starts at beat `startBeat + (frame) × bpf` (derived from the
   * frame count). Returns the stereo mix of all stems.
   */
  play(frames: number, bpf: number, options: { startBeat?: number; playing?: boolean; block?: number } = {}): Stereo {
    const { startBeat = 0, playing = true, block = this.block } = options;
    const left = new Float32Array(frames);
    const right = new Float32Array(frames);
    for (let done = 0; done < frames; done += block) {
      const n = Math.min(block, frames - done);
      this.x.render(n, startBeat + this.frame * bpf, bpf, playing ? 1 : 0);
      const mem = this.x.memory.buffer;
      left.set(new Float32Array(mem, this.x.mixPtr(0), n), done);
      right.set(new Float32Array(mem, this.x.mixPtr(1), n), done);
      this.frame += n;
    }
    return { left, right };
  }

  /** Frames of one stem's bus after the last render (n frames). */
  bus(stem: number, channel: 0 | 1, n: number): Float32Array {
    return new Float32Array(this.x.memory.buffer, this.x.busPtr(stem, channel), n).slice();
  }
}

// ---- measurements ----

/** Index of the first sample with |x| above `threshold`, or -1. */
export function onset(x: Float32Array, threshold: number, from = 0): number {
  for (let i = from; i < x.length; i++) if (Math.abs(x[i]) > threshold) return i;
  return -1;
}

export function peak(x: ArrayLike<number>, from = 0, to = x.length): number {
  let m = 0;
  for (let i = from; i < to; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, to - from));
}

export function maxStep(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 1; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - x[i - 1]));
  return m;
}

export function allFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}

/** In-place radix-2 FFT (re, im; length a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(angle * k);
        const wi = Math.sin(angle * k);
        const a = i + k;
        const b = a + len / 2;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr;
        im[b] = im[a] - ti;
        re[a] += tr;
        im[a] += ti;
      }
    }
  }
}

/**
 * The frequency of the strongest partial in x[from, to) between lowHz and highHz: a Hann-windowed,
 * zero-padded FFT finds the peak bin, then golden-section search on the continuous DTFT magnitude
 * refines it (well under a cent for a clean tone over a few hundred milliseconds).
 */
export function measureFrequency(x: Float32Array, sampleRate: number, from: number, to: number, lowHz = 30, highHz = 5000): number {
  from = Math.round(from);
  to = Math.round(to);
  const n = to - from;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = x[from + i] * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)));
  let size = 1;
  while (size < 4 * n) size <<= 1;
  const re = new Float64Array(size);
  const im = new Float64Array(size);
  re.set(w);
  fft(re, im);
  let bestBin = Math.max(1, Math.floor((lowHz * size) / sampleRate));
  let bestMag = -1;
  for (let k = bestBin; k <= Math.min(size / 2 - 1, Math.ceil((highHz * size) / sampleRate)); k++) {
    const m = re[k] * re[k] + im[k] * im[k];
    if (m > bestMag) {
      bestMag = m;
      bestBin = k;
    }
  }
  const mag = (hz: number) => {
    const step = (2 * Math.PI * hz) / sampleRate;
    let r = 0;
    let q = 0;
    for (let i = 0; i < n; i++) {
      r += w[i] * Math.cos(step * i);
      q -= w[i] * Math.sin(step * i);
    }
    return Math.hypot(r, q);
  };
  const binHz = sampleRate / size;
  let a = (bestBin - 1) * binHz;
  let b = (bestBin + 1) * binHz;
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let mc = mag(c);
  let md = mag(d);
  for (let i = 0; i < 30; i++) {
    if (mc > md) {
      b = d;
      d = c;
      md = mc;
      c = b - g * (b - a);
      mc = mag(c);
    } else {
      a = c;
      c = d;
      mc = md;
      d = a + g * (b - a);
      md = mag(d);
    }
  }
  return (a + b) / 2;
}

/** Index of the first sample that is not exactly 0, or -1. */
export function firstSound(x: Float32Array, from = 0): number {
  for (let i = from; i < x.length; i++) if (x[i] !== 0) return i;
  return -1;
}

/** Cents from `ref` to `hz`. */
export function cents(hz: number, ref: number): number {
  return 1200 * Math.log2(hz / ref);
}
