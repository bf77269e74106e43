/**
 * Backline's GUI: `<backline-gui>`, a custom element in shadow DOM that talks only to a
 * {@link BacklineView}. See docs/gui.md.
 *
 * @example
 * // In the WebAudioModule subclass:
 * createGui() { return createBacklineGui(this.audioNode); }
 * destroyGui(gui) { gui.dispose(); }
 */
import type { BacklineView } from '../shared/view.js';
import { defineBacklineGui, TAG_NAME, type BacklineGuiElement } from './element.js';

export type { BacklineGuiElement } from './element.js';
export { defineBacklineGui, TAG_NAME } from './element.js';

/**
 * Create a GUI for `view`. It renders once inserted into a document and stays in sync with the
 * view until `dispose()` (also released while disconnected). Several GUIs may share one view.
 * Thread: main thread.
 */
export function createBacklineGui(view: BacklineView): BacklineGuiElement {
  defineBacklineGui();
  const element = document.createElement(TAG_NAME) as BacklineGuiElement;
  if (typeof element.attachView !== 'function') {
    throw new Error(`<${TAG_NAME}> is registered by something other than Backline`);
  }
  element.attachView(view);
  return element;
}
