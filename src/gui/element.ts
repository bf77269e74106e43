/**
 * The `<backline-gui>` custom element: lifecycle only. Rendering lives in app.ts.
 *
 * Lifecycle: the GUI mounts (subscribes, builds its shadow tree) when it is connected and has a
 * view, and unmounts (releases every listener, subscription, observer and animation frame) when it
 * is disconnected or disposed. A disconnected element that was not disposed mounts again when it
 * is re-inserted (hosts that move plugin windows around keep a working GUI); after `dispose()` it
 * stays empty for good.
 */
import type { BacklineView } from '../shared/view.js';
import { mountGui, type MountedGui } from './app.js';
import { adoptStyles } from './styles.js';

export const TAG_NAME = 'backline-gui';

/** What `createBacklineGui` returns. */
export interface BacklineGuiElement extends HTMLElement {
  /** The instance this GUI shows (null before it is attached). */
  readonly view: BacklineView | null;
  /** Attach the view (once). Called by `createBacklineGui`. */
  attachView(view: BacklineView): void;
  /** Release every listener, subscription and animation frame; the element stays inert. Idempotent. */
  dispose(): void;
}

export class BacklineGui extends HTMLElement implements BacklineGuiElement {
  #view: BacklineView | null = null;
  #mounted: MountedGui | null = null;
  #disposed = false;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    adoptStyles(root);
  }

  get view(): BacklineView | null {
    return this.#view;
  }

  attachView(view: BacklineView): void {
    if (this.#view && this.#view !== view) throw new Error('backline-gui: a view is already attached');
    this.#view = view;
    this.#mountIfReady();
  }

  connectedCallback(): void {
    this.#mountIfReady();
  }

  disconnectedCallback(): void {
    this.#unmount();
  }

  dispose(): void {
    this.#disposed = true;
    this.#unmount();
  }

  #mountIfReady(): void {
    if (this.#mounted || this.#disposed || !this.#view || !this.isConnected) return;
    this.#mounted = mountGui(this.shadowRoot!, this.#view);
  }

  #unmount(): void {
    const mounted = this.#mounted;
    this.#mounted = null;
    mounted?.destroy();
  }
}

/**
 * Register `<backline-gui>` unless a Backline bundle already did (the plugin may be loaded twice
 * on one page, and a tag can be defined only once). Returns the registered class.
 */
export function defineBacklineGui(): CustomElementConstructor {
  const existing = customElements.get(TAG_NAME);
  if (existing) return existing;
  customElements.define(TAG_NAME, BacklineGui);
  return BacklineGui;
}
