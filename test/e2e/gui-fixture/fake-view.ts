/**
 * A fake BacklineView for GUI tests: a snapshot store with a 4-stem track (synthesized peaks) that
 * records every command, lets the test push snapshot changes (as the node or host automation
 * would), and uses a real AudioContext (or a frozen OfflineAudioContext) only for `currentTime`.
 */
import { PEAKS_PER_SECOND } from '../../../src/shared/constants.js';
import { DEFAULT_SYNC_SETTINGS, sanitizeSyncSettings, type SyncSettings } from '../../../src/shared/messages.js';
import { defaultParameterValues } from '../../../src/shared/params.js';
import { DEFAULT_PRACTICE, sanitizePractice, type PracticeSettings } from '../../../src/shared/practice.js';
import type { StemDescription, StemRole, TrackDescription } from '../../../src/shared/track.js';
import type { BacklineView, TrackSourceInput, ViewState } from '../../../src/shared/view.js';
import { INITIAL_TRANSPORT, songSecondsAt } from '../../../src/shared/view.js';

export type Call =
  | { method: 'setParameter'; id: string; value: number }
  | { method: 'play' | 'stop' | 'clearError' }
  | { method: 'seek'; seconds: number }
  | { method: 'setSyncSettings'; patch: Partial<SyncSettings> }
  | { method: 'setStemKeepsPitch'; stemId: string; on: boolean }
  | { method: 'setPractice'; patch: Partial<PracticeSettings> }
  | { method: 'jumpToBar'; bar: number }
  | { method: 'cancelJump' }
  | { method: 'loadTrack'; files: { name: string; path: string; size: number }[] | string };

export interface FakeOptions {
  /** 'realtime': a running AudioContext; 'frozen': an OfflineAudioContext whose time stays at 0. */
  clock?: 'realtime' | 'frozen';
  /** Apply setParameter to the snapshot at once, like the node (default true). */
  applyParams?: boolean;
  /** Start without a track (empty state). */
  empty?: boolean;
}

/** A deterministic pseudo-random generator so screenshots are stable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function synthPeaks(role: StemRole, duration: number, seed: number): Float32Array {
  const n = Math.round(duration * PEAKS_PER_SECOND);
  const peaks = new Float32Array(n);
  const rand = rng(seed);
  const beat = 60 / 96;
  for (let i = 0; i < n; i++) {
    const t = i / PEAKS_PER_SECOND;
    const section = Math.floor(t / 24);
    const phase = (t % beat) / beat;
    const swell = 0.75 + 0.25 * Math.sin(t / 7);
    let v: number;
    switch (role) {
      case 'drums': v = (Math.max(Math.exp(-phase * 10) * 0.9, 0.22 * Math.exp(-((phase * 2) % 1) * 12)) + rand() * 0.05) * (t < 2 ? 0.3 : 1); break;
      case 'bass': v = (0.45 + 0.2 * Math.exp(-((phase * 2) % 1) * 4) + rand() * 0.05) * (t < 8 ? 0 : 1); break;
      case 'keys': v = (0.3 + 0.15 * Math.sin(t * 1.3) + rand() * 0.06) * swell * (section % 3 === 1 ? 0.4 : 1); break;
      default: v = (section % 2 === 0 && t > 24 ? 0.55 + rand() * 0.25 : 0.05 * rand()) * swell;
    }
    peaks[i] = Math.min(1, v);
  }
  return peaks;
}

export function demoTrack(overrides: Partial<TrackDescription> = {}): TrackDescription {
  const duration = 192.5;
  const stems: [string, StemRole, string][] = [
    ['Drums', 'drums', '#ef6351'],
    ['Bass', 'bass', '#f4b942'],
    ['Keys', 'keys', '#5aaefc'],
    ['Guitar', 'guitar', '#7bd389'],
  ];
  const sampleRate = 48000;
  return {
    title: 'Midnight Drive (practice mix)',
    source: { kind: 'files', names: stems.map(([name]) => `${name}.wav`) },
    sampleRate,
    frames: Math.round(duration * sampleRate),
    duration,
    tempoMap: [{ beat: 0, bpm: 96 }],
    timeSignature: [4, 4],
    downbeat: 0.625,
    key: 'A minor',
    sections: [{ name: 'Intro', bar: 1 }, { name: 'Verse', bar: 9 }],
    stems: stems.map(([name, role, color], i): StemDescription => ({
      id: name.toLowerCase(), name, role, color, slot: i + 1, gainDb: 0, channels: 2, keepsPitch: role === 'drums', peaks: synthPeaks(role, duration, i + 7),
    })),
    memoryBytes: Math.round(duration * sampleRate) * 2 * 2 * stems.length,
    ...overrides,
  };
}

/** Stems of a bigger band, for the practice screenshots and the 16-stem frame budget. */
const BAND: [string, StemRole, string][] = [
  ['Drums', 'drums', '#ef6351'], ['Percussion', 'percussion', '#f08a4b'], ['Bass', 'bass', '#4e7de8'], ['Keys', 'keys', '#9b6ee8'],
  ['Piano', 'keys', '#b48ef0'], ['Pad', 'synth', '#6ec1e8'], ['Rhythm Guitar', 'guitar', '#e8b34e'], ['Lead Guitar', 'guitar', '#f2cf7a'],
  ['Lead Vocal', 'vocals', '#4ec9b0'], ['Backing Vocals', 'vocals', '#7fdcc8'], ['Strings', 'strings', '#c46ec9'], ['Brass', 'brass', '#d9c04a'],
  ['Organ', 'keys', '#8f7ae0'], ['Synth Lead', 'synth', '#58d0f0'], ['FX', 'other', '#7fbf6a'], ['Click', 'click', '#9aa0a6'],
];

