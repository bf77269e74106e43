/**
 * Loading progress (role=progressbar) and the error banner (role=alert, dismissable).
 * Both render from the snapshot only.
 */
import type { BacklineView, LoadProgress } from '../shared/view.js';
import { h, icon, Scope, setAttr, setHidden, TextSlot } from './dom.js';

const CLOSE_ICON = 'M4 4l8 8M12 4l-8 8';
const ALERT_ICON = 'M8 1.5l7 12.5H1zM8 6v4M8 11.5v1.2';

export class LoadingBar {
  readonly root: HTMLElement;
  readonly #label = new TextSlot();
  readonly #percent = new TextSlot();
  readonly #fill: HTMLElement;
  #shown: LoadProgress | null = null;

  constructor() {
    this.#fill = h('div', { class: 'progress-fill' });
    this.root = h(
      'div',
      { class: 'progress', role: 'progressbar', 'aria-label': 'Loading track', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': 0, hidden: true },
      h('div', { class: 'progress-text' }, h('span', { class: 'progress-label' }, this.#label.node), h('span', { class: 'progress-pct' }, this.#percent.node)),
      h('div', { class: 'progress-track' }, this.#fill),
    );
  }

  update(loading: LoadProgress | null): void {
    if (loading === this.#shown) return;
    this.#shown = loading;
    setHidden(this.root, !loading);
    if (!loading) return;
    const fraction = Number.isFinite(loading.fraction) ? Math.min(1, Math.max(0, loading.fraction)) : 0;
    const percent = Math.round(fraction * 100);
    this.#label.set(loading.label);
    this.#percent.set(`${percent}%`);
    setAttr(this.root, 'aria-valuenow', String(percent));
    setAttr(this.root, 'aria-valuetext', `${loading.label}, ${percent}%`);
    this.#fill.style.transform = `scaleX(${fraction})`;
  }
}

export class ErrorBanner {
  readonly root: HTMLElement;
  readonly #text = new TextSlot();

  constructor(scope: Scope, view: BacklineView) {
    const dismiss = h('button', { type: 'button', class: 'icon-button dismiss', 'aria-label': 'Dismiss error', title: 'Dismiss' }, icon(CLOSE_ICON));
    this.root = h(
      'div',
      { class: 'error', role: 'alert', hidden: true },
      icon(ALERT_ICON, 'icon alert-icon'),
      h('span', { class: 'error-text' }, this.#text.node),
      dismiss,
    );
    scope.on(dismiss, 'click', () => view.clearError());
  }

  update(error: string | null): void {
    setHidden(this.root, !error);
    this.#text.set(error ?? '');
  }
}
