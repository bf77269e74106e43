/**
 * Decides where the song is: turns standalone commands and host `wam-transport` anchors into engine
 * anchors. Positions are derived from the latest anchor, never accumulated (DESIGN.md, time model).
 * Thread: audio thread (called from the processor's event handling, between slices). No allocation.
 *
 * v1 scope: the song plays at its own tempo (rate 1). Host play/stop and host jumps (seek, loop,
 * rewind) are followed; following the host's tempo needs the stretcher and comes with it.
 */
import type { WamTransportData } from '@webaudiomodules/api';
import type { SongTiming } from '../shared/messages.js';
import { beatsToSeconds } from '../shared/tempo-map.js';

/** The engine calls the controller needs (a subset of EngineExports). */
export interface TransportEngine {
  transport(contextFrame: number, songFrame: number, playing: number): void;
  songFrameAt(contextFrame: number): number;
  activeFrames(): number;
}

/** A host anchor that disagrees with the extrapolation by more than this many beats is a jump. */
export const HOST_JUMP_TOLERANCE_BEATS = 1 / 16;

export class TransportController {
  private playing = false;
  private timing: SongTiming = { downbeat: 0, tempoMap: [{ beat: 0, bpm: 120 }], timeSignature: [4, 4] };
  /** Bars are counted from this number by the host (0 or 1). */
  barBase = 0;
  // Latest host anchor, to tell continuation from a jump.
  private hostFollowing = false;
  private hostBeatAtAnchor = 0;
  private hostAnchorTime = 0;
  private hostTempo = 120;
  /** Bumped on every change a GUI must hear about. */
  version = 0;

  constructor(private readonly engine: TransportEngine, private readonly sampleRate: number) {}

  get isPlaying(): boolean { return this.playing; }
  get followingHost(): boolean { return this.hostFollowing; }

  setTiming(timing: SongTiming): void {
    this.timing = timing;
  }

  /** Standalone play from the current position (from the start if at the end). */
  play(contextFrame: number): void {
    let songFrame = this.engine.songFrameAt(contextFrame);
    if (songFrame >= this.engine.activeFrames() || songFrame < 0) songFrame = 0;
    this.anchor(contextFrame, songFrame, true);
  }

  stop(contextFrame: number): void {
    this.anchor(contextFrame, this.engine.songFrameAt(contextFrame), false);
  }

  seek(contextFrame: number, songSeconds: number): void {
    const frames = this.engine.activeFrames();
    const target = Math.min(Math.max(songSeconds * this.sampleRate, 0), frames);
    this.anchor(contextFrame, Number.isFinite(target) ? target : 0, this.playing);
  }

  /** A new track became active: restart from its beginning, keeping the play state. */
  trackChanged(contextFrame: number): void {
    this.anchor(contextFrame, 0, this.playing);
  }

  /** Stop at the end of the song. Call once per block. */
  checkEnd(contextFrame: number): void {
    if (this.playing && this.engine.songFrameAt(contextFrame) >= this.engine.activeFrames()) {
      this.anchor(contextFrame, this.engine.activeFrames(), false);
    }
  }

  /**
   * A host transport anchor, applied at `contextFrame` (context time `contextTime`).
   * Hosts differ: bars from 0 or 1 (barBase), repeated identical events, `playing: true` on
   * connect. Identical or extrapolation-consistent anchors change nothing.
   */
  onHostTransport(contextFrame: number, contextTime: number, data: WamTransportData): void {
    const numerator = data.timeSigNumerator > 0 ? data.timeSigNumerator : 4;
    const tempo = data.tempo > 0 && Number.isFinite(data.tempo) ? data.tempo : 120;
    const started = Number.isFinite(data.currentBarStarted) ? data.currentBarStarted : contextTime;
    const hostBeats = (data.currentBar - this.barBase) * numerator + ((contextTime - started) * tempo) / 60;
    if (!data.playing) {
      this.hostFollowing = true;
      if (this.playing) this.stop(contextFrame);
      return;
    }
    const expected = this.hostBeatAtAnchor + ((contextTime - this.hostAnchorTime) * this.hostTempo) / 60;
    const continuing = this.hostFollowing && this.playing && Math.abs(expected - hostBeats) <= HOST_JUMP_TOLERANCE_BEATS;
    this.hostFollowing = true;
    this.hostBeatAtAnchor = hostBeats;
    this.hostAnchorTime = contextTime;
    this.hostTempo = tempo;
    if (continuing) return;
    const songSeconds = this.timing.downbeat + beatsToSeconds(this.timing.tempoMap, hostBeats);
    this.anchor(contextFrame, songSeconds * this.sampleRate, true);
  }

  private anchor(contextFrame: number, songFrame: number, playing: boolean): void {
    this.engine.transport(contextFrame, songFrame, playing ? 1 : 0);
    this.playing = playing;
    this.version++;
  }
}
