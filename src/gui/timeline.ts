/**
 * The shared bar/beat timeline above the stem lanes (docs/gui.md, "Timeline"): bar numbers on the
 * song's grid (tempo map and meters, through time-map.ts), section markers (buttons: go to the
 * section at the next bar line), the loop region, and the playhead. Every lane shares its x axis:
 * x / width = song seconds / duration.
 *
 * Dragging on the ruler or on any lane sets the loop region, snapped to whole bars (and turns the
 * loop on); a click without a drag goes to that bar (ruler) or seeks (lane). The loop band is drawn
 * by CSS from two custom properties set when the region changes, never per frame; the ruler is
 * an image drawn when the track or its size changes (see waveform.ts). Thread: main.
 */
import type { LoopRegion } from '../shared/practice.js';
import type { Section, TrackDescription } from '../shared/track.js';
import type { BacklineView, ViewState } from '../shared/view.js';
import { h, Scope, setAttr, setClass } from './dom.js';
import { isOn } from './format.js';
import { barAtSeconds, barStartSeconds } from './time-map.js';
import { Waveforms } from './waveform.js';

/** Pixels the pointer must travel before a press becomes a loop drag. */
const DRAG_THRESHOLD_PX = 4;

/** The bar after the last one that starts inside the song (a loop may end there). */
export function lastBarEnd(track: TrackDescription): number {
  return barAtSeconds(track, Math.max(0, track.duration - 1e-6)) + 1;
}

/** Each section's bars: [bar, next section's bar or the song's end). */
export function sectionRanges(track: TrackDescription): { section: Section; startBar: number; endBar: number }[] {
  const end = lastBarEnd(track);
  return track.sections.map((section, i) => ({
    section, startBar: section.bar, endBar: Math.max(section.bar + 1, track.sections[i + 1]?.bar ?? end),
  }));
}

/** The section whose bars are exactly `loop`, if any. */
export function sectionOfLoop(track: TrackDescription | null, loop: LoopRegion | null): Section | null {
  if (!track || !loop) return null;
  return sectionRanges(track).find((r) => r.startBar === loop.startBar && r.endBar === loop.endBar)?.section ?? null;
}

/** Fraction 0…1 of the song where `bar` starts. */
export function barFraction(track: TrackDescription, bar: number): number {
  if (!(track.duration > 0)) return 0;
  return Math.min(1, Math.max(0, barStartSeconds(track, bar) / track.duration));
}

export interface LoopDragOptions {
  track(): TrackDescription | null;
  /** Show a region while dragging (null: show the snapshot's again). */
  preview(loop: LoopRegion | null): void;
  /** The drag ended on this region. */
  commit(loop: LoopRegion): void;
  /** A press without a drag, at this fraction of the song. */
  click(fraction: number): void;
}

/**
 * Press and drag on `element` (spanning the whole song) to set a loop of whole bars: from the bar
 * under the press to the bar under the pointer, both included. Reads layout only on press.
 */
export function bindLoopDrag(scope: Scope, element: HTMLElement, options: LoopDragOptions): void {
  let drag: { id: number; x0: number; left: number; width: number; moved: boolean } | null = null;
  const barAt = (clientX: number): number => {
    const track = options.track()!;
    const fraction = Math.min(1, Math.max(0, (clientX - drag!.left) / drag!.width));
    return Math.max(1, Math.min(lastBarEnd(track) - 1, barAtSeconds(track, fraction * track.duration)));
  };
  const region = (clientX: number): LoopRegion => {
    const a = barAt(drag!.x0);
    const b = barAt(clientX);
    return { startBar: Math.min(a, b), endBar: Math.max(a, b) + 1 };
  };
  scope.on(element, 'pointerdown', (e: PointerEvent) => {
    if (e.button !== 0 || !options.track() || (e.target as Element).closest('button')) return;
    const box = element.getBoundingClientRect();
    if (!(box.width > 0)) return;
    drag = { id: e.pointerId, x0: e.clientX, left: box.left, width: box.width, moved: false };
    element.setPointerCapture?.(e.pointerId);
  });
  scope.on(element, 'pointermove', (e: PointerEvent) => {
    if (!drag || e.pointerId !== drag.id) return;
    if (!drag.moved && Math.abs(e.clientX - drag.x0) < DRAG_THRESHOLD_PX) return;
    drag.moved = true;
    options.preview(region(e.clientX));
  });
  const end = (e: PointerEvent, cancelled: boolean) => {
    if (!drag || e.pointerId !== drag.id) return;
    const d = drag;
    drag = null;
    if (cancelled) { options.preview(null); return; }
    if (d.moved) {
      drag = d;
      const loop = region(e.clientX);
      drag = null;
      options.preview(null);
      options.commit(loop);
    } else {
      options.click(Math.min(1, Math.max(0, (e.clientX - d.left) / d.width)));
    }
  };
  scope.on(element, 'pointerup', (e: PointerEvent) => end(e, false));
  scope.on(element, 'pointercancel', (e: PointerEvent) => end(e, true));
}

