/**
 * One stem: colour swatch, name, role, Mute/Solo toggles, gain fader, waveform.
 * Built once per track; `update(params, anySolo)` renders parameter state from the snapshot.
 * Names come from files and manifests: they go in as text only.
 */
import { stemParamId } from '../shared/params.js';
import type { StemDescription } from '../shared/track.js';
import type { BacklineView } from '../shared/view.js';
import { h, setAttr, setClass, Scope } from './dom.js';
import { isOn } from './format.js';
import { GainSlider } from './gain-slider.js';
import type { Waveforms } from './waveform.js';

export interface StemRowDeps {
  scope: Scope;
  view: BacklineView;
  waveforms: Waveforms;
  /** Seek to a fraction of the song (a click on a waveform). */
  seekFraction(fraction: number): void;
  /** Loop drags on the lane (the timeline's, so every lane and the ruler agree). */
  bindDrag(scope: Scope, lane: HTMLElement, click: (fraction: number) => void): void;
}

export class StemRow {
  readonly root: HTMLLIElement;
  readonly #mute: HTMLButtonElement;
  readonly #solo: HTMLButtonElement;
  readonly #transpose: HTMLButtonElement;
  readonly #gain: GainSlider;
  readonly #ids: { mute: string; solo: string; gain: string };
  /** The lane's playhead, moved by the app with the others (a transform: no layout). */
  readonly playhead: HTMLElement;

  constructor(stem: StemDescription, { scope, view, waveforms, seekFraction, bindDrag }: StemRowDeps) {
    const ids = (this.#ids = {
      mute: stemParamId(stem.slot, 'Mute'),
      solo: stemParamId(stem.slot, 'Solo'),
      gain: stemParamId(stem.slot, 'Gain'),
    });
    const name = stem.name;

    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.backgroundColor = stem.color; // an invalid colour is ignored; CSS keeps the default
    const nameEl = h('span', { class: 'stem-name' }, name);
    nameEl.title = name;
    const ident = h('div', { class: 'ident' }, swatch, h('div', { class: 'ident-text' }, nameEl, h('span', { class: 'stem-role' }, stem.role)));

    const key = stem.slot <= 9 ? String(stem.slot) : undefined;
    this.#mute = h('button', {
      type: 'button', class: 'toggle mute', 'aria-pressed': 'false', 'aria-label': `Mute ${name}`,
      'aria-keyshortcuts': key, title: key ? `Mute ${name} (${key})` : `Mute ${name}`,
    }, 'M');
    this.#solo = h('button', { type: 'button', class: 'toggle solo', 'aria-pressed': 'false', 'aria-label': `Solo ${name}`, title: `Solo ${name}` }, 'S');
    // Pressed: the stem follows the song's transposition (drums and click do not, by default).
    this.#transpose = h('button', {
      type: 'button', class: 'toggle transpose', 'aria-pressed': String(!stem.keepsPitch), 'aria-label': `Transpose ${name}`,
    }, '\u266f');
    this.#setTransposeTitle(name, !stem.keepsPitch);
    const toggles = h('div', { class: 'toggles' }, this.#mute, this.#solo, this.#transpose);

    this.#gain = new GainSlider(scope, {
      label: `${name} gain`,
      className: 'stem-gain',
      onChange: (db) => view.setParameter(ids.gain, db),
    });

    const canvas = h('img', { class: 'wave-img', alt: '', 'aria-hidden': 'true', draggable: 'false' });
    this.playhead = h('div', { class: 'playhead', 'aria-hidden': 'true' });
    const band = h('div', { class: 'loop-band', 'aria-hidden': 'true' });
    const wave = h('div', { class: 'wave', title: 'Click: go here. Drag: loop these bars' }, canvas, band, this.playhead);
    waveforms.add(canvas, stem.peaks, stem.color);

    this.root = h('li', { class: 'stem' }, ident, toggles, this.#gain.root, wave);

    // The pressed state shown is the snapshot's, never toggled locally: click asks, the snapshot answers.
    const toggle = (button: HTMLButtonElement, id: string) => () =>
      view.setParameter(id, button.getAttribute('aria-pressed') === 'true' ? 0 : 1);
    scope.on(this.#mute, 'click', toggle(this.#mute, ids.mute));
    scope.on(this.#solo, 'click', toggle(this.#solo, ids.solo));
    scope.on(this.#transpose, 'click', () => view.setStemKeepsPitch(this.#stemId, this.#transpose.getAttribute('aria-pressed') === 'true'));
    this.#stemId = stem.id;
    this.#name = name;
    bindDrag(scope, wave, seekFraction);
  }

  /** Render parameter state; `anySolo` dims stems that a solo elsewhere silences. */
  update(params: Readonly<Record<string, number>>, anySolo: boolean): void {
    const muted = isOn(params[this.#ids.mute]);
    const soloed = isOn(params[this.#ids.solo]);
    setAttr(this.#mute, 'aria-pressed', String(muted));
    setAttr(this.#solo, 'aria-pressed', String(soloed));
    setClass(this.root, 'silenced', muted || (anySolo && !soloed));
    this.#gain.update(params[this.#ids.gain] ?? 0);
  }

  readonly #stemId: string;
  readonly #name: string;

  /** The stem's details changed (same stem): its transposition setting. */
  updateStem(stem: StemDescription): void {
    setAttr(this.#transpose, 'aria-pressed', String(!stem.keepsPitch));
    this.#setTransposeTitle(this.#name, !stem.keepsPitch);
  }

  #setTransposeTitle(name: string, follows: boolean): void {
    this.#transpose.title = follows ? `${name} follows the song's key` : `${name} keeps its pitch when the song is transposed`;
  }

  get soloId(): string {
    return this.#ids.solo;
  }
}
