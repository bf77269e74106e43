/**
 * Play/Stop, the position display (`bar.beat` and `m:ss.t`), a count-in under way ("Count-in 3 / 4")
 * and a section jump waiting for its bar line (with Cancel), the seek slider and the master fader.
 *
 * The position is derived every animation frame from the snapshot's transport anchor and the
 * context clock (`songSecondsAt(transport, audioContext.currentTime)`), never from wall time, so
 * it cannot drift from what the engine plays. The frame loop runs only while playing, counting in
 * or waiting for a jump, and each frame writes only text and attributes that changed.
 */
import type { TrackDescription } from '../shared/track.js';
import type { Seconds } from '../shared/units.js';
import { songSecondsAt, type BacklineView, type ViewState } from '../shared/view.js';
import { FrameLoop, h, icon, Scope, setAttr, setHidden, TextSlot } from './dom.js';
import { formatBarBeat, formatClock, formatClockCoarse } from './format.js';
import { GainSlider } from './gain-slider.js';
import { barBeatAt, barStartSeconds } from './time-map.js';

const PLAY_ICON = 'M4 2.5v11l9-5.5z';
const STOP_ICON = 'M3.5 3.5h9v9h-9z';
/** Seek slider resolution (s). */
const SEEK_STEP = 0.1;

export interface TransportBarDeps {
  scope: Scope;
  view: BacklineView;
  /** Song position as a fraction 0…1 of the duration, for the waveform playheads. */
  onPlayhead(fraction: number): void;
  /** Song position in seconds, each frame it is shown (the sync row's tempo follows tempo maps). */
  onPosition?(seconds: Seconds): void;
}

export class TransportBar {
  readonly root: HTMLElement;
  readonly #view: BacklineView;
  readonly #onPlayhead: (fraction: number) => void;
  readonly #onPosition: (seconds: Seconds) => void;
  readonly #play: HTMLButtonElement;
  readonly #playIcon: SVGSVGElement;
  readonly #stopIcon: SVGSVGElement;
  readonly #seek: HTMLInputElement;
  readonly #barBeat = new TextSlot();
  readonly #clock = new TextSlot();
  readonly #duration = new TextSlot();
  readonly #master: GainSlider;
  readonly #loop: FrameLoop;
  readonly #countIn: HTMLElement;
  readonly #countInText = new TextSlot();
  readonly #jump: HTMLElement;
  readonly #jumpText = new TextSlot();
  #snapshot: ViewState | null = null;
  /** Transient: the pointer holds the seek thumb; show its value, not the playhead. */
  #scrubbing = false;
  /** Last value written to the seek slider (avoids rewriting it every frame). */
  #thumb = NaN;

