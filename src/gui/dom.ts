/**
 * Small DOM helpers for the GUI: element creation, change-only writes, and a scope that releases
 * every listener and callback it registered. Text from files goes in through `textContent` /
 * Text nodes only; there is no innerHTML anywhere in the GUI.
 */

type Attrs = Record<string, string | number | boolean | undefined>;

/** Create an element with attributes (`true` → empty attribute, `false`/undefined → omitted) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  el.append(...children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A decorative inline SVG icon from path data (hidden from assistive technology). */
export function icon(pathData: string, className = 'icon'): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', className);
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', pathData);
  svg.append(path);
  return svg;
}

/** A Text node that is only written when its text changes (no needless style/layout work). */
export class TextSlot {
  readonly node: Text = document.createTextNode('');
  set(text: string): void {
    if (this.node.data !== text) this.node.data = text;
  }
  get text(): string {
    return this.node.data;
  }
}

/** Set an attribute only when it differs. */
export function setAttr(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Toggle the `hidden` attribute only when it differs. */
export function setHidden(el: HTMLElement, hidden: boolean): void {
  if (el.hidden !== hidden) el.hidden = hidden;
}

/** Toggle a class only when it differs. */
export function setClass(el: Element, name: string, on: boolean): void {
  if (el.classList.contains(name) !== on) el.classList.toggle(name, on);
}

/**
 * Everything one mounted GUI registered: DOM listeners (through one AbortSignal), subscriptions,
 * observers, animation frames. `dispose()` releases all of it; it is idempotent.
 */
export class Scope {
  readonly #abort = new AbortController();
  readonly #cleanups: (() => void)[] = [];

  get disposed(): boolean {
    return this.#abort.signal.aborted;
  }

  /** addEventListener, removed on dispose. */
  on<T extends EventTarget>(target: T, type: string, listener: (event: any) => void, options: AddEventListenerOptions = {}): void {
    if (this.disposed) return;
    target.addEventListener(type, listener, { ...options, signal: this.#abort.signal });
  }

  /** Run `cleanup` on dispose (last registered runs first). */
  add(cleanup: () => void): void {
    if (this.disposed) cleanup();
    else this.#cleanups.push(cleanup);
  }

  dispose(): void {
    if (this.disposed) return;
    this.#abort.abort();
    for (const cleanup of this.#cleanups.splice(0).reverse()) {
      try {
        cleanup();
      } catch (error) {
        console.error('backline-gui: cleanup failed', error);
      }
    }
  }
}

/**
 * One pending requestAnimationFrame at most, cancelled by `cancel()` and on scope dispose.
 * Calls the global requestAnimationFrame at request time (so tests can count frames).
 */
export class FrameLoop {
  #id: number | null = null;
  readonly #tick: () => void;
  readonly #scope: Scope;

  constructor(scope: Scope, tick: () => void) {
    this.#tick = tick;
    this.#scope = scope;
    scope.add(() => this.cancel());
  }

  get running(): boolean {
    return this.#id !== null;
  }

  request(): void {
    if (this.#id !== null || this.#scope.disposed) return;
    this.#id = requestAnimationFrame(() => {
      this.#id = null;
      this.#tick();
    });
  }

  cancel(): void {
    if (this.#id === null) return;
    cancelAnimationFrame(this.#id);
    this.#id = null;
  }
}
