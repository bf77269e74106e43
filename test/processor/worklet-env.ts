/**
 * Runs the real processor in Node: the SDK's worklet-side code (WamEnv, WamGroup, WamProcessor…)
 * on fake AudioWorkletGlobalScope globals, the compiled engine, and Backline's processor class.
 * Time is driven by the test: each `render()` advances currentFrame by one quantum.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WamEvent } from '@webaudiomodules/api';
import type { NodeToProcessor, ProcessorToNode, SongTiming } from '../../src/shared/messages.js';
import type { SdkModuleScope, SdkWamProcessor } from '../../src/processor/sdk-types.js';
import descriptor from '../../descriptor.json';

const sdk = (file: string) => import(`@webaudiomodules/sdk/src/${file}.js`).then((m) => m.default);

export const WASM_PATH = fileURLToPath(new URL('../../dist/backline.wasm', import.meta.url));
export const QUANTUM = 128;

interface FakeScope {
  sampleRate: number;
  currentFrame: number;
  currentTime: number;
}

export interface ProcessorRig {
  processor: SdkWamProcessor;
  scope: FakeScope;
  /** Every message the processor posted, in order. */
  posted: unknown[];
  /** Backline messages only. */
  replies(): ProcessorToNode[];
  send(message: NodeToProcessor): void;
  /** Render `quanta` quanta; returns [left, right] concatenated. `input` feeds both channels. */
  render(quanta: number, input?: (frame: number) => number): [Float32Array, Float32Array];
  /** Render with the node's two outputs (the mix and the click's own): left channels concatenated. */
  renderOutputs(quanta: number): { main: Float32Array; click: Float32Array };
  schedule(...events: WamEvent[]): void;
  /** Load a track whose stems are given as functions of the frame index (mono); 120 BPM 4/4 unless told. */
  loadTrack(stems: { name: string; frames: number; sample: (i: number) => number }[], timing?: SongTiming): void;
}

let envReady: Promise<SdkModuleScope> | null = null;
let instanceCounter = 0;

async function prepareEnvironment(sampleRate: number): Promise<SdkModuleScope> {
  const g = globalThis as Record<string, unknown>;
  g.sampleRate = sampleRate;
  g.currentFrame = 0;
  g.currentTime = 0;
  g.AudioWorkletProcessor = class {
    port = { posted: [] as unknown[], postMessage(m: unknown) { this.posted.push(m); }, onmessage: null, close() {} };
  };
  g.registerProcessor = () => {};
  const moduleId = descriptor.identifier;
  (await sdk('WamEnv'))('2.0.0');
  (await sdk('WamGroup'))('test-group', 'test-key');
  for (const name of ['RingBuffer', 'WamEventRingBuffer', 'WamArrayRingBuffer', 'WamParameter', 'WamParameterInfo', 'WamParameterInterpolator', 'WamProcessor']) {
    (await sdk(name))(moduleId);
  }
  return (g.webAudioModules as { getModuleScope(id: string): SdkModuleScope }).getModuleScope(moduleId);
}

/** A processor instance on a fresh clock. All rigs in one test file share the fake globals. */
export async function createProcessorRig(sampleRate = 48000): Promise<ProcessorRig> {
  envReady ??= prepareEnvironment(sampleRate);
  const moduleScope = await envReady;
  const { defineBacklineProcessor } = await import('../../src/processor/processor.js');
  moduleScope.BacklineProcessor ??= defineBacklineProcessor(moduleScope);
  const Processor = moduleScope.BacklineProcessor as new (options: unknown) => SdkWamProcessor;
  const g = globalThis as unknown as FakeScope;
  g.sampleRate = sampleRate;
  g.currentFrame = 0;
  g.currentTime = 0;
  const wasm = readFileSync(WASM_PATH);
  const processor = new Processor({
    processorOptions: {
      groupId: 'test-group', moduleId: descriptor.identifier, instanceId: `test-${++instanceCounter}`,
      wasmBytes: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength),
    },
  });
  processor._initialize();
  processor._initialized = true;
  const posted = ((processor as unknown as { port: unknown }).port as { posted: unknown[] }).posted;

  const rig: ProcessorRig = {
    processor,
    scope: g,
    posted,
    replies: () => posted.filter((m): m is { backline: ProcessorToNode } => typeof m === 'object' && m !== null && 'backline' in m).map((m) => m.backline),
    send: (message) => { void processor._onMessage({ data: { backline: message } } as MessageEvent); },
    schedule: (...events) => processor.scheduleEvents(...events),
    render(quanta, input) {
      const left = new Float32Array(quanta * QUANTUM);
      const right = new Float32Array(quanta * QUANTUM);
      for (let q = 0; q < quanta; q++) {
        const inL = new Float32Array(QUANTUM);
        if (input) for (let i = 0; i < QUANTUM; i++) inL[i] = input(g.currentFrame + i);
        const out = [new Float32Array(QUANTUM), new Float32Array(QUANTUM)];
        processor.process(input ? [[inL, inL]] : [[]], [out], {});
        left.set(out[0], q * QUANTUM);
        right.set(out[1], q * QUANTUM);
        g.currentFrame += QUANTUM;
        g.currentTime = g.currentFrame / g.sampleRate;
      }
      return [left, right];
    },
    renderOutputs(quanta) {
      const main = new Float32Array(quanta * QUANTUM);
      const click = new Float32Array(quanta * QUANTUM);
      for (let q = 0; q < quanta; q++) {
        const out = [new Float32Array(QUANTUM), new Float32Array(QUANTUM)];
        const second = [new Float32Array(QUANTUM), new Float32Array(QUANTUM)];
        processor.process([[]], [out, second], {});
        main.set(out[0], q * QUANTUM);
        click.set(second[0], q * QUANTUM);
        g.currentFrame += QUANTUM;
        g.currentTime = g.currentFrame / g.sampleRate;
      }
      return { main, click };
    },
    loadTrack(stems, timing = { downbeat: 0, tempoMap: [{ beat: 0, bpm: 120 }], timeSignature: [4, 4] }) {
      const frames = Math.max(...stems.map((s) => s.frames));
      const loadId = Math.floor(Math.random() * 1e6) + 1;
      const layouts = stems.map((s) => ({ channels: 1 as const, scale: 1 / 32767, name: s.name, keepsPitch: false }));
      rig.send({ type: 'track-begin', loadId, frames, stems: layouts, timing });
      stems.forEach((stem, index) => {
        const data = new Int16Array(frames);
        for (let i = 0; i < stem.frames; i++) data[i] = Math.round(stem.sample(i) * 32767);
        rig.send({ type: 'track-chunk', loadId, stem: index, offsetFrames: 0, data });
      });
      rig.send({ type: 'track-commit', loadId });
    },
  };
  return rig;
}
