/**
 * Backline's WamProcessor: translates WAM events and node messages into engine calls, cuts each
 * render quantum at event times (sample-accurate automation) and copies engine output out.
 *
 * Threads: everything here runs on the audio thread. `process` allocates nothing in steady state:
 * events are applied in place, the queue is only sorted when something was added, and reports to
 * the main thread are sent only when something changed (coalesced, at most ~30 per second).
 */
import type { WamEvent, WamParameterData, WamParameterInfoMap, WamTransportData } from '@webaudiomodules/api';
import type { Envelope, NodeToProcessor, ProcessorToNode, SongTiming, StemLayout } from '../shared/messages.js';
import { isEnvelope } from '../shared/messages.js';
import { parameterSchema, parseStemParamId, PARAMETER_IDS } from '../shared/params.js';
import { DEFAULT_PRACTICE, sanitizePractice, type PracticeSettings } from '../shared/practice.js';
import { STEM_SLOTS } from '../shared/constants.js';
import { EngineHost } from './engine-host.js';
import { TransportController, type ClickSink } from './transport.js';
import type { SdkModuleScope, SdkWamProcessor, SdkWamProcessorClass } from './sdk-types.js';

/** What the node passes in `processorOptions` (besides the SDK's ids). */
export interface BacklineProcessorOptions {
  wasmBytes: ArrayBuffer;
}

/** Seconds between two coalesced parameter reports. */
const REPORT_INTERVAL_SECONDS = 1 / 30;

interface PendingLoad {
  loadId: number;
  stemPtrs: number[];
  stemChannels: number[];
  labels: string[];
  keepsPitch: boolean[];
  timing: SongTiming;
}