export interface TimelineDeps {
  scope: Scope;
  view: BacklineView;
  /** Where the loop band's custom properties go (an ancestor of every lane). */
  host: HTMLElement;
}

export class Timeline {
  readonly root: HTMLElement;
  /** The playhead over the ruler (moved with the lanes' by the app). */
  readonly playhead: HTMLElement;
  readonly #view: BacklineView;
  readonly #host: HTMLElement;
  readonly #lane: HTMLElement;
  readonly #image: HTMLImageElement;
  readonly #images: Waveforms;
  readonly #markers: HTMLElement;
  readonly #observer: ResizeObserver;
  #track: TrackDescription | null = null;
  #loop: LoopRegion | null = null;
  #loopOn = false;
  #looping = false;
  /** CSS pixels of the lane, from the ResizeObserver (no layout reads per frame). */
  width = 0;

  constructor({ scope, view, host }: TimelineDeps) {
    this.#view = view;
    this.#host = host;
    this.#image = h('img', { class: 'ruler-img', alt: '', 'aria-hidden': 'true', draggable: 'false' });
    this.#markers = h('div', { class: 'markers', role: 'group', 'aria-label': 'Sections' });
    this.playhead = h('div', { class: 'playhead', 'aria-hidden': 'true' });
    const band = h('div', { class: 'loop-band', 'aria-hidden': 'true' });
    this.#lane = h('div', {
      class: 'ruler', title: 'Bars and sections: drag to set the loop, click to go to a bar',
    }, this.#image, band, this.#markers, this.playhead);
    const label = h('div', { class: 'ruler-label', 'aria-hidden': 'true' }, 'Bars');
    this.root = h('div', { class: 'timeline', role: 'group', 'aria-label': 'Timeline' }, label, this.#lane);

    this.#images = new Waveforms(scope);
    this.#images.addPainter(this.#image, (ctx, width, height) => this.#draw(ctx, width, height));
    this.#observer = new ResizeObserver((entries) => {
      for (const entry of entries) this.width = entry.contentRect.width;
    });
    this.#observer.observe(this.#lane);
    scope.add(() => this.#observer.disconnect());

    this.bindDrag(scope, this.#lane, (fraction) => {
      const track = this.#track;
      if (track) view.jumpToBar(Math.max(1, barAtSeconds(track, fraction * track.duration)));
    });
    scope.on(this.#markers, 'click', (e: MouseEvent) => {
      const marker = (e.target as Element).closest<HTMLElement>('.marker');
      if (marker) view.jumpToBar(Number(marker.dataset.bar));
    });
  }

  /** Loop drags on `element` (the ruler, or a lane); `click` handles a press without a drag. */
  bindDrag(scope: Scope, element: HTMLElement, click: (fraction: number) => void): void {
    bindLoopDrag(scope, element, {
      track: () => this.#track,
      preview: (loop) => this.#showLoop(loop ?? this.#loop, !!loop || this.#loopOn, !!loop),
      commit: (loop) => {
        this.#view.setPractice({ loop });
        if (!this.#loopOn) this.#view.setParameter('loopEnabled', 1);
      },
      click,
    });
  }

  update(snapshot: ViewState): void {
    const track = snapshot.track;
    if (track !== this.#track) {
      const rebuild = !this.#track || !track || track.sections !== this.#track.sections || track.duration !== this.#track.duration;
      this.#track = track;
      if (rebuild) this.#buildMarkers();
      this.#images.repaint(this.#image);
    }
    const loop = snapshot.practice.loop;
    const loopOn = isOn(snapshot.params.loopEnabled);
    const looping = snapshot.transport.looping;
    if (loop !== this.#loop || loopOn !== this.#loopOn || looping !== this.#looping) {
      this.#loop = loop;
      this.#loopOn = loopOn;
      this.#looping = looping;
      this.#showLoop(loop, loopOn, false);
    }
    const pending = snapshot.transport.jump;
    for (const marker of this.#markers.children) {
      setClass(marker, 'pending', !!pending && Number((marker as HTMLElement).dataset.bar) === pending.bar);
    }
  }

  /** The loop band: position as custom properties on the lanes' ancestor; state as classes. */
  #showLoop(loop: LoopRegion | null, on: boolean, dragging: boolean): void {
    const track = this.#track;
    const host = this.#host;
    const start = track && loop ? barFraction(track, loop.startBar) : 0;
    const end = track && loop ? barFraction(track, loop.endBar) : 0;
    const set = (name: string, value: number) => {
      const text = String(Math.round(value * 1e5) / 1e5);
      if (host.style.getPropertyValue(name) !== text) host.style.setProperty(name, text);
    };
    set('--loop-start', start);
    set('--loop-end', end);
    setClass(host, 'has-loop', !!loop && end > start);
    setClass(host, 'loop-on', on);
    setClass(host, 'loop-dragging', dragging);
    setAttr(this.#lane, 'data-loop', loop ? `${loop.startBar}-${loop.endBar}` : '');
  }

  #buildMarkers(): void {
    const track = this.#track;
    const buttons = (track ? sectionRanges(track) : []).map(({ section, startBar, endBar }) => {
      const left = barFraction(track!, startBar);
      const right = barFraction(track!, endBar);
      const button = h('button', {
        type: 'button', class: 'marker', 'data-bar': startBar,
        'aria-label': `Go to ${section.name} (bar ${startBar})`,
        title: `${section.name}: bars ${startBar}–${endBar - 1}. Click: go there at the next bar line`,
      }, section.name);
      button.style.left = `${left * 100}%`;
      button.style.maxWidth = `calc(${Math.max(0, right - left) * 100}% - 2px)`;
      return button;
    });
    this.#markers.replaceChildren(...buttons);
  }

  /** Bar ticks and numbers, labelled every 1, 2, 4… bars so labels stay readable. */
  #draw(ctx: CanvasRenderingContext2D, width: number, height: number): void {
    const track = this.#track;
    ctx.clearRect(0, 0, width, height);
    if (!track || !(track.duration > 0) || width === 0) return;
    const dpr = window.devicePixelRatio || 1;
    const end = lastBarEnd(track);
    const pxPerBar = width / Math.max(1, end - 1);
    let every = 1;
    while (every * pxPerBar < 30 * dpr && every < 4096) every *= 2;
    ctx.font = `${Math.round(10 * dpr)}px system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    for (let bar = 1; bar < end; bar++) {
      const x = Math.round(barFraction(track, bar) * width) + 0.5;
      const labelled = (bar - 1) % every === 0;
      ctx.fillStyle = labelled ? 'rgba(232,234,237,0.45)' : 'rgba(232,234,237,0.16)';
      const tick = labelled ? height * 0.5 : height * 0.25;
      ctx.fillRect(Math.floor(x), height - tick, Math.max(1, Math.round(dpr * 0.75)), tick);
      const label = String(bar);
      if (labelled && x + 3 * dpr + ctx.measureText(label).width <= width) {
        ctx.fillStyle = 'rgba(232,234,237,0.7)';
        ctx.fillText(label, x + 3 * dpr, height - tick);
      }
    }
  }
}
