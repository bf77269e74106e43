/**
 * The sync row under the transport (docs/sync.md): who drives the clock ("Following host",
 * "Standalone", "Waiting for host"), the Follow host tempo toggle, the speed fader with the tempo it
 * results in, and the sync settings (song bar 1 at host bar N, how the host counts bars, sending the
 * song's transport to other plugins). Everything renders from the snapshot; the settings panel's
 * open state is the only local state (transient, per GUI). Thread: main.
 */
import { SPEED_MAX, SPEED_MIN } from '../shared/params.js';
import type { SyncSource } from '../shared/messages.js';
import { bpmAt } from '../shared/tempo-map.js';
import type { TrackDescription } from '../shared/track.js';
import type { Seconds } from '../shared/units.js';
import type { BacklineView, ViewState } from '../shared/view.js';
import { h, icon, Scope, setAttr, setClass, setHidden, TextSlot } from './dom.js';
import { formatBpm, formatSpeed, isOn } from './format.js';
import { songSecondsToBeats } from './time-map.js';

const SETTINGS_ICON = 'M2 4h7M12 4h2M2 8h2M7 8h7M2 12h9M14 12h0M10.5 2.5v3M5.5 6.5v3M12.5 10.5v3';
const SPEED_STEP = 0.01;

/** The words for each sync source (also the status's accessible text). */
export const SYNC_LABELS: Record<SyncSource, string> = {
  host: 'Following host',
  standalone: 'Standalone',
  waiting: 'Waiting for host',
};

const SYNC_HINTS: Record<SyncSource, string> = {
  host: 'The host\'s transport plays: the song follows its position (and tempo, when following it)',
  standalone: 'The plugin\'s own transport: Play, the position slider and Speed drive the song',
  waiting: 'The host\'s transport is stopped or counting in: the song starts when the host plays',
};

export class SyncBar {
  readonly root: HTMLElement;
  readonly #view: BacklineView;
  readonly #status: HTMLElement;
  readonly #statusText = new TextSlot();
  readonly #follow: HTMLButtonElement;
  readonly #speed: HTMLInputElement;
  readonly #speedText = new TextSlot();
  readonly #bpmText = new TextSlot();
  readonly #settingsButton: HTMLButtonElement;
  readonly #settings: HTMLElement;
  readonly #hostBar: HTMLInputElement;
  readonly #barBase: HTMLSelectElement;
  readonly #emit: HTMLInputElement;
  #snapshot: ViewState | null = null;
  #dragging = false;
  #position: Seconds = 0;

  constructor(scope: Scope, view: BacklineView, idPrefix: string) {
    this.#view = view;
    this.#status = h('span', { class: 'sync-status', role: 'status', 'aria-label': 'Sync status', 'data-sync': 'standalone' },
      h('span', { class: 'sync-dot', 'aria-hidden': 'true' }), h('span', { class: 'sync-text' }, this.#statusText.node));

    this.#follow = h('button', {
      type: 'button', class: 'chip follow', 'aria-pressed': 'true',
      title: 'Follow the host\'s tempo (off: play at Speed from where the host starts)',
    }, 'Follow host tempo');

