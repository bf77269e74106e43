/**
 * A dB fader: `<input type=range>` −60…+12 dB in 0.5 dB steps with a readout ("−∞" at the bottom).
 * The shown value always comes from the snapshot (`update`), except while the pointer holds the
 * thumb, so a slow round trip through the node cannot yank the thumb back mid-drag.
 * Double-click, or Delete/Backspace, resets to 0 dB.
 */
import { GAIN_MAX_DB, GAIN_MIN_DB } from '../shared/params.js';
import type { Decibels } from '../shared/units.js';
import { h, setAttr, Scope, TextSlot } from './dom.js';
import { formatDb, formatDbSpoken } from './format.js';

export const GAIN_STEP_DB = 0.5;

export interface GainSliderOptions {
  /** Accessible name, e.g. "Drums gain". */
  label: string;
  className?: string;
  /** Range in dB (default −60…+12); the bottom is shown as −∞. */
  min?: Decibels;
  max?: Decibels;
  /** The user moved the fader (dB, on the 0.5 dB grid). */
  onChange(db: Decibels): void;
}

export class GainSlider {
  readonly root: HTMLElement;
  readonly input: HTMLInputElement;
  readonly #readout = new TextSlot();
  #dragging = false;
  #value: Decibels = 0;
  #shown: Decibels | null = null;
  readonly #min: Decibels;
  readonly #max: Decibels;

  constructor(scope: Scope, { label, className = '', min = GAIN_MIN_DB, max = GAIN_MAX_DB, onChange }: GainSliderOptions) {
    this.#min = min;
    this.#max = max;
    this.input = h('input', {
      type: 'range',
      class: 'gain-input',
      min,
      max,
      step: GAIN_STEP_DB,
      value: 0,
      'aria-label': label,
      'aria-keyshortcuts': 'Delete',
      title: `${label} (double-click: 0 dB)`,
    });
    const readout = h('span', { class: 'gain-readout', 'aria-hidden': 'true' }, this.#readout.node, h('span', { class: 'unit' }, ' dB'));
    this.root = h('div', { class: `gain ${className}`.trim() }, this.input, readout);

    const input = this.input;
    scope.on(input, 'input', () => {
      const db = Number(input.value);
      this.#show(db);
      onChange(db);
    });
    scope.on(input, 'dblclick', () => {
      this.#show(0);
      onChange(0);
    });
    scope.on(input, 'keydown', (e: KeyboardEvent) => {
      if (e.key !== 'Delete' && e.key !== 'Backspace') return;
      e.preventDefault();
      this.#show(0);
      onChange(0);
    });
    scope.on(input, 'pointerdown', () => { this.#dragging = true; });
    const release = () => {
      if (!this.#dragging) return;
      this.#dragging = false;
      this.update(this.#value);
    };
    scope.on(input, 'pointerup', release);
    scope.on(input, 'pointercancel', release);
    scope.on(input, 'lostpointercapture', release);
    this.update(0);
  }

  /** Show the snapshot's value (denormalized dB). */
  update(db: Decibels): void {
    this.#value = Number.isFinite(db) ? db : this.#min;
    if (this.#dragging) return;
    this.#show(this.#value);
  }

  #show(db: Decibels): void {
    if (db === this.#shown) return;
    this.#shown = db;
    const clamped = Math.min(this.#max, Math.max(this.#min, db));
    const text = String(clamped);
    if (this.input.value !== text) this.input.value = text;
    this.#readout.set(formatDb(db));
    setAttr(this.input, 'aria-valuetext', formatDbSpoken(db));
  }
}
