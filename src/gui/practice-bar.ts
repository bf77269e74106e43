/**
 * The practice row (docs/practice.md): the loop (on/off, bars, or a section), the count-in, the
 * click (on/off, level, which output), and the speed trainer with its progress. Renders from the
 * snapshot: `params` (`loopEnabled`, `countInBars`, `clickLevel`, `speed`), `practice` settings
 * and the transport's `passes`. Number fields are not rewritten while focused. Thread: main.
 */
import { CLICK_LEVEL_MAX_DB, CLICK_LEVEL_MIN_DB, COUNT_IN_MAX_BARS, SPEED_MAX, SPEED_MIN } from '../shared/params.js';
import { TRAINER_STEP_MAX, TRAINER_STEP_MIN, type PracticeSettings, type TrainerSettings } from '../shared/practice.js';
import { bpmAt } from '../shared/tempo-map.js';
import type { TrackDescription } from '../shared/track.js';
import type { BacklineView, ViewState } from '../shared/view.js';
import { h, Scope, setAttr, setClass, setHidden, TextSlot } from './dom.js';
import { formatBpm, formatPercent, isOn } from './format.js';
import { GainSlider } from './gain-slider.js';
import { barStartSeconds, songSecondsToBeats } from './time-map.js';
import { lastBarEnd, sectionOfLoop, sectionRanges } from './timeline.js';

function numberField(attrs: Record<string, string | number>): HTMLInputElement {
  return h('input', { type: 'number', class: 'num', ...attrs });
}

function select(label: string, options: [string, string][], className = ''): HTMLSelectElement {
  return h('select', { 'aria-label': label, class: className }, ...options.map(([value, text]) => h('option', { value }, text)));
}

/** Write a field's value unless the musician is typing in it. */
function showValue(field: HTMLInputElement | HTMLSelectElement, value: string): void {
  const focused = (field.getRootNode() as ShadowRoot | Document).activeElement === field;
  if (!focused && field.value !== value) field.value = value;
}

export class PracticeBar {
  readonly root: HTMLElement;
  readonly #view: BacklineView;
  readonly #loop: HTMLButtonElement;
  readonly #loopStart: HTMLInputElement;
  readonly #loopEnd: HTMLInputElement;
  readonly #section: HTMLSelectElement;
  readonly #note = new TextSlot();
  readonly #noteEl: HTMLElement;
  readonly #countIn: HTMLSelectElement;
  readonly #countInEvery: HTMLSelectElement;
  readonly #click: HTMLButtonElement;
  readonly #clickLevel: GainSlider;
  readonly #clickOutput: HTMLSelectElement;
  /** Offered while the click is on and the song's own click stem plays: mute it. */
  readonly #muteSongClick: HTMLButtonElement;
  readonly #trainer: HTMLButtonElement;
  readonly #trainerStart: HTMLInputElement;
  readonly #trainerStep: HTMLInputElement;
  readonly #trainerUnit: HTMLSelectElement;
  readonly #trainerCap: HTMLInputElement;
  readonly #trainerFields: HTMLElement;
  readonly #progress = new TextSlot();
  #snapshot: ViewState | null = null;
  #track: TrackDescription | null | undefined;

