/**
 * The parts of the SDK's WamProcessor (from @webaudiomodules/sdk, living in the worklet's module
 * scope) that Backline's processor extends. Declared here because the SDK ships JS with loose types,
 * and because hosts reach into these fields, so we extend the SDK class rather than re-implement it.
 */
import type {
  WamEvent, WamParameter, WamParameterConfiguration, WamParameterData, WamParameterDataMap, WamParameterInfo,
  WamParameterInfoMap, WamTransportData,
} from '@webaudiomodules/api';

export interface PendingWamEvent {
  id: number;
  event: WamEvent;
}

export interface SdkWamProcessor extends AudioWorkletProcessor {
  readonly groupId: string;
  readonly moduleId: string;
  readonly instanceId: string;
  _compensationDelay: number;
  _parameterInfo: WamParameterInfoMap;
  _parameterState: Record<string, WamParameter>;
  _eventQueue: PendingWamEvent[];
  _eventQueueRequiresSort: boolean;
  _initialized: boolean;
  _destroyed: boolean;
  _eventSabReady: boolean;
  _eventReader: { read(): WamEvent[] } | null;
  _eventWriter: { write(...events: WamEvent[]): number } | null;

  process(inputs: Float32Array[][], outputs: Float32Array[][], parameters: Record<string, Float32Array>): boolean;
  scheduleEvents(...events: WamEvent[]): void;
  emitEvents(...events: WamEvent[]): void;
  destroy(): void;
  _generateWamParameterInfo(): WamParameterInfoMap;
  _initialize(): void;
  _onMessage(message: MessageEvent): Promise<void>;
  _onTransport(data: WamTransportData): void;
  _onMidi(data: unknown): void;
  _setParameterValue(update: WamParameterData, interpolate: boolean): void;
  _setParameterValues(updates: WamParameterDataMap, interpolate: boolean): void;
  _getParameterValues(normalized: boolean, ids?: string[]): WamParameterDataMap;
  _getState(): unknown;
  _setState(state: unknown): void;
}

export type SdkWamProcessorClass = new (options: any) => SdkWamProcessor;

/** The SDK's per-module scope in the worklet (`webAudioModules.getModuleScope(moduleId)`). */
export interface SdkModuleScope {
  WamProcessor?: SdkWamProcessorClass;
  WamParameterInfo?: new (id: string, config?: WamParameterConfiguration) => WamParameterInfo;
  WamParameter?: new (info: WamParameterInfo) => WamParameter;
  BacklineProcessor?: unknown;
  /** The engine's compiled module, shared by every instance in this context. */
  backlineWasm?: WebAssembly.Module;
}

export interface WamEnvScope {
  webAudioModules: { getModuleScope(moduleId: string): SdkModuleScope };
}
