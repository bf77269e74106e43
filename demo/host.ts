/**
 * A minimal WAM v2 host for Backline, written only against the public WAM API: it sets up the
 * host group, imports the plugin by URL, mounts its GUI, loads the demo song, and drives the
 * plugin as a DAW would, with `wam-transport` and `wam-automation` events.
 *
 * URL parameters: `?plugin=<url>` loads the plugin from elsewhere (another origin works when that
 * server sends the CORS/CORP headers of docs/demo.md); `?track=<url>` loads another track first.
 * Tests reach the host through `window.backlineDemo`. Thread: main.
 */
import { initializeWamHost } from '@webaudiomodules/sdk';
import type { WamAutomationEvent, WamNode, WamTransportData, WamTransportEvent, WebAudioModule } from '@webaudiomodules/api';
import { HostClock } from './host-clock.js';

/** What this host uses of Backline's node beyond the WAM API (see DESIGN.md "Contracts"). */
interface BacklineNode extends WamNode {
  loadTrack(source: string | File[]): Promise<{ title?: string; duration?: number; stems?: unknown[] }>;
  play(): void;
  stop(): void;
  seek(seconds: number): void;
}

type BacklineModule = WebAudioModule<BacklineNode>;

interface BacklineDemo {
  audioContext: AudioContext;
  instance: BacklineModule;
  hostGroupId: string;
  clock: HostClock;
  /** Settles when the first track has loaded (or failed to). */
  firstLoad: Promise<unknown>;
  /** Every event this page sent, oldest first. */
  sent: { type: string; time?: number; data: unknown }[];
}

declare global {
  interface Window { backlineDemo?: BacklineDemo }
}

/** Play starts the first bar this far ahead of "now", so its downbeat is never cut. */
const START_LEAD_SECONDS = 0.1;
/** Bar-aligned automation is scheduled this far ahead of the bar start. */
const AUTOMATION_LOOKAHEAD_SECONDS = 0.2;
/** A loop's wrap is announced this far ahead, so the plugin can prime the jump onto the bar line. */
const LOOP_LOOKAHEAD_SECONDS = 0.06;
const TICK_MS = 10;
const LOG_LINES = 14;

const params = new URLSearchParams(location.search);
const pluginUrl = new URL(params.get('plugin') ?? '../index.js', location.href).href;
const songUrl = new URL('./song/backline.json', location.href).href;
const zipUrl = new URL('./song.zip', location.href).href;
const firstTrackUrl = new URL(params.get('track') ?? songUrl, location.href).href;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const ui = {
  start: $<HTMLButtonElement>('start'),
  status: $<HTMLDivElement>('status'),
  plugin: $<HTMLDivElement>('plugin'),
  trackUrl: $<HTMLInputElement>('track-url'),
  loadUrl: $<HTMLButtonElement>('load-url'),
  loadZip: $<HTMLButtonElement>('load-zip'),
  loadFiles: $<HTMLInputElement>('load-files'),
  play: $<HTMLButtonElement>('play'),
  stop: $<HTMLButtonElement>('stop'),
  tempo: $<HTMLInputElement>('tempo'),
  barCounter: $<HTMLSpanElement>('bar-counter'),
  oneBased: $<HTMLInputElement>('one-based'),
  noTime: $<HTMLInputElement>('no-time'),
  seekBar: $<HTMLInputElement>('seek-bar'),
  seek: $<HTMLButtonElement>('seek'),
  loop: $<HTMLInputElement>('loop'),
  loopStart: $<HTMLInputElement>('loop-start'),
  loopEnd: $<HTMLInputElement>('loop-end'),
  autoSlot: $<HTMLSelectElement>('auto-slot'),
  autoMute: $<HTMLButtonElement>('auto-mute'),
  autoUnmute: $<HTMLButtonElement>('auto-unmute'),
  autoPattern: $<HTMLInputElement>('auto-pattern'),
  monitorClick: $<HTMLInputElement>('monitor-click'),
  log: $<HTMLPreElement>('log'),
};

