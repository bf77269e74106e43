/**
 * Backline's own engine (dist/backline.wasm, built by `npm run build`), driven like the processor
 * drives it: the whole source is loaded into stem storage (int16, as the loader does), the transport
 * is anchored at context frame 0 = song frame 0, and each quantum is one `process(t, 128)`.
 *
 * Speed and pitch go through the engine ABI, and only if this build exports them: `transport` with
 * a 4th parameter (rate) and `setPitch(semitones, cents)`; `latencyFrames()` is reported if present.
 * A build without them runs the identity case only and the others say why: features are detected
 * from the exports, never assumed.
 *
 * Thread: the benchmark's main thread only.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { warmEngineCalls, type EngineExports } from '../../src/shared/engine-abi.js';
import { QUANTUM, SAMPLE_RATE, type Semitones, type Stereo } from '../types.js';
import { ROOT } from '../paths.js';
import type { Engine } from './engine.js';

/** Exports the stretcher adds to the v1 ABI (optional: detected at run time). */
type StretchExports = Omit<EngineExports, 'transport' | 'setPitch' | 'latencyFrames' | 'stretchFrameFrames'> & {
  transport(contextFrame: number, songFrame: number, playing: number, rate?: number): void;
  setPitch?(semitones: number, cents: number): void;
  latencyFrames?(): number;
  stretchFrameFrames?(): number;
};

const WASM = `${ROOT}/dist/backline.wasm`;
let compiled: WebAssembly.Module | null = null;

function wasmModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(WASM));
  return compiled;
}

/** A fresh engine instance; any import the build asks for (the dist build asks for none) is stubbed. */
export function instantiate(): StretchExports {
  const module = wasmModule();
  const imports: Record<string, Record<string, WebAssembly.ImportValue>> = {};
  for (const entry of WebAssembly.Module.imports(module)) {
    if (entry.kind !== 'function') throw new Error(`unexpected engine import ${entry.module}.${entry.name}`);
    imports[entry.module] ??= {};
    imports[entry.module][entry.name] = entry.name === 'abort' ? () => { throw new Error('engine abort'); } : () => 0;
  }
  return new WebAssembly.Instance(module, imports).exports as unknown as StretchExports;
}

/** What this build of the engine can do. */
export function capabilities(e: StretchExports = instantiate()): { rate: boolean; pitch: boolean; latency: boolean } {
  return {
    rate: typeof e.transport === 'function' && e.transport.length >= 4,
    pitch: typeof e.setPitch === 'function',
    latency: typeof e.latencyFrames === 'function',
  };
}

/** Interleaved int16 and the scale that maps it back (peak / 32767), as the loader stores stems. */
function toInt16(x: Stereo): { data: Int16Array; scale: number } {
  let peak = 0;
  for (const ch of [x.left, x.right]) for (const v of ch) peak = Math.max(peak, Math.abs(v));
  const scale = peak > 0 ? peak / 32767 : 1 / 32767;
  const data = new Int16Array(x.left.length * 2);
  for (let i = 0; i < x.left.length; i++) {
    data[2 * i] = Math.round(x.left[i] / scale);
    data[2 * i + 1] = Math.round(x.right[i] / scale);
  }
  return { data, scale };
}

export interface BacklineEngine extends Engine {
  /** From now on `start` loads `count` copies of the source as one track, all playing (default 1). */
  setStemCount(count: number): void;
  /** Bytes the wasm memory grew by since the run's start (must stay 0: process never allocates). */
  memoryGrowth(): number;
  /** Bytes of stem storage for one stereo stem of `seconds` (trackBytes after a reserve). */
  storageBytes(seconds: number): number;
  /** wasm memory right after configure(48000, 128), before any track. */
  configuredBytes(): number;
}

/**
 * A new engine instance, configured for 48 kHz and 128-frame blocks, its JS-to-wasm call wrappers
 * warmed as the processor warms them (warmEngineCalls: otherwise V8 compiles them inside the
 * 1,000th process() call).
 */
function fresh(): StretchExports {
  const x = instantiate();
  x.configure(SAMPLE_RATE, QUANTUM);
  if (typeof x.songFrameAt === 'function' && typeof x.isPlaying === 'function') warmEngineCalls(x as unknown as EngineExports);
  return x;
}

