/**
 * Rubber Band Library via the `rubberband-wasm` package (its own JS wrapper, RubberBandInterface),
 * real-time mode, single-threaded: R3 ("finer") or R2 ("faster"). Driven as a file player would:
 * each quantum feeds the source in the sizes Rubber Band asks for (`get_samples_required`) until 128
 * frames are available, then retrieves 128. Time ratio = 1/speed, pitch scale = 2^(semitones/12).
 * Latency is compensated the documented way, before the timed run: `get_preferred_start_pad()`
 * frames of silence go in first and `get_start_delay()` output frames are discarded. Without that,
 * the output is 15–28 ms early or late depending on the ratio. How far ahead of the timeline the
 * source had to be fed is reported as the stream latency (drive.ts).
 *
 * Thread: the benchmark's main thread only.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RubberBandInterface, RubberBandOption } from 'rubberband-wasm';
import { QUANTUM, SAMPLE_RATE, type Semitones, type Stereo } from '../types.js';
import { SourceCursor, type Engine } from './engine.js';

const require = createRequire(import.meta.url);
const MAX_FEED = 4096;

let compiled: Promise<WebAssembly.Module> | null = null;
function wasmModule(): Promise<WebAssembly.Module> {
  compiled ??= WebAssembly.compile(readFileSync(require.resolve('rubberband-wasm/dist/rubberband.wasm')));
  return compiled;
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

export function rubberband(kind: 'r3' | 'r2'): Engine {
  const options = RubberBandOption.RubberBandOptionProcessRealTime
    | RubberBandOption.RubberBandOptionThreadingNever
    | (kind === 'r3' ? RubberBandOption.RubberBandOptionEngineFiner : RubberBandOption.RubberBandOptionEngineFaster);
  let api: RubberBandInterface;
  let state = 0;
  let inPtrs = 0, outPtrs = 0;
  const inBuf = [0, 0];
  const outBuf = [0, 0];
  let cursor: SourceCursor;
  const chunkL = new Float32Array(MAX_FEED);
  const chunkR = new Float32Array(MAX_FEED);

  /** One process() call with as much source as Rubber Band asks for (128 if it asks for none). */
  const feed = (): void => {
    const required = api.rubberband_get_samples_required(state);
    const n = Math.min(MAX_FEED, required > 0 ? required : QUANTUM);
    cursor.read(n, chunkL, chunkR);
    api.memWrite(inBuf[0], chunkL.subarray(0, n));
    api.memWrite(inBuf[1], chunkR.subarray(0, n));
    api.rubberband_process(state, inPtrs, n, 0);
  };

  return {
    id: `rubberband-${kind}`,
    label: `Rubber Band ${kind === 'r3' ? 'R3 (finer)' : 'R2 (faster)'}, rubberband-wasm ${packageVersion('rubberband-wasm')}`,
    notes: `RealTime | ThreadingNever | Engine${kind === 'r3' ? 'Finer' : 'Faster'}, other options default; `
      + 'input fed as get_samples_required() asks until 128 frames are available; start pad and start delay compensated (untimed)',
    unsupported: () => null,
    unsupportedAutomation: () => null,

    async start(source: Stereo, speed: number, semitones: Semitones): Promise<void> {
      api = await RubberBandInterface.initialize(await wasmModule()); // a fresh instance per run
      state = api.rubberband_new(SAMPLE_RATE, 2, options, 1 / speed, Math.pow(2, semitones / 12));
      api.rubberband_set_max_process_size(state, MAX_FEED);
      inPtrs = api.malloc(8);
      outPtrs = api.malloc(8);
      for (let c = 0; c < 2; c++) {
        inBuf[c] = api.malloc(MAX_FEED * 4);
        outBuf[c] = api.malloc(QUANTUM * 4);
        api.memWritePtr(inPtrs + 4 * c, inBuf[c]);
        api.memWritePtr(outPtrs + 4 * c, outBuf[c]);
      }
      // Documented latency compensation: pad the start, discard the start delay (untimed priming).
      cursor = new SourceCursor(source, -api.rubberband_get_preferred_start_pad(state));
      for (let skip = api.rubberband_get_start_delay(state), guard = 0; skip > 0 && guard < 4096; guard++) {
        if (api.rubberband_available(state) < 1) feed();
        else skip -= api.rubberband_retrieve(state, outPtrs, Math.min(QUANTUM, skip, api.rubberband_available(state)));
      }
    },

    set(speed: number, semitones: Semitones): void {
      api.rubberband_set_time_ratio(state, 1 / speed);
      api.rubberband_set_pitch_scale(state, Math.pow(2, semitones / 12));
    },

    render(left: Float32Array, right: Float32Array): void {
      for (let guard = 0; api.rubberband_available(state) < QUANTUM && guard < 64; guard++) feed();
      const got = api.rubberband_retrieve(state, outPtrs, QUANTUM);
      left.set(api.memReadF32(outBuf[0], got));
      right.set(api.memReadF32(outBuf[1], got));
      if (got < QUANTUM) {
        left.fill(0, got);
        right.fill(0, got);
      }
    },

    consumed: () => cursor.position,
    reportedLatency: () => api.rubberband_get_start_delay(state),

    stop(): void {
      api.rubberband_delete(state);
    },
  };
}
