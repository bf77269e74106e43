/**
 * Test harness for the wasm engine: builds dist/backline.wasm if it is missing or older than
 * assembly/ (same command as the real build), instantiates it in Node and drives it like the
 * processor does: write input, process, read output, in blocks of at most maxBlockFrames.
 * Thread: the test's (the engine's only caller).
 */
import { readFileSync } from 'node:fs';
import { ensureWasmBuilt } from '../wasm-build.js';
import { fileURLToPath } from 'node:url';
import type { EngineExports } from '../../src/shared/engine-abi.js';
import { MAX_BLOCK_FRAMES, RAMP_SECONDS } from '../../src/shared/constants.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const wasmPath = `${root}dist/backline.wasm`;

/** Rebuild dist/backline.wasm if it is older than assembly/ (the synth has its own test build). */
function ensureBuilt(): void {
  ensureWasmBuilt({
    wasmPath,
    sources: [`${root}asconfig.json`, `${root}assembly`],
    name: 'engine-test',
    ascArgs: (outFile) => ['assembly/index.ts', '--target', 'dist', '--outFile', outFile],
  });
}

let compiled: WebAssembly.Module | null = null;

/** The compiled engine module (built on first use if stale). */
export function engineModule(): WebAssembly.Module {
  if (!compiled) {
    ensureBuilt();
    compiled = new WebAssembly.Module(readFileSync(wasmPath));
  }
  return compiled;
}

/** Imports for whatever the module asks for (the dist build asks for none): `abort` throws. */
export function engineImports(module: WebAssembly.Module): WebAssembly.Imports {
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const entry of WebAssembly.Module.imports(module)) {
    if (entry.kind !== 'function') throw new Error(`unexpected engine import ${entry.module}.${entry.name} (${entry.kind})`);
    imports[entry.module] ??= {};
    imports[entry.module][entry.name] = entry.name === 'abort'
      ? () => { throw new Error('engine abort'); }
      : () => 0;
  }
  return imports;
}

/** A fresh, unconfigured engine instance. */
export function instantiate(): EngineExports {
  const module = engineModule();
  return new WebAssembly.Instance(module, engineImports(module)).exports as unknown as EngineExports;
}

export interface Stereo {
  left: Float32Array;
  right: Float32Array;
}

/** A stem as float channels: one (mono) or two (stereo), all the same length. */
export type StemChannels = Float32Array[];

/** Convert float channels to interleaved int16 and the scale that maps them back (peak / 32767). */
export function toInt16(channels: StemChannels): { data: Int16Array; scale: number } {
  const frames = channels[0].length;
  let peak = 0;
  for (const ch of channels) for (const x of ch) peak = Math.max(peak, Math.abs(x));
  const scale = peak > 0 ? peak / 32767 : 1 / 32767;
  const data = new Int16Array(frames * channels.length);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels.length; c++) data[i * channels.length + c] = Math.round(channels[c][i] / scale);
  }
  return { data, scale };
}

/** An engine plus a context-frame cursor, driven the way the processor drives it. */
export class TestEngine {
  readonly e: EngineExports;
  readonly sampleRate: number;
  readonly maxBlock: number;
  readonly rampFrames: number;
  /** Context frame of the next block. */
  t = 0;

  constructor(sampleRate = 48000, maxBlock = MAX_BLOCK_FRAMES) {
    this.e = instantiate();
    this.e.configure(sampleRate, maxBlock);
    this.sampleRate = sampleRate;
    this.maxBlock = maxBlock;
    this.rampFrames = Math.round(RAMP_SECONDS * sampleRate);
  }

  get memoryBytes(): number {
    return this.e.memory.buffer.byteLength;
  }

  /**
   * Reserve, set up and fill every stem, then commit (or not). Returns false if the reserve failed.
   * The reserve gives the channel total (storage sized per stem) unless `legacy` (stereo room each).
   */
  load(stems: StemChannels[], commit = true, legacy = false): boolean {
    const frames = stems[0][0].length;
    const channels = stems.reduce((n, c) => n + c.length, 0);
    if (!(legacy ? this.e.trackReserve(frames, stems.length) : this.e.trackReserve(frames, stems.length, channels))) return false;
    stems.forEach((channels, i) => this.writeStem(i, channels));
    if (commit) this.e.trackCommit();
    return true;
  }

  /** Set up stem `i` of the loading track and copy its int16 data in. */
  writeStem(i: number, channels: StemChannels): void {
    const { data, scale } = toInt16(channels);
    this.writeStemInt16(i, channels.length, scale, data);
  }

  writeStemInt16(i: number, channels: number, scale: number, data: Int16Array): void {
    const ptr = this.e.trackStemSetup(i, channels, scale);
    if (!ptr) throw new Error(`trackStemSetup(${i}, ${channels}, ${scale}) failed`);
    new Int16Array(this.e.memory.buffer, ptr, data.length).set(data);
  }

  transport(songFrame: number, playing: boolean, contextFrame = this.t): void {
    this.e.transport(contextFrame, songFrame, playing ? 1 : 0);
  }

  /** Render `frames` from the cursor in blocks of `block`; `input` defaults to silence. */
  render(frames: number, input?: Stereo, block = this.maxBlock): Stereo {
    const left = new Float32Array(frames);
    const right = new Float32Array(frames);
    for (let done = 0; done < frames; done += block) {
      const n = Math.min(block, frames - done);
      this.block(n, input && { left: input.left.subarray(done, done + n), right: input.right.subarray(done, done + n) });
      const mem = this.e.memory.buffer;
      left.set(new Float32Array(mem, this.e.outputPtr(0), n), done);
      right.set(new Float32Array(mem, this.e.outputPtr(1), n), done);
    }
    return { left, right };
  }

  /** One process call of `n` frames (input written first, views rebuilt each call: memory may have grown). */
  block(n: number, input?: Stereo): void {
    const mem = this.e.memory.buffer;
    const inL = new Float32Array(mem, this.e.inputPtr(0), n);
    const inR = new Float32Array(mem, this.e.inputPtr(1), n);
    if (input) {
      inL.set(input.left);
      inR.set(input.right);
    } else {
      inL.fill(0);
      inR.fill(0);
    }
    this.e.process(this.t, n);
    this.t += n;
  }
}

// ---- signals and measurements ----

export function dc(frames: number, level: number): Float32Array {
  return new Float32Array(frames).fill(level);
}

/** sin(2π·freq·n/sampleRate + phase) × amp */
export function sine(frames: number, freq: number, sampleRate: number, amp = 1, phase = 0): Float32Array {
  const out = new Float32Array(frames);
  for (let n = 0; n < frames; n++) out[n] = amp * Math.sin((2 * Math.PI * freq * n) / sampleRate + phase);
  return out;
}

/** Deterministic PRNG in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function noise(frames: number, seed: number, amp = 0.5): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: frames }, () => amp * (2 * r() - 1));
}

/** Largest |x[i+1] − x[i]|. */
export function maxStep(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 1; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - x[i - 1]));
  return m;
}

/** Largest |a[i] − b[i]|. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

export function allFinite(x: ArrayLike<number>): boolean {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return false;
  return true;
}