export function backline(): BacklineEngine {
  const probe = fresh();
  const caps = capabilities(probe);
  const version = (JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string }).version;
  const hash = createHash('sha256').update(readFileSync(WASM)).digest('hex').slice(0, 10);
  let e: StretchExports;
  let made = false;
  let t = 0;
  let pitch = 0;
  let startBytes = 0;
  let inL: Float32Array, inR: Float32Array, outL: Float32Array, outR: Float32Array;
  let viewBuffer: ArrayBuffer | null = null;
  let stemCount = 1;

  const views = (): void => {
    const mem = e.memory.buffer;
    if (mem === viewBuffer) return;
    viewBuffer = mem;
    inL = new Float32Array(mem, e.inputPtr(0), QUANTUM);
    inR = new Float32Array(mem, e.inputPtr(1), QUANTUM);
    outL = new Float32Array(mem, e.outputPtr(0), QUANTUM);
    outR = new Float32Array(mem, e.outputPtr(1), QUANTUM);
  };

  const anchor = (speed: number): void => {
    if (caps.rate) e.transport(t, t === 0 ? 0 : e.songFrameAt(t), 1, speed);
    else e.transport(t, t === 0 ? 0 : e.songFrameAt(t), 1);
  };

  const engine: BacklineEngine = {
    id: 'backline',
    label: `Backline ${version} (dist/backline.wasm ${hash})`,
    notes: 'source in int16 stem storage; transport anchored at context 0 = song 0; one process(t, 128) per quantum; '
      + `exports: rate ${caps.rate ? 'yes' : 'no'}, setPitch ${caps.pitch ? 'yes' : 'no'}, latencyFrames ${caps.latency ? 'yes' : 'no'}`
      + (typeof probe.stretchFrameFrames === 'function' ? `; stretch frame ${probe.stretchFrameFrames()} frames (hop N/4)` : ''),

    unsupported(speed: number, semitones: Semitones): string | null {
      if (speed !== 1 && !caps.rate) return 'stretch not available (this build\'s transport() takes no rate)';
      if (semitones !== 0 && !caps.pitch) return 'pitch shift not available (this build exports no setPitch)';
      return null;
    },
    unsupportedAutomation(kind: 'pitch' | 'speed'): string | null {
      if (kind === 'speed' && !caps.rate) return 'stretch not available (this build\'s transport() takes no rate)';
      if (kind === 'pitch' && !caps.pitch) return 'pitch shift not available (this build exports no setPitch)';
      return null;
    },

    setStemCount(count: number): void {
      stemCount = count;
    },

    async start(source: Stereo, speed: number, semitones: Semitones): Promise<void> {
      // Fresh engine state, one instance: configure() resets everything (tracks, mixer, transport,
      // stretchers) and reuses the memory already grown, as a processor would. A new instance per run
      // would leave the last one's wasm memory (tens of MB) to the garbage collector, whose external
      // memory pressure then starts a major GC inside some timed quantum of the next run.
      if (made) e.configure(SAMPLE_RATE, QUANTUM);
      else e = fresh();
      made = true;
      viewBuffer = null;
      if (!e.trackReserve(source.left.length, stemCount, 2 * stemCount)) throw new Error('backline: trackReserve failed');
      const { data, scale } = toInt16(source);
      for (let i = 0; i < stemCount; i++) {
        const ptr = e.trackStemSetup(i, 2, scale);
        if (!ptr) throw new Error(`backline: trackStemSetup(${i}) failed`);
        new Int16Array(e.memory.buffer, ptr, data.length).set(data);
      }
      e.trackCommit();
      t = 0;
      pitch = semitones;
      if (caps.pitch) e.setPitch!(semitones, 0);
      anchor(speed);
      views();
      inL.fill(0);
      inR.fill(0);
      startBytes = e.memory.buffer.byteLength;
    },

    set(speed: number, semitones: Semitones): void {
      if (semitones !== pitch && caps.pitch) e.setPitch!(semitones, 0);
      pitch = semitones;
      anchor(speed);
    },

    render(left: Float32Array, right: Float32Array): void {
      views();
      inL.fill(0); // the engine does not clear its input buffers
      inR.fill(0);
      e.process(t, QUANTUM);
      views();
      left.set(outL);
      right.set(outR);
      t += QUANTUM;
    },

    consumed: () => null,
    reportedLatency: () => (caps.latency ? e.latencyFrames!() : null),
    stop(): void {},
    memoryGrowth: () => e.memory.buffer.byteLength - startBytes,

    storageBytes(seconds: number): number {
      const x = fresh();
      if (!x.trackReserve(Math.round(seconds * SAMPLE_RATE), 1, 2)) return NaN;
      return x.trackBytes();
    },
    configuredBytes: () => fresh().memory.buffer.byteLength,
  };
  return engine;
}
