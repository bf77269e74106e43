/**
 * The engine driven offline (CLI, tests, benchmarks): the same wasm, the same parameter mapping and
 * the same anchor math as the plugin's processor, rendering quantum by quantum into arrays.
 * Thread: the caller's (Node main thread).
 */
import type { LoadedTrack } from '../loader/index.js';
import { MAX_BLOCK_FRAMES } from '../shared/constants.js';
import { applyEngineParameter, keepsPitchByDefault } from '../shared/engine-params.js';
import type { Seconds } from '../shared/units.js';
import { EngineHost } from '../processor/engine-host.js';

export class OfflineEngine {
  private readonly host: EngineHost;
  private frames = 0;

  constructor(module: WebAssembly.Module, readonly sampleRate: number) {
    this.host = new EngineHost(module, sampleRate);
  }

  get engine() { return this.host.engine; }

  /** Copy a loaded track into the engine and make it active; stems of drum-like roles keep their pitch. */
  load(track: LoadedTrack): void {
    const { engine } = this.host;
    const { description, stems } = track;
    const channels = stems.reduce((n, stem) => n + stem.layout.channels, 0);
    if (!engine.trackReserve(description.frames, stems.length, channels)) {
      throw new Error(`Not enough memory for "${description.title}" (${stems.length} stems, ${description.duration.toFixed(1)} s).`);
    }
    stems.forEach((stem, index) => {
      const ptr = engine.trackStemSetup(index, stem.layout.channels, stem.layout.scale);
      if (!ptr) throw new Error(`The engine refused stem "${stem.description.name}".`);
      this.host.writePcm(ptr, 0, stem.pcm);
      engine.setStemKeepsPitch(index, keepsPitchByDefault(stem.description.role) ? 1 : 0);
    });
    engine.trackCommit();
    this.frames = description.frames;
  }

  setParameter(id: string, value: number): void {
    applyEngineParameter(this.host.engine, id, value);
  }

  setPitch(semitones: number, cents: number): void {
    this.host.engine.setPitch(semitones, cents);
  }

  /**
   * Render song time [from, to) at `rate` (song seconds per output second), starting on the grid:
   * the engine primes itself, so the first output sample is song time `from`. The engine's
   * start/stop fades (a few ms) shape the first and last samples, as in the plugin.
   */
  render(from: Seconds, to: Seconds, rate = 1): [Float32Array, Float32Array] {
    const { engine } = this.host;
    const end = Math.min(to, this.frames / this.sampleRate);
    const length = Math.max(0, Math.round(((end - from) * this.sampleRate) / rate));
    const left = new Float32Array(length);
    const right = new Float32Array(length);
    const block = [new Float32Array(MAX_BLOCK_FRAMES), new Float32Array(MAX_BLOCK_FRAMES)];
    // A fresh context clock per render: the anchor puts `from` at context frame 0.
    const origin = this.contextFrame;
    engine.transport(origin, from * this.sampleRate, 1, rate);
    for (let offset = 0; offset < length; offset += MAX_BLOCK_FRAMES) {
      const n = Math.min(MAX_BLOCK_FRAMES, length - offset);
      this.host.render(origin + offset, 0, n, undefined, block);
      left.set(block[0].subarray(0, n), offset);
      right.set(block[1].subarray(0, n), offset);
    }
    engine.transport(origin + length, engine.songFrameAt(origin + length), 0, rate);
    this.contextFrame = origin + length + 1_000_000; // later renders start on a clean clock
    return [left, right];
  }

  private contextFrame = 0;
}
