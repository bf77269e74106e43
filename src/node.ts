/**
 * The main-thread side of one Backline instance: the SDK's WamNode plus track loading, the
 * standalone transport, state, and the snapshot store the GUIs render from.
 * Thread: main thread only.
 */
import { WamNode } from '@webaudiomodules/sdk';
import type { WamParameterDataMap } from '@webaudiomodules/api';
import type { Envelope, NodeToProcessor, ProcessorToNode, TransportReport, SyncSettings } from './shared/messages.js';
import { DEFAULT_SYNC_SETTINGS, isEnvelope, sanitizeSyncSettings } from './shared/messages.js';
import { CHUNK_FRAMES } from './shared/constants.js';
import { defaultParameterValues, PARAMETER_IDS } from './shared/params.js';
import { DEFAULT_PRACTICE, sanitizePractice, type PracticeSettings } from './shared/practice.js';
import type { TrackDescription } from './shared/track.js';
import type { Seconds } from './shared/units.js';
import { INITIAL_TRANSPORT, type BacklineView, type TrackSourceInput, type ViewState } from './shared/view.js';
import { loadTrackData, type LoadedTrack } from './loader/index.js';
import { browserDecoder } from './decode.js';
import { migrateState, STATE_VERSION, type BacklineState } from './state.js';

/** How many PCM chunks may be in flight to the processor before waiting for acknowledgements. */
const CHUNKS_IN_FLIGHT = 2;

type Reply = Extract<ProcessorToNode, { loadId: number }>;

export class BacklineNode extends WamNode implements BacklineView {
  private snapshot: ViewState = {
    track: null,
    params: defaultParameterValues(),
    loading: null,
    error: null,
    transport: { ...INITIAL_TRANSPORT },
    settings: { ...DEFAULT_SYNC_SETTINGS },
    practice: sanitizePractice(DEFAULT_PRACTICE),
  };
  private readonly listeners = new Set<() => void>();
  private loadCounter = 0;
  private activeLoad = 0;
  private loadAbort: AbortController | null = null;
  /** "Keeps its pitch" overrides by stem id for the loaded track (saved in state). */
  private keepsPitchOverrides: Record<string, boolean> = {};
  /** Overrides to apply to the next load (from setState). */
  private pendingKeepsPitch: Record<string, boolean> = {};
  private readonly replyWaiters: ((reply: Reply) => void)[] = [];

  /**
   * Register the SDK's worklet code and Backline's processor for `moduleId`.
   * Thread: main. Call once per context before constructing nodes (repeat calls are cheap).
   */
  static override async addModules(audioContext: BaseAudioContext, moduleId: string): Promise<void> {
    await super.addModules(audioContext, moduleId);
    await audioContext.audioWorklet.addModule(new URL('./processor.js', import.meta.url).href);
  }

  constructor(module: ConstructorParameters<typeof WamNode>[0], wasmBytes: ArrayBuffer) {
    super(module, {
      numberOfInputs: 1,
      // Output 0: the mix (input passed through). Output 1: the click, when it has its own output
      // (docs/practice.md), so a host can route it to the musician's headphones only.
      numberOfOutputs: 2,
      outputChannelCount: [2, 2],
      processorOptions: { wasmBytes },
    });
    // The SDK filters event types it does not know; hosts listen for wam-info to relabel.
    (this as unknown as { _supportedEventTypes: Set<string> })._supportedEventTypes.add('wam-info');
  }

  get audioContext(): BaseAudioContext {
    return this.context;
  }

  // ——— the view store ———

  getSnapshot(): ViewState {
    return this.snapshot;
  }

