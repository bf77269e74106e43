/**
 * Owns one engine instance: instantiation from a compiled module, typed access to its exports,
 * and the copies between worklet buffers and wasm memory.
 * Thread: audio thread. `render` allocates nothing; views are rebuilt only after memory grew
 * (which happens only in `trackReserve`, from the message handler).
 */
import { warmEngineCalls, type EngineExports } from '../shared/engine-abi.js';
import { MAX_BLOCK_FRAMES } from '../shared/constants.js';

export class EngineHost {
  readonly engine: EngineExports;
  private heapF32!: Float32Array;
  private heapI16!: Int16Array;
  private viewsOf: ArrayBuffer | null = null;
  private readonly inL: number;
  private readonly inR: number;
  private readonly outL: number;
  private readonly outR: number;
  private readonly clickL: number;
  private readonly clickR: number;

  constructor(module: WebAssembly.Module, sampleRate: number) {
    this.engine = new WebAssembly.Instance(module, importsFor(module) as never).exports as unknown as EngineExports;
    this.engine.configure(sampleRate, MAX_BLOCK_FRAMES);
    // Before any render: V8 would otherwise compile export wrappers inside the 1,000th call.
    warmEngineCalls(this.engine);
    this.inL = this.engine.inputPtr(0) >> 2;
    this.inR = this.engine.inputPtr(1) >> 2;
    this.outL = this.engine.outputPtr(0) >> 2;
    this.outR = this.engine.outputPtr(1) >> 2;
    this.clickL = this.engine.outputPtr(2) >> 2;
    this.clickR = this.engine.outputPtr(3) >> 2;
    this.refreshViews();
  }

  /** Rebuild the typed views if memory grew (a grown memory detaches the old buffer). */
  private refreshViews(): void {
    const buffer = this.engine.memory.buffer;
    if (buffer === this.viewsOf) return;
    this.heapF32 = new Float32Array(buffer);
    this.heapI16 = new Int16Array(buffer);
    this.viewsOf = buffer;
  }

  /** Copy int16 PCM into the engine at byte offset `ptr` + `offsetValues` values. */
  writePcm(ptr: number, offsetValues: number, data: Int16Array): void {
    this.refreshViews();
    this.heapI16.set(data, (ptr >> 1) + offsetValues);
  }

  /**
   * Render frames [start, end) of the worklet quantum. `input`/`output` are the worklet's channel
   * arrays; a missing input channel counts as silence, a mono input feeds both sides. `click` is the
   * node's second output (the click's own, docs/practice.md), if it has one: silent unless the click
   * is routed there.
   */
  render(
    contextFrame: number, start: number, end: number, input: Float32Array[] | undefined, output: Float32Array[],
    click?: Float32Array[],
  ): void {
    this.refreshViews();
    const heap = this.heapF32;
    const n = end - start;
    const inLeft = input && input.length > 0 ? input[0] : null;
    const inRight = input && input.length > 1 ? input[1] : inLeft;
    for (let i = 0; i < n; i++) {
      heap[this.inL + i] = inLeft ? inLeft[start + i] : 0;
      heap[this.inR + i] = inRight ? inRight[start + i] : 0;
    }
    this.engine.process(contextFrame, n);
    const left = output[0];
    const right = output.length > 1 ? output[1] : null;
    for (let i = 0; i < n; i++) {
      left[start + i] = heap[this.outL + i];
      if (right) right[start + i] = heap[this.outR + i];
    }
    if (!click || click.length === 0 || this.clickL === 0) return;
    const clickLeft = click[0];
    const clickRight = click.length > 1 ? click[1] : null;
    for (let i = 0; i < n; i++) {
      clickLeft[start + i] = heap[this.clickL + i];
      if (clickRight) clickRight[start + i] = heap[this.clickR + i];
    }
  }
}

/** Imports for whatever the AssemblyScript module asks for: `abort` traps, anything else is inert. */
function importsFor(module: WebAssembly.Module): Record<string, Record<string, unknown>> {
  const imports: Record<string, Record<string, unknown>> = {};
  for (const entry of WebAssembly.Module.imports(module)) {
    if (entry.kind !== 'function') continue;
    imports[entry.module] ??= {};
    imports[entry.module][entry.name] = entry.name === 'abort'
      ? () => { throw new Error('engine abort'); }
      : entry.name === 'seed' ? () => 0x5eed : () => 0;
  }
  return imports;
}
