/**
 * Worklet entry (bundled to dist/processor.js and added with audioWorklet.addModule): defines
 * Backline's processor on top of the SDK's WamProcessor and registers it once per context under
 * the plugin's identifier, which is also its moduleId.
 */
import descriptor from '../../descriptor.json';
import { defineBacklineProcessor } from './processor.js';
import type { WamEnvScope } from './sdk-types.js';

const scope = (globalThis as unknown as WamEnvScope).webAudioModules.getModuleScope(descriptor.identifier);
if (!scope.BacklineProcessor) {
  const processorClass = defineBacklineProcessor(scope);
  scope.BacklineProcessor = processorClass;
  try {
    registerProcessor(descriptor.identifier, processorClass as unknown as new (options: any) => AudioWorkletProcessor);
  } catch {
    // Already registered in this context by an earlier load of this file: the first class serves.
  }
}
