/**
 * One mounted GUI: builds the shadow tree, subscribes to the view and renders every snapshot.
 * It keeps no state of its own beyond transient UI state (drag hover, a held fader), so any number
 * of GUIs on one instance show the same thing. `destroy()` releases everything it registered.
 */
import type { TrackDescription } from '../shared/track.js';
import type { BacklineView, TrackSourceInput, ViewState } from '../shared/view.js';
import { h, Scope, setHidden, TextSlot } from './dom.js';
import { bindDropTarget, createOpenButton } from './drop-zone.js';
import { formatMegabytes, formatTrackMeta, isOn } from './format.js';
import { ErrorBanner, LoadingBar } from './status.js';
import { StemRow } from './stem-row.js';
import { SyncBar } from './sync-bar.js';
import { KeyBar } from './key-bar.js';
import { PracticeBar } from './practice-bar.js';
import { bindShortcuts } from './shortcuts.js';
import { Timeline } from './timeline.js';
import { TransportBar } from './transport-bar.js';
import { Waveforms } from './waveform.js';

export interface MountedGui {
  destroy(): void;
}

/** Build the GUI for `view` into `root` (a shadow root) and keep it in sync until `destroy()` removes it. */
let mounted = 0;

export function mountGui(root: ShadowRoot, view: BacklineView): MountedGui {
  const scope = new Scope();
  const id = `backline-${++mounted}`;
  const waveforms = new Waveforms(scope);

  const load = (files: TrackSourceInput) => {
    // The view reports failures through `snapshot.error`; the current track stays shown.
    try {
      view.loadTrack(files).catch(() => undefined);
    } catch (error) {
      console.warn('backline-gui: loadTrack threw', error);
    }
  };

  // Header: title, metadata, memory, Open button.
  const title = new TextSlot();
  const meta = new TextSlot();
  const memory = new TextSlot();
  const memoryEl = h('span', { class: 'memory', title: 'Memory used by the stems' }, h('span', { class: 'visually-hidden' }, 'Memory used: '), memory.node);
  const headerOpen = createOpenButton(scope, 'open', load);
  const header = h(
    'header',
    { class: 'header' },
    h(
      'div',
      { class: 'title-block' },
      h('h2', { class: 'title' }, title.node),
      h('div', { class: 'meta-line' }, h('span', { class: 'meta' }, meta.node), memoryEl),
    ),
    headerOpen.button,
    headerOpen.input,
  );

  const loading = new LoadingBar();
  const error = new ErrorBanner(scope, view);

  const main = h('div', { class: 'main' });
  const lanes = h('div', { class: 'lanes' });
  const sync = new SyncBar(scope, view, id);
  const key = new KeyBar(scope, view);
  const practice = new PracticeBar(scope, view);
  const timeline = new Timeline({ scope, view, host: lanes });
  /** Every playhead (the ruler's and each lane's), moved together by a transform: no layout, no repaint. */
  let playheads: HTMLElement[] = [timeline.playhead];
  let shownPlayhead = NaN;
  const movePlayheads = (fraction: number) => {
    // Quantized to a quarter of a CSS pixel of the lanes: a slow playhead writes nothing most frames.
    const steps = Math.max(1, timeline.width * 4);
    const q = Math.round(Math.min(1, Math.max(0, fraction)) * steps) / steps;
    if (q === shownPlayhead) return;
    shownPlayhead = q;
    const transform = `translateX(${Math.round(q * 1e6) / 1e4}%)`;
    for (const el of playheads) el.style.transform = transform;
  };
  const transport = new TransportBar({
    scope,
    view,
    onPlayhead: movePlayheads,
    onPosition: (seconds) => sync.showPosition(seconds),
  });

  // Empty state: a large drop prompt with its own Open button.
  const emptyOpen = createOpenButton(scope, 'open primary', load);
  const empty = h(
    'div',
    { class: 'empty' },
    h('p', { class: 'empty-title' }, 'No track loaded'),
    h('p', { class: 'empty-hint' }, 'Drop stems, a folder or a .zip track package here'),
    emptyOpen.button,
    emptyOpen.input,
  );

  const stemList = h('ul', { class: 'stems', 'aria-label': 'Stems' });
  const dropOverlay = h('div', { class: 'drop-overlay', 'aria-hidden': 'true' }, h('span', {}, 'Drop to load'));
  lanes.append(timeline.root, stemList);
  main.append(transport.root, sync.root, key.root, practice.root, lanes, empty);
  // Focusable (not in the tab order) so the shortcuts work after a click anywhere in the GUI.
  const container = h('div', { class: 'root', tabindex: -1 }, header, loading.root, error.root, main, dropOverlay);
  root.append(container);
  bindDropTarget(scope, container, load);
  bindShortcuts(scope, container, view);
  scope.on(container, 'pointerdown', (e: PointerEvent) => {
    const target = e.target as Element;
    if (!target.closest('button, input, select, textarea, a, [tabindex]:not(.root)')) {
      container.focus({ preventScroll: true });
    }
  });

  let rows: StemRow[] = [];
  /** Listeners of the current track's rows, released when another track replaces them. */
  let trackScope = new Scope();
  scope.add(() => trackScope.dispose());
  let shownTrack: TrackDescription | null | undefined;
  let shownParams: ViewState['params'] | undefined;
  let shownError: string | null | undefined;
  let last: ViewState | null = null;

  const seekFraction = (fraction: number) => {
    const track = last?.track;
    if (track) transport.seekTo(fraction * track.duration);
  };

  const renderTrack = (track: TrackDescription | null) => {
    // The empty state's button disappears when a track arrives: hand its focus to the header's.
    const focusOpen = !!track && root.activeElement === emptyOpen.button;
    title.set(track ? track.title || 'Untitled' : 'Backline');
    meta.set(track ? formatTrackMeta(track) : 'Backing-track player');
    memory.set(track ? formatMegabytes(track.memoryBytes) : '');
    setHidden(memoryEl, !track);
    setHidden(headerOpen.button, !track);
    setHidden(empty, !!track);
    setHidden(lanes, !track);
    waveforms.clear();
    trackScope.dispose();
    trackScope = new Scope();
    const bindDrag = (s: Scope, lane: HTMLElement, click: (fraction: number) => void) => timeline.bindDrag(s, lane, click);
    const deps = { scope: trackScope, view, waveforms, seekFraction, bindDrag };
    rows = (track?.stems ?? []).map((stem) => new StemRow(stem, deps));
    stemList.replaceChildren(...rows.map((row) => row.root));
    playheads = [timeline.playhead, ...rows.map((row) => row.playhead)];
    shownPlayhead = NaN;
    shownParams = undefined;
    if (focusOpen) headerOpen.button.focus();
  };

  const renderParams = (params: ViewState['params']) => {
    const anySolo = rows.some((row) => isOn(params[row.soloId]));
    for (const row of rows) row.update(params, anySolo);
  };

  const render = () => {
    if (scope.disposed) return;
    const snapshot = view.getSnapshot();
    if (snapshot === last) return;
    last = snapshot;
    if (snapshot.track !== shownTrack) {
      // Same stems, new details (e.g. a stem's pitch setting): update the rows, keep them (and focus).
      if (sameStems(shownTrack, snapshot.track)) snapshot.track!.stems.forEach((stem, i) => rows[i].updateStem(stem));
      else renderTrack(snapshot.track);
      shownTrack = snapshot.track;
    }
    if (snapshot.params !== shownParams) {
      shownParams = snapshot.params;
      renderParams(snapshot.params);
    }
    if (snapshot.error !== shownError) {
      // Dismissing hides the focused button: keep keyboard focus inside the GUI.
      const hadFocus = !!shownError && error.root.contains(root.activeElement);
      shownError = snapshot.error;
      error.update(snapshot.error);
      if (hadFocus && !snapshot.error) (snapshot.track ? headerOpen.button : emptyOpen.button).focus();
    }
    loading.update(snapshot.loading);
    sync.update(snapshot);
    key.update(snapshot);
    practice.update(snapshot);
    timeline.update(snapshot);
    transport.update(snapshot);
  };

  scope.add(view.subscribe(render));
  render();
  scope.add(() => {
    rows = [];
    container.remove();
  });
  return { destroy: () => scope.dispose() };
}

/** Both tracks have the same stems in the same slots (only their details may differ). */
function sameStems(a: TrackDescription | null | undefined, b: TrackDescription | null): boolean {
  if (!a || !b || a.source !== b.source || a.stems.length !== b.stems.length) return false;
  return a.stems.every((stem, i) => stem.id === b.stems[i].id && stem.peaks === b.stems[i].peaks);
}