function setStatus(text: string, kind: 'info' | 'ok' | 'error' = 'info'): void {
  ui.status.textContent = text;
  ui.status.className = kind === 'info' ? '' : kind;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------------------------------------
// Audio context and plugin.

const audioContext = new AudioContext({ latencyHint: 'interactive' });
const clock = new HostClock();
const sent: BacklineDemo['sent'] = [];
let node: BacklineNode | null = null;

/** Stays clickable when running (a no-op then), so scripts and users can always press it. */
function updateStartButton(): void {
  const running = audioContext.state === 'running';
  ui.start.textContent = running ? 'Audio on' : 'Start audio';
  ui.start.classList.toggle('primary', !running);
}
audioContext.addEventListener('statechange', updateStartButton);
updateStartButton();
ui.start.addEventListener('click', () => { void audioContext.resume(); });

let clickMonitor: GainNode | null = null;

async function setUp(): Promise<void> {
  const [hostGroupId] = await initializeWamHost(audioContext);
  let Backline: { createInstance(groupId: string, context: BaseAudioContext, state?: unknown): Promise<BacklineModule> };
  try {
    ({ default: Backline } = await import(pluginUrl));
  } catch (error) {
    throw new Error(`Could not load the plugin from ${pluginUrl} (${errorText(error)}). Run "npm run build" first, or pass ?plugin=<url>.`);
  }
  const instance = await Backline.createInstance(hostGroupId, audioContext);
  node = instance.audioNode;
  node.connect(audioContext.destination);
  // The plugin's second output carries the click when its GUI sends it there ("on output 2"): a DAW
  // would route it to the musician's headphones. This page has one pair of speakers: a switch.
  clickMonitor = audioContext.createGain();
  clickMonitor.gain.value = ui.monitorClick.checked ? 1 : 0;
  node.connect(clickMonitor, 1);
  clickMonitor.connect(audioContext.destination);
  const gui = await instance.createGui();
  ui.plugin.replaceChildren(gui);

  ui.trackUrl.value = firstTrackUrl;
  const firstLoad = loadTrack(firstTrackUrl);
  window.backlineDemo = { audioContext, instance, hostGroupId, clock, firstLoad, sent };
  window.dispatchEvent(new CustomEvent('backline-demo-ready'));
  await firstLoad;
}

async function loadTrack(source: string | File[]): Promise<unknown> {
  if (!node) return null;
  const what = typeof source === 'string' ? source.split('/').slice(-2).join('/') : `${source.length} file(s)`;
  setStatus(`Loading ${what}…`);
  try {
    const track = await node.loadTrack(source);
    const stems = track.stems?.length ?? 0;
    const seconds = track.duration ? `, ${track.duration.toFixed(1)} s` : '';
    setStatus(`Loaded "${track.title ?? what}": ${stems} stem${stems === 1 ? '' : 's'}${seconds}.`, 'ok');
    await refreshSlotLabels();
    return track;
  } catch (error) {
    setStatus(errorText(error), 'error');
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Events.

function send(event: WamTransportEvent | WamAutomationEvent): void {
  if (!node) return;
  node.scheduleEvents(event);
  sent.push(event);
  const line = `${audioContext.currentTime.toFixed(3)}  ${describe(event)}`;
  const lines = (ui.log.textContent ? ui.log.textContent.split('\n') : []).concat(line);
  ui.log.textContent = lines.slice(-LOG_LINES).join('\n');
}

/** One line of the event log, e.g. "transport @12.300 bar 3 from 12.300, 100 BPM 4/4, playing". */
function describe(event: WamTransportEvent | WamAutomationEvent): string {
  const at = event.time === undefined ? 'no time' : `@${event.time.toFixed(3)}`;
  if (event.type === 'wam-automation') return `automation ${at} ${event.data.id} = ${event.data.value}`;
  const d = event.data;
  return `transport ${at} bar ${d.currentBar} from ${d.currentBarStarted.toFixed(3)}, ${d.tempo} BPM `
    + `${d.timeSigNumerator}/${d.timeSigDenominator}, ${d.playing ? 'playing' : 'stopped'}`;
}

/** A transport anchor, stamped "now" unless the host is set to send events without time. */
function sendTransport(data: WamTransportData): void {
  const event: WamTransportEvent = { type: 'wam-transport', data };
  if (!ui.noTime.checked) event.time = audioContext.currentTime;
  send(event);
}

function automationId(): string {
  return `stem${ui.autoSlot.value || '2'}Mute`;
}

function sendAutomation(value: number, time: number): void {
  send({ type: 'wam-automation', time, data: { id: automationId(), value, normalized: false } });
}

/** Label the stem menu from the plugin's parameters ("Mute Bass" → "2: Bass"). */
async function refreshSlotLabels(): Promise<void> {
  const selected = ui.autoSlot.value || '2';
  let info: Record<string, { label?: string }> = {};
  try { info = node ? await node.getParameterInfo() : {}; } catch { /* keep the plain numbers */ }
  const options: HTMLOptionElement[] = [];
  for (let slot = 1; slot <= 16; slot++) {
    const label = info[`stem${slot}Mute`]?.label?.replace(/^Mute\s+/, '') ?? `Stem ${slot}`;
    options.push(new Option(`${slot}: ${label}`, String(slot), false, String(slot) === selected));
  }
  ui.autoSlot.replaceChildren(...options);
}

// ---------------------------------------------------------------------------------------------
// The host transport: a DAW's play/stop/tempo, re-sending the anchor at every bar start.

let lastSentBar = Number.NaN;
/** Start time of the last bar whose automation was sent (bar numbers repeat when looping). */
let lastAutomatedStart = Number.NaN;

/** A whole bar number from an input (or `fallback`). */
function barValue(input: HTMLInputElement, fallback: number): number {
  const value = Math.round(Number(input.value));
  return Number.isFinite(value) ? value : fallback;
}

/** The loop region [start, end) in host bars, or null when looping is off or the region is empty. */
function loopRegion(): { start: number; end: number } | null {
  if (!ui.loop.checked) return null;
  const start = barValue(ui.loopStart, clock.barBase);
  const end = barValue(ui.loopEnd, start + 4);
  return end > start ? { start, end } : null;
}

function play(): void {
  if (clock.playing) return;
  void audioContext.resume();
  const data = clock.start(audioContext.currentTime + START_LEAD_SECONDS);
  lastSentBar = data.currentBar;
  lastAutomatedStart = data.currentBarStarted;
  sendTransport(data);
  if (ui.autoPattern.checked) sendAutomation(patternValue(data.currentBar), data.currentBarStarted);
  ui.play.setAttribute('aria-pressed', 'true');
}

function stop(): void {
  if (!clock.playing) return;
  sendTransport(clock.stop(audioContext.currentTime));
  ui.play.setAttribute('aria-pressed', 'false');
}

/** Mute on every other bar: odd bars (counted from the first) muted, scheduled on the bar line. */
function patternValue(bar: number): number {
  return (bar - clock.barBase) % 2 === 1 ? 1 : 0;
}

/**
 * Go to a bar, as a DAW's locator: playing, the bar starts `START_LEAD_SECONDS` from now (the anchor
 * is sent at once, its `currentBarStarted` ahead); stopped, the next Play starts there.
 */
function seekTo(bar: number): void {
  const data = clock.jump(bar, audioContext.currentTime + START_LEAD_SECONDS);
  if (!data) {
    ui.barCounter.textContent = `${bar}.1`;
    return;
  }
  // The bar under way is not re-sent before the jump (that would cancel it): lastSentBar stays.
  sendTransport(data);
  if (ui.autoPattern.checked) {
    lastAutomatedStart = data.currentBarStarted;
    sendAutomation(patternValue(bar), data.currentBarStarted);
  }
}

function tick(): void {
  const now = audioContext.currentTime;
  clock.update(now);
  const position = clock.positionAt(now);
  if (clock.playing) {
    // Every bar start: the anchor again (after a jump it repeats what was sent ahead: a no-op).
    if (position.bar !== lastSentBar && now >= position.barStarted) {
      lastSentBar = position.bar;
      sendTransport(clock.data(position));
    }
    const loop = loopRegion();
    const wraps = loop !== null && position.bar === loop.end - 1;
    const nextStart = position.barStarted + clock.barSeconds;
    const nextBar = wraps ? loop.start : position.bar + 1;
    // A loop wraps at the start of its end bar: tell the plugin a little ahead (the bar that starts
    // then, and when), as hosts that schedule ahead do.
    if (wraps && !clock.jumpPending && nextStart - now < LOOP_LOOKAHEAD_SECONDS) {
      const data = clock.jump(loop.start, nextStart);
      if (data) sendTransport(data);
    }
    if (ui.autoPattern.checked && nextStart !== lastAutomatedStart && nextStart - now < AUTOMATION_LOOKAHEAD_SECONDS) {
      lastAutomatedStart = nextStart;
      sendAutomation(patternValue(nextBar), nextStart);
    }
  }
  const beat = Math.max(0, Math.floor(position.beat)) + 1;
  ui.barCounter.textContent = `${position.bar}.${beat}`;
}

ui.play.addEventListener('click', play);
ui.stop.addEventListener('click', stop);
ui.tempo.addEventListener('change', () => {
  const data = clock.setTempo(Number(ui.tempo.value), audioContext.currentTime);
  ui.tempo.value = String(clock.tempo);
  if (data) sendTransport(data);
});
ui.oneBased.addEventListener('change', () => {
  const data = clock.setBarBase(ui.oneBased.checked ? 1 : 0, audioContext.currentTime);
  if (data) {
    lastSentBar = data.currentBar;
    sendTransport(data);
  }
});
ui.seek.addEventListener('click', () => seekTo(barValue(ui.seekBar, clock.barBase)));
ui.seekBar.addEventListener('keydown', (e) => { if (e.key === 'Enter') ui.seek.click(); });
ui.autoMute.addEventListener('click', () => sendAutomation(1, audioContext.currentTime + 0.5));
ui.autoUnmute.addEventListener('click', () => sendAutomation(0, audioContext.currentTime + 0.5));
ui.autoPattern.addEventListener('change', () => {
  // Off: unmute right away. On: the next bar line gets the first value.
  if (!ui.autoPattern.checked) sendAutomation(0, audioContext.currentTime);
  lastAutomatedStart = Number.NaN;
});
ui.monitorClick.addEventListener('change', () => {
  clickMonitor?.gain.setTargetAtTime(ui.monitorClick.checked ? 1 : 0, audioContext.currentTime, 0.01);
});
ui.loadUrl.addEventListener('click', () => { if (ui.trackUrl.value) void loadTrack(new URL(ui.trackUrl.value, location.href).href); });
ui.trackUrl.addEventListener('keydown', (e) => { if (e.key === 'Enter') ui.loadUrl.click(); });
ui.loadZip.addEventListener('click', () => { ui.trackUrl.value = zipUrl; void loadTrack(zipUrl); });
ui.loadFiles.addEventListener('change', () => {
  const files = Array.from(ui.loadFiles.files ?? []);
  if (files.length) void loadTrack(files);
});

setInterval(tick, TICK_MS);
void refreshSlotLabels();
setUp().catch((error) => setStatus(errorText(error), 'error'));