  constructor(scope: Scope, view: BacklineView) {
    this.#view = view;

    // Loop: on/off, its bars, or a section.
    this.#loop = h('button', {
      type: 'button', class: 'chip loop-toggle', 'aria-pressed': 'false', 'aria-keyshortcuts': 'L',
      title: 'Loop the bars below (L). Drag on the timeline to set them.',
    }, 'Loop');
    this.#loopStart = numberField({ min: 1, step: 1, value: 1, 'aria-label': 'Loop start bar' });
    this.#loopEnd = numberField({ min: 1, step: 1, value: 1, 'aria-label': 'Loop end bar (included)' });
    this.#section = select('Loop a section', [['', 'Bars…']], 'section-select');
    this.#noteEl = h('span', { class: 'practice-note' }, this.#note.node);
    const loopGroup = h('div', { class: 'pgroup', role: 'group', 'aria-label': 'Loop' },
      this.#loop,
      h('span', { class: 'sync-label', 'aria-hidden': 'true' }, 'Bars'), this.#loopStart,
      h('span', { class: 'dash', 'aria-hidden': 'true' }, '\u2013'), this.#loopEnd,
      this.#section, this.#noteEl);

    // Count-in.
    const bars: [string, string][] = [['0', 'Off']];
    for (let n = 1; n <= COUNT_IN_MAX_BARS; n++) bars.push([String(n), `${n} bar${n > 1 ? 's' : ''}`]);
    this.#countIn = select('Count-in', bars, 'count-in-select');
    this.#countInEvery = select('Count in before', [['first', 'first pass'], ['every', 'every repeat']], 'count-in-every');
    const countGroup = h('div', { class: 'pgroup', role: 'group', 'aria-label': 'Count-in' },
      h('span', { class: 'sync-label', 'aria-hidden': 'true' }, 'Count-in'), this.#countIn, this.#countInEvery);

    // Click.
    this.#click = h('button', {
      type: 'button', class: 'chip click-toggle', 'aria-pressed': 'false', title: 'A click on every beat while the song plays (count-ins always click)',
    }, 'Click');
    this.#clickLevel = new GainSlider(scope, {
      label: 'Click level', className: 'click-level', min: CLICK_LEVEL_MIN_DB, max: CLICK_LEVEL_MAX_DB,
      onChange: (db) => view.setParameter('clickLevel', db),
    });
    this.#clickOutput = select('Click output', [['main', 'in the mix'], ['separate', 'on output 2 (headphones)']], 'click-output');
    this.#clickOutput.title = 'Output 2 is a second stereo output the host can route to the musician\'s headphones only';
    this.#muteSongClick = h('button', { type: 'button', class: 'chip mute-song-click', hidden: true }, 'Mute the song\'s own click');
    const clickGroup = h('div', { class: 'pgroup', role: 'group', 'aria-label': 'Click' }, this.#click, this.#clickLevel.root, this.#clickOutput, this.#muteSongClick);

    // Speed trainer.
    this.#trainer = h('button', {
      type: 'button', class: 'chip trainer-toggle', 'aria-pressed': 'false',
      title: 'Speed trainer: start slower and speed up after every pass of the loop',
    }, 'Trainer');
    this.#trainerStart = numberField({ min: SPEED_MIN * 100, max: SPEED_MAX * 100, step: 1, 'aria-label': 'Trainer start speed, percent' });
    this.#trainerStep = numberField({ min: TRAINER_STEP_MIN, max: TRAINER_STEP_MAX, step: 0.5, 'aria-label': 'Trainer step per pass' });
    this.#trainerUnit = select('Trainer step unit', [['percent', '%'], ['bpm', 'BPM']], 'trainer-unit');
    this.#trainerCap = numberField({ min: SPEED_MIN * 100, max: SPEED_MAX * 100, step: 1, 'aria-label': 'Trainer top speed, percent' });
    const progress = h('span', { class: 'trainer-progress', 'aria-live': 'polite' }, this.#progress.node);
    this.#trainerFields = h('span', { class: 'trainer-fields' },
      h('span', { class: 'sync-label', 'aria-hidden': 'true' }, 'from'), this.#trainerStart, h('span', { class: 'unit', 'aria-hidden': 'true' }, '%'),
      h('span', { class: 'sync-label', 'aria-hidden': 'true' }, '+'), this.#trainerStep, this.#trainerUnit,
      h('span', { class: 'sync-label', 'aria-hidden': 'true' }, 'per pass, up to'), this.#trainerCap, h('span', { class: 'unit', 'aria-hidden': 'true' }, '%'));
    const trainerGroup = h('div', { class: 'pgroup trainer', role: 'group', 'aria-label': 'Speed trainer' }, this.#trainer, this.#trainerFields, progress);

    this.root = h('div', { class: 'practice', role: 'group', 'aria-label': 'Practice' }, loopGroup, countGroup, clickGroup, trainerGroup);
    this.#bind(scope);
  }

  #practice(): PracticeSettings | null {
    return this.#snapshot?.practice ?? null;
  }

  #setTrainer(patch: Partial<TrainerSettings>): void {
    const practice = this.#practice();
    if (practice) this.#view.setPractice({ trainer: { ...practice.trainer, ...patch } });
  }

  #bind(scope: Scope): void {
    const view = this.#view;
    scope.on(this.#loop, 'click', () => view.setParameter('loopEnabled', isOn(this.#snapshot?.params.loopEnabled) ? 0 : 1));
    const setBars = () => {
      const track = this.#snapshot?.track;
      let start = Math.round(Number(this.#loopStart.value));
      let last = Math.round(Number(this.#loopEnd.value));
      if (!track || !Number.isFinite(start) || !Number.isFinite(last)) return;
      const end = lastBarEnd(track);
      start = Math.min(Math.max(1, start), end - 1);
      last = Math.min(Math.max(start, last), end - 1);
      view.setPractice({ loop: { startBar: start, endBar: last + 1 } });
    };
    scope.on(this.#loopStart, 'change', setBars);
    scope.on(this.#loopEnd, 'change', setBars);
    scope.on(this.#section, 'change', () => {
      const track = this.#snapshot?.track;
      const range = track ? sectionRanges(track)[Number(this.#section.value)] : undefined;
      if (!range) return;
      view.setPractice({ loop: { startBar: range.startBar, endBar: range.endBar } });
      view.setParameter('loopEnabled', 1);
    });
    scope.on(this.#countIn, 'change', () => view.setParameter('countInBars', Number(this.#countIn.value)));
    scope.on(this.#countInEvery, 'change', () => view.setPractice({ countInEvery: this.#countInEvery.value === 'every' }));
    scope.on(this.#click, 'click', () => view.setPractice({ click: !this.#practice()?.click }));
    scope.on(this.#muteSongClick, 'click', () => {
      for (const stem of this.#songClickStems()) view.setParameter(`stem${stem.slot}Mute`, 1);
    });
    scope.on(this.#clickOutput, 'change', () => view.setPractice({ clickOutput: this.#clickOutput.value === 'separate' ? 'separate' : 'main' }));
    scope.on(this.#trainer, 'click', () => this.#setTrainer({ enabled: !this.#practice()?.trainer.enabled }));
    const percent = (field: HTMLInputElement) => Number(field.value) / 100;
    scope.on(this.#trainerStart, 'change', () => this.#setTrainer({ start: percent(this.#trainerStart) }));
    scope.on(this.#trainerCap, 'change', () => this.#setTrainer({ cap: percent(this.#trainerCap) }));
    scope.on(this.#trainerStep, 'change', () => this.#setTrainer({ step: Number(this.#trainerStep.value) }));
    scope.on(this.#trainerUnit, 'change', () => this.#setTrainer({ unit: this.#trainerUnit.value === 'bpm' ? 'bpm' : 'percent' }));
  }

  /** The song's own click stems that are playing (not muted). */
  #songClickStems(): TrackDescription['stems'] {
    const snapshot = this.#snapshot;
    return (snapshot?.track?.stems ?? []).filter((s) => s.role === 'click' && !isOn(snapshot!.params[`stem${s.slot}Mute`]));
  }

  update(snapshot: ViewState): void {
    this.#snapshot = snapshot;
    const { params, practice, transport, track } = snapshot;
    if (track !== this.#track) {
      this.#track = track;
      const options = [h('option', { value: '' }, 'Bars…')];
      if (track) sectionRanges(track).forEach(({ section, startBar, endBar }, i) => options.push(h('option', { value: String(i) }, `${section.name} \u00b7 ${startBar}\u2013${endBar - 1}`)));
      this.#section.replaceChildren(...options);
      const end = track ? lastBarEnd(track) - 1 : 1;
      setAttr(this.#loopStart, 'max', String(end));
      setAttr(this.#loopEnd, 'max', String(end));
    }
    const noTrack = !track;
    for (const control of [this.#loop, this.#loopStart, this.#loopEnd, this.#section]) control.disabled = noTrack;

    const loopOn = isOn(params.loopEnabled);
    setAttr(this.#loop, 'aria-pressed', String(loopOn));
    const loop = practice.loop;
    showValue(this.#loopStart, loop ? String(loop.startBar) : '');
    showValue(this.#loopEnd, loop ? String(loop.endBar - 1) : '');
    const section = sectionOfLoop(track, loop);
    const index = section && track ? track.sections.indexOf(section) : -1;
    showValue(this.#section, index >= 0 ? String(index) : '');
    const hostDrives = transport.sync === 'host';
    setClass(this.root, 'host-drives', hostDrives);
    this.#note.set(hostDrives ? 'The host\'s transport plays: the host loops and counts in' : loopOn && !loop ? 'Drag on the timeline to set the bars' : '');
    setHidden(this.#noteEl, !this.#note.text);

    showValue(this.#countIn, String(Math.round(params.countInBars ?? 0)));
    showValue(this.#countInEvery, practice.countInEvery ? 'every' : 'first');
    this.#countInEvery.disabled = !(params.countInBars > 0);

    setAttr(this.#click, 'aria-pressed', String(practice.click));
    this.#clickLevel.update(params.clickLevel ?? -6);
    showValue(this.#clickOutput, practice.clickOutput);
    const songClicks = practice.click ? this.#songClickStems() : [];
    setHidden(this.#muteSongClick, songClicks.length === 0);
    if (songClicks.length) this.#muteSongClick.title = `The song has a click of its own (${songClicks.map((s) => s.name).join(', ')}); it plays in the mix`;

    const trainer = practice.trainer;
    setAttr(this.#trainer, 'aria-pressed', String(trainer.enabled));
    setClass(this.#trainerFields, 'off', !trainer.enabled);
    showValue(this.#trainerStart, String(Math.round(trainer.start * 100)));
    showValue(this.#trainerStep, String(trainer.step));
    showValue(this.#trainerUnit, trainer.unit);
    showValue(this.#trainerCap, String(Math.round(trainer.cap * 100)));
    this.#progress.set(trainer.enabled ? trainerProgress(snapshot) : '');
  }
}

/**
 * "Pass 4 · 79 % · 79 BPM", or what the trainer needs ("Needs a loop"). The tempo is the song's
 * at the loop start × speed.
 */
export function trainerProgress(snapshot: Pick<ViewState, 'track' | 'practice' | 'params' | 'transport'>): string {
  const { track, practice, params, transport } = snapshot;
  if (!track) return '';
  if (!practice.loop || !isOn(params.loopEnabled)) return 'Needs the loop on';
  const speed = params.speed ?? 1;
  const beat = songSecondsToBeats(track, barStartSeconds(track, practice.loop.startBar));
  const bpm = bpmAt(track.tempoMap, beat + 1e-9) * speed;
  return `Pass ${transport.passes + 1} \u00b7 ${formatPercent(speed)} \u00b7 ${formatBpm(Math.round(bpm * 10) / 10)} BPM`;
}