  constructor({ scope, view, onPlayhead, onPosition }: TransportBarDeps) {
    this.#view = view;
    this.#onPlayhead = onPlayhead;
    this.#onPosition = onPosition ?? (() => undefined);
    this.#loop = new FrameLoop(scope, () => this.#frame());

    this.#playIcon = icon(PLAY_ICON);
    this.#stopIcon = icon(STOP_ICON);
    this.#play = h('button', { type: 'button', class: 'play', 'aria-label': 'Play', 'aria-keyshortcuts': 'Space', title: 'Play' }, this.#playIcon, this.#stopIcon);
    this.#stopIcon.style.display = 'none';

    const position = h(
      'div',
      { class: 'position', role: 'group', 'aria-label': 'Position' },
      h('span', { class: 'pos-bar', title: 'Bar.beat' }, this.#barBeat.node),
      h('span', { class: 'pos-clock', title: 'Minutes:seconds' }, this.#clock.node),
    );

    this.#seek = h('input', {
      type: 'range',
      class: 'seek',
      min: 0,
      max: 0,
      step: SEEK_STEP,
      value: 0,
      'aria-label': 'Song position',
      'aria-keyshortcuts': 'PageUp PageDown Home End',
      title: 'Song position (Page Up/Down: next/previous bar)',
    });
    const seekWrap = h('div', { class: 'seek-wrap' }, this.#seek, h('span', { class: 'duration', 'aria-hidden': 'true' }, this.#duration.node));

    this.#master = new GainSlider(scope, {
      label: 'Master gain',
      className: 'master-gain',
      onChange: (db) => view.setParameter('masterGain', db),
    });
    const master = h('div', { class: 'master' }, h('span', { class: 'master-label', 'aria-hidden': 'true' }, 'Master'), this.#master.root);

    // A count-in under way, and a jump waiting for its bar line (cancellable).
    this.#countIn = h('span', { class: 'count-in', role: 'status', hidden: true }, this.#countInText.node);
    const cancel = h('button', { type: 'button', class: 'chip cancel-jump', 'aria-keyshortcuts': 'Escape', title: 'Stay here (Esc)' }, 'Cancel');
    setAttr(cancel, 'aria-label', 'Cancel jump');
    this.#jump = h('span', { class: 'jump', hidden: true }, h('span', { class: 'jump-text', role: 'status' }, this.#jumpText.node), cancel);
    scope.on(cancel, 'click', () => view.cancelJump());

    this.root = h('div', { class: 'transport', role: 'group', 'aria-label': 'Transport' }, this.#play, position, this.#countIn, this.#jump, seekWrap, master);

    scope.on(this.#play, 'click', () => {
      if (this.#snapshot?.transport.playing || this.#snapshot?.transport.countIn) view.stop();
      else view.play();
    });
    this.#bindSeek(scope);
  }

  /** Render from a new snapshot; starts or stops the frame loop with the transport. */
  update(snapshot: ViewState): void {
    const previous = this.#snapshot;
    this.#snapshot = snapshot;
    const track = snapshot.track;
    if (track !== previous?.track) {
      const max = track ? String(Math.max(0, track.duration)) : '0';
      setAttr(this.#seek, 'max', max);
      this.#duration.set(track ? formatClock(track.duration) : '');
    }
    // While a host's transport plays, it drives the song: the plugin's own Play and seek rest.
    const hostDrives = snapshot.transport.sync === 'host';
    this.#seek.disabled = !track || hostDrives;
    this.#play.disabled = !track || hostDrives;
    const hint = hostDrives ? 'The host\'s transport is playing' : '';
    const { countIn, jump } = snapshot.transport;
    const playing = (snapshot.transport.playing || !!countIn) && !!track;
    const name = playing ? 'Stop' : 'Play';
    setAttr(this.#play, 'title', hint || `${name} (Space)`);
    if (this.#play.getAttribute('aria-label') !== name) {
      setAttr(this.#play, 'aria-label', name);
      this.#playIcon.style.display = playing ? 'none' : '';
      this.#stopIcon.style.display = playing ? '' : 'none';
      this.#play.classList.toggle('playing', playing);
    }
    this.#master.update(snapshot.params.masterGain ?? 0);
    setHidden(this.#countIn, !countIn);
    setHidden(this.#jump, !jump);
    if (jump && track) {
      const section = track.sections.find((s) => s.bar === jump.bar);
      this.#jumpText.set(`\u2192 ${section ? `${section.name} (bar ${jump.bar})` : `bar ${jump.bar}`} at the next bar`);
    }
    if (playing || jump) this.#loop.request();
    else this.#loop.cancel();
    this.#renderPosition();
  }

  /** Song seconds now, from the anchor and the context clock. */
  #now(): Seconds {
    const snapshot = this.#snapshot;
    if (!snapshot) return 0;
    return songSecondsAt(snapshot.transport, this.#view.audioContext.currentTime);
  }

  #frame(): void {
    this.#renderPosition();
    const t = this.#snapshot?.transport;
    if (t && (t.playing || t.countIn || t.jump) && this.#snapshot!.track) this.#loop.request();
  }

  #renderPosition(): void {
    const track = this.#snapshot?.track ?? null;
    const countIn = this.#snapshot?.transport.countIn;
    if (countIn) {
      // Which click of the count-in: from the context clock, like the playhead.
      const spacing = (countIn.until - countIn.from) / Math.max(1, countIn.beats);
      const k = Math.floor((this.#view.audioContext.currentTime - countIn.from) / spacing);
      const beat = Math.min(countIn.beats, Math.max(1, k + 1));
      const perBar = Math.max(1, countIn.beatsPerBar);
      this.#countInText.set(`Count-in ${((beat - 1) % perBar) + 1} / ${perBar}`);
    }
    if (this.#scrubbing) return;
    const seconds = track ? clamp(this.#now(), 0, track.duration) : 0;
    this.#showPosition(track, seconds, true);
  }

  #showPosition(track: TrackDescription | null, seconds: Seconds, moveThumb: boolean): void {
    if (!track) {
      this.#barBeat.set('\u2013.\u2013');
      this.#clock.set(formatClock(0));
      this.#onPlayhead(0);
      return;
    }
    const bb = barBeatAt(track, seconds);
    this.#onPosition(seconds);
    this.#barBeat.set(formatBarBeat(bb));
    this.#clock.set(formatClock(seconds));
    if (moveThumb) {
      const value = Math.round(seconds / SEEK_STEP) / (1 / SEEK_STEP);
      if (value !== this.#thumb) {
        this.#thumb = value;
        this.#seek.value = String(value);
      }
    }
    // Whole seconds: a focused slider's value text is re-read by some screen readers on change.
    setAttr(this.#seek, 'aria-valuetext', `Bar ${bb.bar}, ${formatClockCoarse(seconds)} of ${formatClockCoarse(track.duration)}`);
    this.#onPlayhead(track.duration > 0 ? seconds / track.duration : 0);
  }

  /** Seek to `seconds`, clamped to the song. */
  seekTo(seconds: Seconds): void {
    const track = this.#snapshot?.track;
    if (!track) return;
    this.#view.seek(clamp(seconds, 0, track.duration));
  }

  #bindSeek(scope: Scope): void {
    const seek = this.#seek;
    // Pointer: preview while dragging, seek once on release ('change'); keyboard: see keydown.
    scope.on(seek, 'pointerdown', () => { this.#scrubbing = true; });
    // Ending a scrub does not move the thumb: a 'change' may still follow and read its value.
    const endScrub = () => {
      this.#scrubbing = false;
      this.#thumb = NaN;
    };
    scope.on(seek, 'input', () => {
      const track = this.#snapshot?.track;
      if (track) this.#showPosition(track, Number(seek.value), false);
    });
    scope.on(seek, 'change', () => {
      endScrub();
      this.seekTo(Number(seek.value));
    });
    scope.on(seek, 'pointerup', endScrub);
    scope.on(seek, 'pointercancel', endScrub);
    scope.on(seek, 'keydown', (e: KeyboardEvent) => {
      const track = this.#snapshot?.track;
      if (!track) return;
      const now = clamp(this.#now(), 0, track.duration);
      const target = keyTarget(e, track, now);
      if (target === null) return;
      e.preventDefault();
      this.seekTo(target);
    });
  }
}

/**
 * Where a key on the seek slider goes: arrows ±1 s (Shift ±5 s), Page Up/Down to the next/previous
 * bar start, Home/End to the ends. Null for other keys.
 */
function keyTarget(e: KeyboardEvent, track: TrackDescription, now: Seconds): Seconds | null {
  const big = e.shiftKey ? 5 : 1;
  switch (e.key) {
    case 'ArrowRight':
    case 'ArrowUp':
      return now + big;
    case 'ArrowLeft':
    case 'ArrowDown':
      return now - big;
    case 'PageUp':
      return barStartSeconds(track, barBeatAt(track, now).bar + 1);
    case 'PageDown': {
      // Within the first half second of a bar, go to the bar before (like a "previous" button).
      const bar = barBeatAt(track, now).bar;
      const start = barStartSeconds(track, bar);
      return barStartSeconds(track, now - start < 0.5 ? bar - 1 : bar);
    }
    case 'Home':
      return 0;
    case 'End':
      return track.duration;
    default:
      return null;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
