/**
 * The engines under test, by id (`--engines=` takes these). Peers first, Backline last.
 * Thread: the benchmark's main thread only.
 */
import { backline } from './backline.js';
import type { Engine } from './engine.js';
import { rubberband } from './rubberband.js';
import { signalsmith } from './signalsmith.js';
import { soundtouch } from './soundtouch.js';

export const ENGINES: Record<string, () => Engine> = {
  'rubberband-r3': () => rubberband('r3'),
  'rubberband-r2': () => rubberband('r2'),
  signalsmith,
  soundtouch,
  backline,
};

export type { Engine };