  subscribe(listener: () => void): () => void {
    if (this.listeners.size === 0) this.post({ type: 'reports', enabled: true });
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.post({ type: 'reports', enabled: false });
    };
  }

  private update(patch: Partial<ViewState>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of [...this.listeners]) listener();
  }

  clearError(): void {
    if (this.snapshot.error) this.update({ error: null });
  }

  // ——— commands ———

  /**
   * Load a track: a URL (manifest `.json`, `.zip` package or one audio file) or a list of Files.
   * Resolves with its description; rejects with an Error a musician can act on, in which case the
   * track already loaded stays loaded and playing.
   * @example const track = await instance.audioNode.loadTrack('https://example.com/song/backline.json');
   */
  async loadTrack(source: TrackSourceInput): Promise<TrackDescription> {
    const loadId = ++this.loadCounter;
    this.activeLoad = loadId;
    // A newer load replaces this one: stop decoding the old one at once.
    this.loadAbort?.abort(new Error('Loading was replaced by a newer load.'));
    const abort = new AbortController();
    this.loadAbort = abort;
    const superseded = () => this.activeLoad !== loadId;
    this.update({ loading: { label: 'Loading…', fraction: 0 }, error: null });
    try {
      const loaded = await loadTrackData(source, {
        sampleRate: this.context.sampleRate,
        decoder: browserDecoder(this.context),
        signal: abort.signal,
        onProgress: (progress) => { if (!superseded()) this.update({ loading: { label: progress.label, fraction: progress.fraction * 0.8 } }); },
      });
      if (superseded()) throw new Error('Loading was replaced by a newer load.');
      const overrides = this.applyKeepsPitchOverrides(loaded, this.pendingKeepsPitch);
      this.pendingKeepsPitch = {};
      await this.transferTrack(loadId, loaded, superseded);
      this.keepsPitchOverrides = overrides;
      const params = { ...this.snapshot.params };
      this.update({ track: loaded.description, loading: null, params });
      return loaded.description;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!superseded()) this.update({ loading: null, error: message });
      this.post({ type: 'track-abort', loadId });
      throw new Error(message);
    }
  }

  /** Apply saved overrides to a freshly loaded track; returns those that matched a stem. */
  private applyKeepsPitchOverrides(loaded: LoadedTrack, overrides: Record<string, boolean>): Record<string, boolean> {
    const applied: Record<string, boolean> = {};
    for (const stem of loaded.stems) {
      const on = overrides[stem.description.id];
      if (on === undefined) continue;
      stem.description.keepsPitch = on;
      stem.layout.keepsPitch = on;
      applied[stem.description.id] = on;
    }
    return applied;
  }

  /**
   * Whether stem `stemId` keeps its pitch when the song is transposed (drums, percussion and click
   * do by default; they are still time-stretched). Saved in state.
   * @example node.setStemKeepsPitch('bass', true); // transpose everything but the bass
   */
  setStemKeepsPitch(stemId: string, on: boolean): void {
    const track = this.snapshot.track;
    const stem = track?.stems.find((s) => s.id === stemId);
    if (!track || !stem || stem.keepsPitch === on) return;
    this.post({ type: 'stem-keeps-pitch', stem: stem.slot - 1, on });
    this.keepsPitchOverrides = { ...this.keepsPitchOverrides, [stemId]: on };
    const stems = track.stems.map((s) => (s.id === stemId ? { ...s, keepsPitch: on } : s));
    this.update({ track: { ...track, stems } });
  }

  /** Move the PCM to the processor in chunks (transferred), then switch atomically. */
  private async transferTrack(loadId: number, loaded: LoadedTrack, superseded: () => boolean): Promise<void> {
    const { description, stems } = loaded;
    // A MIDI track's events go with the begin (copies, transferred); its stems have no PCM chunks.
    const midi = loaded.midi
      ? { beats: loaded.midi.beats.slice(), bytes: loaded.midi.bytes.slice(), tempo: loaded.midi.tempo.slice(), stemBase: loaded.midi.stemBase }
      : undefined;
    const begin = this.request({
      type: 'track-begin', loadId, frames: description.frames,
      stems: stems.map((s) => s.layout),
      timing: {
        downbeat: description.downbeat, tempoMap: description.tempoMap, timeSignature: description.timeSignature,
        meters: description.meters ?? [],
      },
      ...(midi ? { midi } : {}),
    }, midi ? [midi.beats.buffer, midi.bytes.buffer, midi.tempo.buffer] : []);
    const reserved = await begin;
    if (reserved.type === 'track-error') throw new Error(reserved.message);
    const totalChunks = stems.reduce((sum, s) => sum + Math.ceil(description.frames / CHUNK_FRAMES), 0) || 1;
    let sent = 0;
    const inFlight: Promise<Reply>[] = [];
    for (let stem = 0; stem < stems.length; stem++) {
      const { pcm, layout } = stems[stem];
      const frames = pcm.length / layout.channels;
      for (let offsetFrames = 0; offsetFrames < frames; offsetFrames += CHUNK_FRAMES) {
        if (superseded()) throw new Error('Loading was replaced by a newer load.');
        const end = Math.min(frames, offsetFrames + CHUNK_FRAMES);
        const data = pcm.slice(offsetFrames * layout.channels, end * layout.channels);
        inFlight.push(this.request({ type: 'track-chunk', loadId, stem, offsetFrames, data }, [data.buffer]));
        if (inFlight.length >= CHUNKS_IN_FLIGHT) await this.expectOk(inFlight.shift()!);
        sent++;
        this.update({ loading: { label: `Preparing ${stems[stem].description.name}`, fraction: 0.8 + 0.2 * (sent / totalChunks) } });
      }
    }
    for (const reply of inFlight) await this.expectOk(reply);
    if (superseded()) throw new Error('Loading was replaced by a newer load.');
    await this.expectOk(this.request({ type: 'track-commit', loadId }));
  }

  private async expectOk(reply: Promise<Reply>): Promise<void> {
    const result = await reply;
    if (result.type === 'track-error') throw new Error(result.message);
  }

  /**
   * Post a load message and wait for the processor's reply. The processor answers every begin,
   * chunk and commit exactly once, in order, so replies resolve waiters first-in first-out.
   */
  private request(message: NodeToProcessor, transfer: Transferable[] = []): Promise<Reply> {
    return new Promise((resolve) => {
      this.replyWaiters.push(resolve);
      this.post(message, transfer);
    });
  }

  /** Start the standalone transport from the current position. */
  play(): void { this.post({ type: 'transport', action: 'play' }); }
  /** Stop the standalone transport (fades out). */
  stop(): void { this.post({ type: 'transport', action: 'stop' }); }
  /** Jump to `seconds` of song time (crossfaded when playing). */
  seek(seconds: Seconds): void { this.post({ type: 'transport', action: 'seek', seconds }); }

  /**
   * Go to the start of `bar` (e.g. a section's): while the plugin plays, at the next bar line
   * (quantized and primed, so it lands on the grid); stopped, at once. `cancelJump()` forgets it.
   * Ignored while a host's transport plays (the host decides where the song is).
   * @example node.jumpToBar(track.sections.find((s) => s.name === 'Chorus')!.bar);
   */
  jumpToBar(bar: number): void {
    if (Number.isFinite(bar)) this.post({ type: 'transport', action: 'jump', bar: Math.round(bar) });
  }

  /** Forget a jump that waits for its bar line. */
  cancelJump(): void { this.post({ type: 'transport', action: 'cancel-jump' }); }

  /**
   * Change practice settings (docs/practice.md): the loop region in bars (`loop: { startBar, endBar }`,
   * end exclusive; looping itself is the `loopEnabled` parameter), count-in before every repeat,
   * the click (on while playing, and its output: `'main'` or `'separate'`, the node's second
   * output), and the speed trainer. Saved in state.
   * @example node.setPractice({ loop: { startBar: 13, endBar: 21 }, trainer: { enabled: true, start: 0.7, step: 3, unit: 'percent', cap: 1 } });
   */
  setPractice(patch: Partial<PracticeSettings>): void {
    const current = this.snapshot.practice;
    const practice = sanitizePractice({ ...current, ...patch, trainer: { ...current.trainer, ...(patch.trainer ?? {}) } });
    this.post({ type: 'practice', settings: practice });
    this.update({ practice });
  }

  setParameter(id: string, value: number): void {
    if (!PARAMETER_IDS.includes(id)) return;
    this.update({ params: { ...this.snapshot.params, [id]: value } });
    void this.setParameterValues({ [id]: { id, value, normalized: false } });
  }

  /**
   * Change sync settings (docs/sync.md): how the host numbers bars (`barBase` 0 or 1), where song
   * bar 1 sits (`barOffset` bars after the host's first bar), and whether the song's own transport
   * is sent to downstream WAMs when standalone (`emitTransport`). Saved in state.
   * @example node.setSyncSettings({ barBase: 1, barOffset: 4 }); // song bar 1 at host bar 5
   */
  setSyncSettings(patch: Partial<SyncSettings>): void {
    const settings = sanitizeSyncSettings({ ...this.snapshot.settings, ...patch });
    this.post({ type: 'settings', settings });
    this.update({ settings });
  }

  /** Whether hosts count bars from 0 or 1 (saved in state). */
  setBarBase(barBase: 0 | 1): void {
    this.setSyncSettings({ barBase });
  }

  // ——— state ———

  override async getState(): Promise<BacklineState> {
    const values = await this.getParameterValues(false);
    const params: Record<string, number> = {};
    for (const id of PARAMETER_IDS) if (values[id]) params[id] = values[id].value;
    return {
      version: STATE_VERSION, track: this.snapshot.track?.source ?? null, params,
      settings: { ...this.snapshot.settings }, keepsPitch: { ...this.keepsPitchOverrides },
      practice: sanitizePractice(this.snapshot.practice),
    };
  }

  override async setState(state: unknown): Promise<void> {
    const next = migrateState(state);
    this.setSyncSettings(next.settings);
    this.setPractice(next.practice);
    const current = this.snapshot.track?.source;
    if (next.track?.kind === 'url' && !(current?.kind === 'url' && current.url === next.track.url)) {
      this.pendingKeepsPitch = next.keepsPitch;
      await this.loadTrack(next.track.url);
    } else {
      for (const [id, on] of Object.entries(next.keepsPitch)) this.setStemKeepsPitch(id, on);
    }
    const values: WamParameterDataMap = {};
    for (const [id, value] of Object.entries(next.params)) values[id] = { id, value, normalized: false };
    await this.setParameterValues(values);
    this.update({ params: { ...this.snapshot.params, ...next.params } });
  }

  // ——— messages from the processor ———

  private post(message: NodeToProcessor, transfer: Transferable[] = []): void {
    const envelope: Envelope<NodeToProcessor> = { backline: message };
    this.port.postMessage(envelope, transfer);
  }

  override _onMessage(message: MessageEvent): void {
    const data = message.data;
    if (!isEnvelope<ProcessorToNode>(data)) { super._onMessage(message); return; }
    const reply = data.backline;
    switch (reply.type) {
      case 'track-ack': case 'track-reserved': case 'track-committed': case 'track-error':
        this.replyWaiters.shift()?.(reply);
        return;
      case 'transport-state':
        this.update({
          transport: transportOf(reply),
        });
        return;
      case 'params':
        this.update({ params: { ...this.snapshot.params, ...reply.values } });
        return;
      case 'engine-error':
        this.update({ error: reply.message });
        return;
      default:
        return;
    }
  }
}

/** The transport fields of a report (without its message type). */
function transportOf({ type: _type, ...transport }: Extract<ProcessorToNode, { type: 'transport-state' }>): TransportReport {
  return transport;
}