    this.#speed = h('input', {
      type: 'range', class: 'speed-input', min: SPEED_MIN, max: SPEED_MAX, step: SPEED_STEP, value: 1,
      'aria-label': 'Speed', 'aria-keyshortcuts': 'Delete', title: 'Speed (double-click: ×1)',
    });
    const speed = h('div', { class: 'speed' },
      h('span', { class: 'sync-label', 'aria-hidden': 'true' }, 'Speed'),
      this.#speed,
      h('span', { class: 'speed-readout', 'aria-hidden': 'true' }, this.#speedText.node),
      h('span', { class: 'bpm', title: 'The tempo the song plays at' }, this.#bpmText.node));

    const panelId = `${idPrefix}-sync-settings`;
    this.#settingsButton = h('button', {
      type: 'button', class: 'icon-button settings-toggle', 'aria-expanded': 'false', 'aria-controls': panelId,
      'aria-label': 'Sync settings', title: 'Sync settings',
    }, icon(SETTINGS_ICON));

    this.#hostBar = h('input', { type: 'number', class: 'host-bar', step: 1, value: 0, 'aria-label': 'Song bar 1 at host bar' });
    this.#barBase = h('select', { class: 'bar-base', 'aria-label': 'Host counts bars from' },
      h('option', { value: '0' }, 'bar 0'), h('option', { value: '1' }, 'bar 1'));
    this.#emit = h('input', { type: 'checkbox', class: 'emit' });
    this.#settings = h('div', { class: 'sync-settings', id: panelId, role: 'group', 'aria-label': 'Sync settings', hidden: true },
      h('label', {}, h('span', { 'aria-hidden': 'true' }, 'Song bar 1 at host bar'), this.#hostBar),
      h('label', {}, h('span', { 'aria-hidden': 'true' }, 'Host counts from'), this.#barBase),
      h('label', { title: 'When standalone, other plugins connected after this one follow the song' }, this.#emit, 'Send transport to other plugins'));

    this.root = h('div', { class: 'sync', role: 'group', 'aria-label': 'Sync' },
      this.#status, this.#follow, speed, this.#settingsButton, this.#settings);

    scope.on(this.#follow, 'click', () => {
      view.setParameter('followHostTempo', isOn(this.#snapshot?.params.followHostTempo ?? 1) ? 0 : 1);
    });
    this.#bindSpeed(scope);
    scope.on(this.#settingsButton, 'click', () => {
      const open = this.#settings.hidden;
      setHidden(this.#settings, !open);
      setAttr(this.#settingsButton, 'aria-expanded', String(open));
    });
    scope.on(this.#hostBar, 'change', () => {
      const bar = Math.round(Number(this.#hostBar.value));
      const settings = this.#snapshot?.settings;
      if (!Number.isFinite(bar) || !settings) return;
      view.setSyncSettings({ barOffset: bar - settings.barBase });
    });
    // The offset counts bars from the host's first bar, so it keeps its musical meaning when the
    // numbering changes (the bar number shown moves by one instead).
    scope.on(this.#barBase, 'change', () => view.setSyncSettings({ barBase: this.#barBase.value === '1' ? 1 : 0 }));
    scope.on(this.#emit, 'change', () => view.setSyncSettings({ emitTransport: this.#emit.checked }));
  }

  #bindSpeed(scope: Scope): void {
    const input = this.#speed;
    const set = (value: number) => {
      this.#showSpeed(value);
      this.#view.setParameter('speed', value);
    };
    scope.on(input, 'input', () => set(Number(input.value)));
    scope.on(input, 'dblclick', () => set(1));
    scope.on(input, 'keydown', (e: KeyboardEvent) => {
      if (e.key !== 'Delete' && e.key !== 'Backspace') return;
      e.preventDefault();
      set(1);
    });
    scope.on(input, 'pointerdown', () => { this.#dragging = true; });
    const release = () => {
      this.#dragging = false;
      if (this.#snapshot) this.update(this.#snapshot);
    };
    scope.on(input, 'pointerup', release);
    scope.on(input, 'pointercancel', release);
  }

  /** Render from a snapshot. */
  update(snapshot: ViewState): void {
    this.#snapshot = snapshot;
    const { sync } = snapshot.transport;
    this.#statusText.set(SYNC_LABELS[sync]);
    setAttr(this.#status, 'data-sync', sync);
    setAttr(this.#status, 'title', SYNC_HINTS[sync]);
    const follow = isOn(snapshot.params.followHostTempo ?? 1);
    setAttr(this.#follow, 'aria-pressed', String(follow));
    // While a host plays and its tempo is followed, Speed has no effect.
    const speedIdle = follow && sync === 'host';
    this.#speed.disabled = speedIdle || !snapshot.track;
    setClass(this.root, 'following-tempo', speedIdle);
    if (!this.#dragging) this.#showSpeed(snapshot.params.speed ?? 1);
    const { barBase, barOffset, emitTransport } = snapshot.settings;
    // Not while the musician types in it.
    const text = String(barBase + barOffset);
    const focused = (this.#hostBar.getRootNode() as ShadowRoot | Document).activeElement === this.#hostBar;
    if (!focused && this.#hostBar.value !== text) this.#hostBar.value = text;
    if (this.#barBase.value !== String(barBase)) this.#barBase.value = String(barBase);
    this.#emit.checked = emitTransport;
    this.#renderBpm();
  }

  /** The song position (from the transport bar's frame loop), for the tempo shown with tempo maps. */
  showPosition(seconds: Seconds): void {
    this.#position = seconds;
    this.#renderBpm();
  }

  #showSpeed(speed: number): void {
    const value = Number.isFinite(speed) ? Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed)) : 1;
    const text = String(value);
    if (this.#speed.value !== text) this.#speed.value = text;
    this.#speedText.set(formatSpeed(value));
    this.#renderBpm(value);
  }

  /** "120 BPM": the host's tempo when following it, else the song's tempo here × speed. */
  #renderBpm(speed = this.#snapshot?.params.speed ?? 1): void {
    const snapshot = this.#snapshot;
    if (!snapshot) return;
    const bpm = resultingBpm(snapshot, speed, this.#position);
    const text = bpm === null ? '' : `${formatBpm(Math.round(bpm * 10) / 10)} BPM`;
    this.#bpmText.set(text);
    setAttr(this.#speed, 'aria-valuetext', bpm === null ? formatSpeed(speed) : `${formatSpeed(speed)}, ${text}`);
  }
}

/**
 * The tempo the song plays at: following a playing host's tempo, the host's tempo (in the song's
 * beat unit when the meters' units agree); otherwise the song's own tempo at `seconds` × speed.
 * Null without a track.
 */
export function resultingBpm(snapshot: Pick<ViewState, 'track' | 'transport' | 'params'>, speed: number, seconds: Seconds): number | null {
  const track: TrackDescription | null = snapshot.track;
  if (!track) return null;
  const { sync, hostTempo } = snapshot.transport;
  if (sync === 'host' && isOn(snapshot.params.followHostTempo ?? 1) && hostTempo !== null) return hostTempo;
  return bpmAt(track.tempoMap, songSecondsToBeats(track, seconds) + 1e-9) * speed;
}