/** Builds the processor class on top of the SDK's WamProcessor found in the module scope. */
export function defineBacklineProcessor(scope: SdkModuleScope): SdkWamProcessorClass {
  const Base = scope.WamProcessor;
  const ParameterInfo = scope.WamParameterInfo;
  const Parameter = scope.WamParameter;
  if (!Base || !ParameterInfo || !Parameter) throw new Error('Backline: the WAM SDK is not loaded in this worklet');

  class BacklineProcessor extends Base {
    private host: EngineHost | null = null;
    private transportCtl: TransportController | null = null;
    private labels: string[] = [];
    private pending: PendingLoad | null = null;
    private failed = false;
    private reportsEnabled = false;
    private dirtyParams = false;
    private readonly dirty = new Uint8Array(PARAMETER_IDS.length);
    private framesSinceReport = 0;
    private reportedTransportVersion = -1;
    private readonly wasm: WebAssembly.Module;
    private practice: PracticeSettings = { ...DEFAULT_PRACTICE };
    /** Hands each slice's clicks to the engine (one object: nothing is allocated per slice). */
    private readonly clickSink: ClickSink = {
      click: (frame, accent) => { this.host?.engine.clickAt(frame, accent ? 1 : 0); },
    };

    constructor(options: { processorOptions: BacklineProcessorOptions }) {
      super(options);
      scope.backlineWasm ??= new WebAssembly.Module(options.processorOptions.wasmBytes);
      this.wasm = scope.backlineWasm;
      this.startEngine();
    }

    /** (Re)creates the engine; after a trap this is how the plugin recovers. The transport keeps its settings. */
    private startEngine(): void {
      this.host = new EngineHost(this.wasm, sampleRate);
      if (this.transportCtl) this.transportCtl.setEngine(this.host.engine);
      else this.transportCtl = new TransportController(this.host.engine, sampleRate, (time, data) => this.emitTransport(time, data));
      this.transportCtl.onTrainerSpeed = (speed) => this.trainerSpeed(speed);
      this.host.engine.setClickSeparate(this.practice?.clickOutput === 'separate' ? 1 : 0);
      this.failed = false;
      // Re-apply current parameter values to the fresh engine.
      for (const id of Object.keys(this._parameterState ?? {})) this.applyToEngine(id, this._parameterState[id].value);
    }

    override _generateWamParameterInfo(): WamParameterInfoMap {
      const infos: WamParameterInfoMap = {};
      const schema = parameterSchema(this.labels ?? []);
      for (const id of Object.keys(schema)) infos[id] = new ParameterInfo!(id, schema[id]);
      return infos;
    }

    /** New stem names: replace the infos (ids unchanged), keep values, tell the host via wam-info. */
    private relabel(labels: string[]): void {
      this.labels = labels;
      const infos = this._generateWamParameterInfo();
      for (const id of Object.keys(infos)) {
        const old = this._parameterState[id];
        const parameter = new Parameter!(infos[id]);
        if (old) parameter.value = old.value;
        this._parameterInfo[id] = infos[id];
        this._parameterState[id] = parameter;
      }
      const event: WamEvent = { type: 'wam-info', time: currentTime, data: { instanceId: this.instanceId } };
      this.port.postMessage({ event });
    }

    override _setParameterValue(update: WamParameterData, _interpolate: boolean): void {
      const parameter = this._parameterState[update.id];
      if (!parameter || !Number.isFinite(update.value)) return;
      const info = parameter.info;
      let value = update.normalized ? info.denormalize(update.value) : update.value;
      value = Math.min(info.maxValue, Math.max(info.minValue, value));
      if (info.type === 'boolean') value = value >= 0.5 ? 1 : 0;
      else if (info.type === 'int') value = Math.round(value);
      if (parameter.value === value) return;
      parameter.value = value;
      this.applyToEngine(update.id, value);
      const index = PARAMETER_IDS.indexOf(update.id);
      if (index >= 0) { this.dirty[index] = 1; this.dirtyParams = true; }
    }

    /** The trainer moved the speed at a loop wrap: the `speed` parameter shows it (reported like automation). */
    private trainerSpeed(speed: number): void {
      const parameter = this._parameterState.speed;
      if (!parameter || parameter.value === speed) return;
      parameter.value = speed;
      const index = PARAMETER_IDS.indexOf('speed');
      if (index >= 0) { this.dirty[index] = 1; this.dirtyParams = true; }
    }

    private applyToEngine(id: string, value: number): void {
      const engine = this.host?.engine;
      if (!engine) return;
      if (id === 'masterGain') { engine.setMasterGain(value); return; }
      if (id === 'semitones' || id === 'cents') {
        engine.setPitch(this._parameterState.semitones?.value ?? 0, this._parameterState.cents?.value ?? 0);
        return;
      }
      // Transport parameters (docs/sync.md): applied at the slice's frame (or the next quantum from a message).
      if (id === 'speed') { this.transportCtl?.setSpeed(value, currentFrame + this.sliceStart); return; }
      if (id === 'followHostTempo') { this.transportCtl?.setFollowHostTempo(value >= 0.5, currentFrame + this.sliceStart); return; }
      // Practice (docs/practice.md).
      if (id === 'loopEnabled') { this.transportCtl?.setLoopEnabled(value >= 0.5, currentFrame + this.sliceStart); return; }
      if (id === 'countInBars') { this.transportCtl?.setCountInBars(value); return; }
      if (id === 'clickLevel') { engine.setClickLevel(value); return; }
      const stem = parseStemParamId(id);
      if (!stem || stem.slot > STEM_SLOTS) return;
      const index = stem.slot - 1;
      if (stem.kind === 'Mute') engine.setStemMute(index, value);
      else if (stem.kind === 'Solo') engine.setStemSolo(index, value);
      else engine.setStemGain(index, value);
    }

    override _onTransport(data: WamTransportData): void {
      this.transportCtl?.onHostTransport(currentFrame + this.sliceStart, data);
    }

    /** The song's own transport for downstream WAMs (docs/sync.md, Sync 15): at bar starts only, when enabled. */
    private emitTransport(time: number, data: WamTransportData): void {
      this.emitEvents({ type: 'wam-transport', time, data });
    }

    override _onMidi(): void { /* MIDI input is not used (MIDI tracks arrive in a later version). */ }

    /** Start of the slice being processed, in frames from the start of the quantum. */
    private sliceStart = 0;

    /** Frame offset within this quantum at which an event applies; events without a time apply now. */
    private eventOffset(event: WamEvent, quantum: number): number {
      const time = event.time;
      if (time === undefined || !Number.isFinite(time)) return 0;
      const offset = Math.round((time - currentTime) * sampleRate);
      return offset <= 0 ? 0 : offset >= quantum ? quantum : offset;
    }

    override scheduleEvents(...events: WamEvent[]): void {
      for (const event of events) this.normalizeTime(event);
      super.scheduleEvents(...events);
    }

    /** An event without a time would sort behind later events and wait (SDK trap): stamp it now. */
    private normalizeTime(event: WamEvent): void {
      if (event.time === undefined || !Number.isFinite(event.time)) event.time = currentTime;
    }

    override process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
      if (this._destroyed) return false;
      const output = outputs[0];
      if (!output || output.length === 0) return true;
      const input = inputs[0];
      const quantum = output[0].length;
      if (!this._initialized) { passThrough(input, outputs, 0, quantum); return true; }
      if (this._eventSabReady && this._eventReader) {
        const fromSab = this._eventReader.read();
        if (fromSab.length) this.scheduleEvents(...fromSab);
      }
      if (this._eventQueueRequiresSort) {
        this._eventQueue.sort(byTime);
        this._eventQueueRequiresSort = false;
      }
      const queue = this._eventQueue;
      const transport = this.transportCtl;
      let start = 0;
      while (start < quantum) {
        this.sliceStart = start;
        while (queue.length > 0 && this.eventOffset(queue[0].event, quantum) <= start) {
          const pending = queue.shift()!;
          this.handleEvent(pending.event);
          if (pending.id) this.port.postMessage({ id: pending.id, response: 'add/event' });
        }
        let end = queue.length > 0 ? Math.min(quantum, this.eventOffset(queue[0].event, quantum)) : quantum;
        if (transport && !this.failed) {
          // Transport actions (song tempo changes, primed starts, song end, emitted bars) cut the
          // quantum too, so each lands on its frame.
          try {
            transport.runActions(currentFrame + start);
          } catch (error) {
            this.fail(error);
          }
          const due = Math.ceil(transport.nextActionFrame - currentFrame);
          if (due > start && due < end) end = due;
          // The click's onsets in this slice, from the course that holds for all of it.
          if (end > start) {
            try {
              transport.clicks(currentFrame + start, currentFrame + end, this.clickSink);
            } catch (error) {
              this.fail(error);
            }
          }
        }
        this.renderSlice(start, end, input, outputs);
        start = end;
      }
      this.sliceStart = 0;
      this.report(quantum);
      return true;
    }

    private handleEvent(event: WamEvent): void {
      try {
        switch (event.type) {
          case 'wam-automation': this._setParameterValue(event.data, false); break;
          case 'wam-transport': this._onTransport(event.data); break;
          default: break;
        }
      } catch (error) {
        this.fail(error);
      }
    }

    /** Output 0: input + the mix (and the click, unless it has its own output); output 1 (if connected): the click. */
    private renderSlice(start: number, end: number, input: Float32Array[] | undefined, outputs: Float32Array[][]): void {
      if (end <= start) return;
      if (this.failed || !this.host) { passThrough(input, outputs, start, end); return; }
      try {
        this.host.render(currentFrame + start, start, end, input, outputs[0], outputs[1]);
      } catch (error) {
        this.fail(error);
        passThrough(input, outputs, start, end);
      }
    }

    /** A trap in the engine: silence (input still passes), report once, recover on the next load. */
    private fail(error: unknown): void {
      if (this.failed) return;
      this.failed = true;
      this.send({ type: 'engine-error', message: `The audio engine stopped (${String((error as Error)?.message ?? error)}); load a track to restart it.` });
    }

    /** Coalesced reports: parameter values changed by automation, and transport changes. */
    private report(quantum: number): void {
      if (!this.reportsEnabled) return;
      const transport = this.transportCtl;
      if (transport && transport.version !== this.reportedTransportVersion) {
        this.reportedTransportVersion = transport.version;
        const frame = currentFrame + quantum;
        this.send({
          type: 'transport-state', playing: transport.isPlaying, contextTime: frame / sampleRate,
          songSeconds: transport.songFrameAt(frame) / sampleRate, rate: transport.rate,
          sync: transport.sync, hostTempo: transport.hostTempoReport,
          countIn: transport.countInReport(), jump: transport.jumpReport(), passes: transport.passes, looping: transport.looping,
        });
      }
      this.framesSinceReport += quantum;
      if (!this.dirtyParams || this.framesSinceReport < REPORT_INTERVAL_SECONDS * sampleRate) return;
      this.framesSinceReport = 0;
      this.dirtyParams = false;
      const values: Record<string, number> = {};
      for (let i = 0; i < PARAMETER_IDS.length; i++) {
        if (!this.dirty[i]) continue;
        this.dirty[i] = 0;
        values[PARAMETER_IDS[i]] = this._parameterState[PARAMETER_IDS[i]].value;
      }
      this.send({ type: 'params', values });
    }

    private send(message: ProcessorToNode): void {
      const envelope: Envelope<ProcessorToNode> = { backline: message };
      this.port.postMessage(envelope);
    }

    override async _onMessage(message: MessageEvent): Promise<void> {
      const data = message.data;
      if (isEnvelope<NodeToProcessor>(data)) { this.handleNodeMessage(data.backline); return; }
      if (data?.request === 'add/event' && data.content?.event) this.normalizeTime(data.content.event);
      return super._onMessage(message);
    }

    private handleNodeMessage(message: NodeToProcessor): void {
      try {
        this.handleNodeMessageUnsafe(message);
      } catch (error) {
        if ('loadId' in message) this.send({ type: 'track-error', loadId: message.loadId, message: String((error as Error)?.message ?? error) });
        else this.fail(error);
      }
    }

    private handleNodeMessageUnsafe(message: NodeToProcessor): void {
      switch (message.type) {
        case 'track-begin': {
          if (this.failed) this.startEngine();
          const engine = this.host!.engine;
          if (this.pending) engine.trackAbort();
          this.pending = null;
          const isMidi = (layout: StemLayout): boolean => layout.kind === 'midi';
          const totalChannels = message.stems.reduce((sum, stem) => sum + (isMidi(stem) ? 0 : stem.channels), 0);
          const midi = message.midi;
          if (!midi) {
            if (!engine.trackReserve(message.frames, message.stems.length, totalChannels)) {
              this.send({ type: 'track-error', loadId: message.loadId, message: 'Not enough memory for this track: try fewer or shorter stems.' });
              return;
            }
          } else {
            // The events are copied into wasm memory as they are (docs/midi.md, "Event encoding").
            const count = midi.beats.length;
            const points = Math.floor(midi.tempo.length / 3);
            const ptr = engine.midiTrackReserve(message.frames, message.stems.length, totalChannels, midi.stemBase, count, points);
            if (!ptr) {
              this.send({ type: 'track-error', loadId: message.loadId, message: 'Not enough memory for this MIDI track.' });
              return;
            }
            const mem = engine.memory.buffer;
            new Float64Array(mem, ptr, count).set(midi.beats);
            new Uint8Array(mem, ptr + 8 * count, 4 * count).set(midi.bytes.subarray(0, 4 * count));
            new Float64Array(mem, ptr + Math.ceil((12 * count) / 8) * 8, points * 3).set(midi.tempo.subarray(0, points * 3));
          }
          const stemPtrs: number[] = [];
          const stemChannels: number[] = [];
          message.stems.forEach((layout, i) => {
            // A MIDI stem has no PCM (its ptr is a placeholder that no chunk uses).
            stemPtrs.push(isMidi(layout) ? -1 : engine.trackStemSetup(i, layout.channels, layout.scale));
            stemChannels.push(layout.channels);
          });
          if (stemPtrs.some((ptr) => ptr === 0)) {
            engine.trackAbort();
            this.send({ type: 'track-error', loadId: message.loadId, message: 'The engine refused the stem layout.' });
            return;
          }
          this.pending = { loadId: message.loadId, stemPtrs, stemChannels, labels: message.stems.map((s) => s.name), keepsPitch: message.stems.map((s) => s.keepsPitch), timing: message.timing };
          this.send({ type: 'track-reserved', loadId: message.loadId });
          return;
        }
        case 'track-chunk': {
          const pending = this.pending;
          if (!pending || pending.loadId !== message.loadId) { this.send({ type: 'track-error', loadId: message.loadId, message: 'Loading was interrupted.' }); return; }
          const channels = pending.stemChannels[message.stem];
          this.host!.writePcm(pending.stemPtrs[message.stem], message.offsetFrames * channels, message.data);
          this.send({ type: 'track-ack', loadId: message.loadId, stem: message.stem, offsetFrames: message.offsetFrames });
          return;
        }
        case 'track-commit': {
          const pending = this.pending;
          if (!pending || pending.loadId !== message.loadId) { this.send({ type: 'track-error', loadId: message.loadId, message: 'Loading was interrupted.' }); return; }
          const engine = this.host!.engine;
          engine.trackCommit();
          // Per-stem pitch flags belong to stem indices, not slots: set them with the switch.
          for (let stem = 0; stem < STEM_SLOTS; stem++) engine.setStemKeepsPitch(stem, pending.keepsPitch[stem] ? 1 : 0);
          this.pending = null;
          this.transportCtl!.setTiming(pending.timing);
          this.transportCtl!.trackChanged(currentFrame);
          this.relabel(pending.labels);
          this.send({ type: 'track-committed', loadId: message.loadId });
          return;
        }
        case 'stem-keeps-pitch': {
          this.host!.engine.setStemKeepsPitch(message.stem, message.on ? 1 : 0);
          return;
        }
        case 'track-abort': {
          if (this.pending?.loadId === message.loadId) { this.host!.engine.trackAbort(); this.pending = null; }
          return;
        }
        case 'transport': {
          const ctl = this.transportCtl!;
          const frame = currentFrame;
          if (message.action === 'seek') ctl.seek(frame, message.seconds);
          else if (message.action === 'play') ctl.play(frame);
          else if (message.action === 'jump') ctl.jumpToBar(message.bar, frame);
          else if (message.action === 'cancel-jump') ctl.cancelJump(frame);
          else ctl.stop(frame);
          return;
        }
        case 'practice': {
          this.practice = sanitizePractice(message.settings);
          this.host!.engine.setClickSeparate(this.practice.clickOutput === 'separate' ? 1 : 0);
          this.transportCtl!.setPractice(this.practice, currentFrame);
          return;
        }
        case 'reports': {
          this.reportsEnabled = message.enabled;
          this.reportedTransportVersion = -1;
          return;
        }
        case 'settings': {
          this.transportCtl!.setSettings(message.settings, currentFrame);
          return;
        }
        default: return;
      }
    }

    override destroy(): void {
      this.host = null;
      super.destroy();
    }
  }
  return BacklineProcessor as unknown as SdkWamProcessorClass;
}

function byTime(a: { event: WamEvent }, b: { event: WamEvent }): number {
  return (a.event.time ?? 0) - (b.event.time ?? 0);
}

/** Input to output 0, silence on output 1 (the click's). */
function passThrough(input: Float32Array[] | undefined, outputs: Float32Array[][], start: number, end: number): void {
  const output = outputs[0];
  const click = outputs[1];
  if (click) for (const channel of click) channel.fill(0, start, end);
  for (let c = 0; c < output.length; c++) {
    const source = input && input.length > 0 ? input[Math.min(c, input.length - 1)] : null;
    const target = output[c];
    for (let i = start; i < end; i++) target[i] = source ? source[i] : 0;
  }
}

export type { SdkWamProcessor };