/** A song of `count` stems (up to 16) with sections: Intro 1, Verse 9, Chorus 17, Verse 25, Chorus 33, Bridge 41, Chorus 49, Outro 57. */
export function bandTrack(count: number, overrides: Partial<TrackDescription> = {}): TrackDescription {
  const base = demoTrack();
  const stems = BAND.slice(0, count).map(([name, role, color], i): StemDescription => ({
    id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), name, role, color, slot: i + 1, gainDb: 0, channels: 2,
    keepsPitch: role === 'drums' || role === 'percussion' || role === 'click',
    peaks: synthPeaks(role === 'percussion' ? 'drums' : role, base.duration, i + 3),
  }));
  return {
    ...base,
    title: 'Night Train (full band)',
    source: { kind: 'files', names: stems.map((s) => `${s.name}.flac`) },
    sections: [
      { name: 'Intro', bar: 1 }, { name: 'Verse', bar: 9 }, { name: 'Chorus', bar: 17 }, { name: 'Verse 2', bar: 25 },
      { name: 'Chorus 2', bar: 33 }, { name: 'Bridge', bar: 41 }, { name: 'Chorus 3', bar: 49 }, { name: 'Outro', bar: 57 },
    ],
    stems,
    memoryBytes: Math.round(base.duration * base.sampleRate) * 2 * 2 * stems.length,
    ...overrides,
  };
}

export class FakeView implements BacklineView {
  readonly audioContext: BaseAudioContext;
  readonly calls: Call[] = [];
  applyParams: boolean;
  /** What the next loadTrack does: resolve with a track, or reject with this message. */
  nextLoad: { track: TrackDescription } | { error: string } = { track: demoTrack({ title: 'Loaded song' }) };
  #state: ViewState;
  readonly #listeners = new Set<() => void>();

