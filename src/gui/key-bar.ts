/**
 * The key row: transpose by semitones (− / + steppers), fine-tune in cents, and the key that
 * results ("A minor → B minor"). Renders from the snapshot's `semitones` and `cents` parameters;
 * drums, percussion and click keep their pitch unless their row says otherwise. Thread: main.
 */
import { CENTS_MAX, CENTS_MIN, SEMITONES_MAX, SEMITONES_MIN } from '../shared/params.js';
import { transposeKey } from '../shared/key.js';
import type { BacklineView, ViewState } from '../shared/view.js';
import { h, Scope, TextSlot } from './dom.js';

/** "+2 st", "−3 st", "0 st". */
export function formatSemitones(semitones: number): string {
  const n = Math.round(semitones) || 0;
  return `${n > 0 ? '+' : n < 0 ? '\u2212' : ''}${Math.abs(n)} st`;
}

/** "+15 ct", "−7 ct", "0 ct". */
export function formatCents(cents: number): string {
  const n = Math.round(cents) || 0;
  return `${n > 0 ? '+' : n < 0 ? '\u2212' : ''}${Math.abs(n)} ct`;
}

/** "A minor", "A minor → B minor", "A minor, an octave down". */
export function keyLabel(key: string, semitones: number): string {
  if (!semitones) return key;
  if (semitones % 12 === 0) return `${key}, ${Math.abs(semitones) === 12 ? 'an octave' : `${Math.abs(semitones) / 12} octaves`} ${semitones > 0 ? 'up' : 'down'}`;
  return `${key} \u2192 ${transposeKey(key, semitones)}`;
}

export class KeyBar {
  readonly root: HTMLElement;
  readonly #down: HTMLButtonElement;
  readonly #up: HTMLButtonElement;
  readonly #cents: HTMLInputElement;
  readonly #semitoneText = new TextSlot();
  readonly #centsText = new TextSlot();
  readonly #keyText = new TextSlot();
  #semitones = 0;

  constructor(scope: Scope, view: BacklineView) {
    this.#down = h('button', { type: 'button', class: 'icon-button step', 'aria-label': 'Transpose down a semitone', title: 'Down a semitone' }, '\u2212');
    this.#up = h('button', { type: 'button', class: 'icon-button step', 'aria-label': 'Transpose up a semitone', title: 'Up a semitone' }, '+');
    // Read with the steppers (their group is named "Key"); not a live region, which would compete with the sync status.
    const readout = h('span', { class: 'semitones' }, this.#semitoneText.node);
    this.#cents = h('input', {
      type: 'range', class: 'cents-input', min: CENTS_MIN, max: CENTS_MAX, step: 1, value: 0,
      'aria-label': 'Fine tune in cents', title: 'Fine tune (double-click: 0)',
    });
    this.root = h('div', { class: 'keyrow', role: 'group', 'aria-label': 'Key' },
      h('span', { class: 'sync-label', 'aria-hidden': 'true' }, 'Key'),
      this.#down, readout, this.#up,
      h('span', { class: 'sync-label', 'aria-hidden': 'true' }, 'Fine'),
      this.#cents,
      h('span', { class: 'cents-readout', 'aria-hidden': 'true' }, this.#centsText.node),
      h('span', { class: 'key-name', title: 'The key the song plays in' }, this.#keyText.node));

    const step = (delta: number) => {
      const next = Math.min(SEMITONES_MAX, Math.max(SEMITONES_MIN, this.#semitones + delta));
      if (next !== this.#semitones) view.setParameter('semitones', next);
    };
    scope.on(this.#down, 'click', () => step(-1));
    scope.on(this.#up, 'click', () => step(1));
    scope.on(this.#cents, 'input', () => view.setParameter('cents', Number(this.#cents.value)));
    scope.on(this.#cents, 'dblclick', () => view.setParameter('cents', 0));
  }

  update(snapshot: ViewState): void {
    const semitones = Math.round(snapshot.params.semitones ?? 0);
    const cents = snapshot.params.cents ?? 0;
    this.#semitones = semitones;
    this.#semitoneText.set(formatSemitones(semitones));
    this.#centsText.set(formatCents(cents));
    const text = String(Math.round(cents));
    if (this.#cents.value !== text) this.#cents.value = text;
    this.#down.disabled = semitones <= SEMITONES_MIN;
    this.#up.disabled = semitones >= SEMITONES_MAX;
    const key = snapshot.track?.key;
    this.#keyText.set(key ? keyLabel(key, semitones) : '');
  }
}
