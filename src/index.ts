/**
 * Backline, a WAM v2 plugin: the module class a host imports from `dist/index.js`.
 * @example
 * const { default: Backline } = await import('https://example.com/backline/index.js');
 * const instance = await Backline.createInstance(hostGroupId, audioContext);
 * instance.audioNode.connect(audioContext.destination);
 * await instance.audioNode.loadTrack('https://example.com/song/backline.json');
 */
import { WebAudioModule } from '@webaudiomodules/sdk';
import descriptor from '../descriptor.json';
import { BacklineNode } from './node.js';
import { createBacklineGui, type BacklineGuiElement } from './gui/index.js';

/** The engine's bytes, fetched once per page (relative to this module, so it works cross-origin). */
let wasmBytes: Promise<ArrayBuffer> | null = null;
function loadWasmBytes(): Promise<ArrayBuffer> {
  wasmBytes ??= fetch(new URL('./backline.wasm', import.meta.url)).then((response) => {
    if (!response.ok) throw new Error(`Backline could not load its engine (backline.wasm: HTTP ${response.status})`);
    return response.arrayBuffer();
  });
  wasmBytes.catch(() => { wasmBytes = null; });
  return wasmBytes;
}

export default class Backline extends WebAudioModule<BacklineNode> {
  constructor(groupId: string, audioContext: BaseAudioContext) {
    super(groupId, audioContext);
    // The descriptor ships inside the bundle: no fetch, and a stable identifier from the start.
    Object.assign(this._descriptor, descriptor);
  }

  override async createAudioNode(initialState?: unknown): Promise<BacklineNode> {
    const bytes = await loadWasmBytes();
    await BacklineNode.addModules(this.audioContext, this.moduleId);
    const node = new BacklineNode(this, bytes.slice(0));
    await node._initialize();
    if (initialState) await node.setState(initialState);
    return node;
  }

  /** The SDK's base `initialize` drops the initial state; pass it on. */
  override async initialize(state?: unknown): Promise<this> {
    if (!this._audioNode) this.audioNode = await this.createAudioNode(state);
    this.initialized = true;
    return this;
  }

  override async createGui(): Promise<BacklineGuiElement> {
    return createBacklineGui(this.audioNode);
  }

  override destroyGui(gui: Element): void {
    (gui as BacklineGuiElement).dispose?.();
  }
}

export { BacklineNode };
export type { TrackDescription, StemDescription } from './shared/track.js';
export type { BacklineState } from './state.js';
