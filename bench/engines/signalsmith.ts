/**
 * Signalsmith Stretch via the `signalsmith-stretch` package. The package only exports an
 * AudioWorkletNode factory; its processor class holds the Emscripten module. We let the package
 * register its processor against minimal stand-ins for the worklet globals, construct it once per
 * run to get a fresh wasm instance, and then drive the module's C API directly, as its own
 * processor does for live input: `presetDefault(2, 48000)`, then per quantum
 * `process(inputFrames, 128)` with inputFrames = 128·speed (fractions carried), after
 * `setTransposeSemitones(semitones, 8000 Hz tonality limit)` (the node's defaults). We do not use the
 * node's buffer mode: it seeks on every block (see STRETCH.md), which is not streaming.
 * Latency is compensated before the timed run with the module's own figures: the stream is run
 * ahead by inputLatency/speed + outputLatency output frames, which are discarded; the output is
 * then on the timeline, and that run-ahead is the stream latency drive.ts reports.
 *
 * Thread: the benchmark's main thread only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { QUANTUM, SAMPLE_RATE, type Semitones, type Stereo } from '../types.js';
import { SourceCursor, type Engine } from './engine.js';

const require = createRequire(import.meta.url);
const BUFFER = 1024; // frames per channel in the module's I/O buffers (≥ 128 × max speed)
const TONALITY_HZ = 8000;

/** The C API the package's processor calls (names as exported by its Emscripten build). */
interface StretchModule {
  HEAP8?: Int8Array;
  exports?: { memory: WebAssembly.Memory };
  _main(argc: number, argv: number): void;
  _presetDefault(channels: number, sampleRate: number): void;
  _setBuffers(channels: number, length: number): number;
  _setTransposeSemitones(semitones: number, tonalityLimit: number): void;
  _inputLatency(): number;
  _outputLatency(): number;
  _process(inputSamples: number, outputSamples: number): void;
}

type ProcessorClass = new (options: object) => { wasmModule: StretchModule | null; wasmReady: boolean };
let processorClass: Promise<ProcessorClass> | null = null;

function loadProcessorClass(): Promise<ProcessorClass> {
  processorClass ??= (async () => {
    const g = globalThis as Record<string, unknown>;
    let captured: ProcessorClass | null = null;
    g.AudioWorkletProcessor = class {
      port = { postMessage(): void {}, onmessage: null };
    };
    g.registerProcessor = (_name: string, cls: ProcessorClass) => { captured = cls; };
    g.sampleRate = SAMPLE_RATE;
    g.currentTime = 0;
    await import('signalsmith-stretch');
    // The processor reads sampleRate/currentTime whenever it is constructed: those two stay.
    for (const key of ['AudioWorkletProcessor', 'registerProcessor']) delete g[key];
    if (!captured) throw new Error('signalsmith-stretch did not register its processor');
    return captured;
  })();
  return processorClass;
}

async function freshModule(): Promise<StretchModule> {
  const Processor = await loadProcessorClass();
  const proc = new Processor({ numberOfOutputs: 1, outputChannelCount: [2] });
  for (let i = 0; i < 200 && !proc.wasmReady; i++) await new Promise((r) => setTimeout(r, 5));
  if (!proc.wasmModule) throw new Error('signalsmith-stretch: wasm module did not load');
  return proc.wasmModule;
}

export function signalsmith(): Engine {
  const version = (JSON.parse(readFileSync(`${dirname(require.resolve('signalsmith-stretch'))}/package.json`, 'utf8')) as { version: string }).version;
  let m: StretchModule;
  let ptr = 0;
  let views: { buffer: ArrayBufferLike; inL: Float32Array; inR: Float32Array; outL: Float32Array; outR: Float32Array } | null = null;
  let cursor: SourceCursor;
  let speed = 1;
  let position = 0; // source frames consumed, fractional
  let semis = 0;

  const memory = (): ArrayBufferLike => (m.exports ? m.exports.memory.buffer : m.HEAP8!.buffer);
  const io = () => {
    const buffer = memory();
    if (!views || views.buffer !== buffer) {
      const f = (i: number) => new Float32Array(buffer, ptr + BUFFER * 4 * i, BUFFER);
      views = { buffer, inL: f(0), inR: f(1), outL: f(2), outR: f(3) };
    }
    return views;
  };

  /** One process() call: `frames` output frames for the input the timeline advances meanwhile. */
  const step = (frames: number, left: Float32Array, right: Float32Array): void => {
    const next = position + frames * speed;
    const n = Math.floor(next) - Math.floor(position);
    position = next;
    const v = io();
    cursor.read(n, v.inL, v.inR);
    m._process(n, frames);
    const w = io();
    left.set(w.outL.subarray(0, frames));
    right.set(w.outR.subarray(0, frames));
  };

  return {
    id: 'signalsmith',
    label: `Signalsmith Stretch, signalsmith-stretch ${version}`,
    notes: 'presetDefault (120 ms blocks, 30 ms interval, no split computation), tonality limit 8 kHz; '
      + 'process(128·speed input frames, 128 output frames) per quantum; its input+output latency run ahead and discarded (untimed)',
    unsupported: () => null,
    unsupportedAutomation: () => null,

    async start(source: Stereo, s: number, semitones: Semitones): Promise<void> {
      m = await freshModule();
      m._presetDefault(2, SAMPLE_RATE);
      ptr = m._setBuffers(2, BUFFER);
      views = null;
      m._setTransposeSemitones(semitones, TONALITY_HZ / SAMPLE_RATE);
      cursor = new SourceCursor(source);
      speed = s;
      semis = semitones;
      position = 0;
      // Run ahead by the module's own latency and discard it (untimed priming).
      const ahead = Math.round(m._inputLatency() / speed + m._outputLatency());
      const scratch = new Float32Array(QUANTUM);
      for (let done = 0; done < ahead; done += QUANTUM) {
        const n = Math.min(QUANTUM, ahead - done);
        step(n, scratch, scratch);
      }
    },

    set(s: number, semitones: Semitones): void {
      speed = s;
      if (semitones !== semis) m._setTransposeSemitones(semitones, TONALITY_HZ / SAMPLE_RATE);
      semis = semitones;
    },

    render(left: Float32Array, right: Float32Array): void {
      step(QUANTUM, left, right);
    },

    consumed: () => cursor.position,
    reportedLatency: () => m._inputLatency() / speed + m._outputLatency(),
    stop(): void {},
  };
}