  constructor(options: FakeOptions = {}) {
    this.audioContext = options.clock === 'frozen' ? new OfflineAudioContext(2, 128, 48000) : new AudioContext();
    this.applyParams = options.applyParams ?? true;
    this.#state = {
      track: options.empty ? null : demoTrack(),
      params: defaultParameterValues(),
      loading: null,
      error: null,
      transport: { ...INITIAL_TRANSPORT },
      settings: { ...DEFAULT_SYNC_SETTINGS },
      practice: sanitizePractice(DEFAULT_PRACTICE),
    };
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  getSnapshot(): ViewState {
    return this.#state;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Replace parts of the snapshot (a new object, as the contract says) and notify. */
  push(patch: Partial<ViewState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of [...this.#listeners]) listener();
  }

  /** Change parameters, e.g. as host automation would. */
  setParams(patch: Record<string, number>): void {
    this.push({ params: { ...this.#state.params, ...patch } });
  }

  setParameter(id: string, value: number): void {
    this.calls.push({ method: 'setParameter', id, value });
    if (this.applyParams) this.setParams({ [id]: value });
  }

  play(): void {
    this.calls.push({ method: 'play' });
    const now = this.audioContext.currentTime;
    this.push({ transport: { ...this.#state.transport, playing: true, contextTime: now, songSeconds: this.#state.transport.songSeconds } });
  }

  stop(): void {
    this.calls.push({ method: 'stop' });
    const now = this.audioContext.currentTime;
    this.push({ transport: { ...this.#state.transport, playing: false, contextTime: now, songSeconds: songSecondsAt(this.#state.transport, now) } });
  }

  seek(seconds: number): void {
    this.calls.push({ method: 'seek', seconds });
    this.push({ transport: { ...this.#state.transport, contextTime: this.audioContext.currentTime, songSeconds: seconds } });
  }

  setSyncSettings(patch: Partial<SyncSettings>): void {
    this.calls.push({ method: 'setSyncSettings', patch });
    this.push({ settings: sanitizeSyncSettings({ ...this.#state.settings, ...patch }) });
  }

  setStemKeepsPitch(stemId: string, on: boolean): void {
    this.calls.push({ method: 'setStemKeepsPitch', stemId, on });
    const track = this.#state.track;
    if (!track) return;
    this.push({ track: { ...track, stems: track.stems.map((s) => (s.id === stemId ? { ...s, keepsPitch: on } : s)) } });
  }

  setPractice(patch: Partial<PracticeSettings>): void {
    this.calls.push({ method: 'setPractice', patch });
    const current = this.#state.practice;
    this.push({ practice: sanitizePractice({ ...current, ...patch, trainer: { ...current.trainer, ...(patch.trainer ?? {}) } }) });
  }

  /** Like the node: stopped, the song goes there at once; playing, a jump waits for the next bar line. */
  jumpToBar(bar: number): void {
    this.calls.push({ method: 'jumpToBar', bar });
    const t = this.#state.transport;
    if (t.playing) this.push({ transport: { ...t, jump: { bar, at: this.audioContext.currentTime + 1 } } });
  }

  cancelJump(): void {
    this.calls.push({ method: 'cancelJump' });
    this.push({ transport: { ...this.#state.transport, jump: null } });
  }

  clearError(): void {
    this.calls.push({ method: 'clearError' });
    this.push({ error: null });
  }

  async loadTrack(source: TrackSourceInput): Promise<TrackDescription> {
    const files = typeof source === 'string' || source instanceof URL
      ? String(source)
      : Array.from(source).map((f) => ({ name: f.name, path: f.webkitRelativePath || f.name, size: f.size }));
    this.calls.push({ method: 'loadTrack', files });
    this.push({ loading: { label: 'Reading files', fraction: 0 }, error: null });
    await new Promise((r) => setTimeout(r, 10));
    const outcome = this.nextLoad;
    if ('error' in outcome) {
      this.push({ loading: null, error: outcome.error });
      throw new Error(outcome.error);
    }
    this.push({ loading: null, track: outcome.track });
    return outcome.track;
  }
}
