/**
 * What the AudioWorkletGlobalScope provides (no TypeScript lib declares it). Shared by the
 * processor's own tsconfig (no DOM) and the root one (tests drive the processor in Node).
 */
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}
declare function registerProcessor(name: string, processorCtor: new (options: any) => AudioWorkletProcessor): void;
declare const currentFrame: number;
declare const currentTime: number;
declare const sampleRate: number;
