/**
 * Host-synced transport (docs/sync.md): turns host `wam-transport` anchors, the standalone clock and
 * the sync settings into engine anchors `(contextFrame, songFrame, playing, rate)`.
 *
 * The time model (DESIGN.md): context time ─(host anchor)─▶ host beats ─(bar offset)─▶ song beats
 * ─(song tempo map)─▶ song seconds ─(× sample rate)─▶ song frame. Positions are derived from the
 * latest anchor, never accumulated. Following the host's tempo, the song frame is a piecewise-linear
 * function of the context frame (one piece per song tempo segment); the engine's anchor is linear, so
 * the controller re-anchors at the exact frame of each song tempo change ("breakpoints"). A start,
 * jump or song entry known in advance is issued one ramp early, on the line through its exact frame,
 * so the engine's fade-in ends on the grid ("pre-roll"). Every engine anchor is placed on the first
 * frame of the block about to be rendered, as the ABI asks.
 *
 * Thread: audio thread (called from the processor between slices). The per-block path (events,
 * actions) allocates nothing; only the `wam-transport` events emitted downstream at bar starts (when
 * that setting is on) and settings changes from the message handler do.
 * Sync rules (numbered as in docs/sync.md) are cited where they are implemented.
 */
import type { WamTransportData } from '@webaudiomodules/api';
import type { SongTiming, SyncSettings, SyncSource } from '../shared/messages.js';
import { DEFAULT_SYNC_SETTINGS, sanitizeSyncSettings } from '../shared/messages.js';
import { SPEED_MAX, SPEED_MIN } from '../shared/params.js';
import { RAMP_SECONDS } from '../shared/constants.js';
import { beatsToSeconds, bpmAt, secondsToBeats } from '../shared/tempo-map.js';
import type { Beats, Frames, Seconds } from '../shared/units.js';

/** The engine calls the controller needs (a subset of EngineExports). */
export interface TransportEngine {
  transport(contextFrame: number, songFrame: number, playing: number, rate?: number): void;
  activeFrames(): number;
}

/** Sends a `wam-transport` downstream at context time `time` (the processor's `emitEvents`). */
export type TransportEmitter = (time: Seconds, data: WamTransportData) => void;

/** Host position in quarter notes (whole note / 4), whatever the host's or song's beat unit. */
type Quarters = number;

/** A host anchor that disagrees with the extrapolation by more than this many host beats is a jump (Sync 7). */
export const HOST_JUMP_TOLERANCE_BEATS = 1 / 16;
/** Rates the engine accepts (mirrors MIN_RATE/MAX_RATE in assembly/constants.ts; it clamps to them). */
export const MIN_RATE = 1 / 16;
export const MAX_RATE = 4;
/** A bar start later than the event by more than this is in the future (count-in, scheduled jump: Sync 4). */
const FUTURE_FRAMES = 0.5;
/** Tolerance when looking for the next tempo point or bar after a beat position (float safety). */
const BEAT_EPSILON = 1e-6;
/** A re-anchor that moves the song by more than this many frames is reported as a jump. */
const REPORT_JUMP_FRAMES = 1;

const DEFAULT_TIMING: SongTiming = { downbeat: 0, tempoMap: [{ beat: 0, bpm: 120 }], timeSignature: [4, 4] };

function finite(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

function clampRate(rate: number): number {
  return rate < MIN_RATE ? MIN_RATE : rate > MAX_RATE ? MAX_RATE : rate;
}

export class TransportController {
  private settings: SyncSettings = { ...DEFAULT_SYNC_SETTINGS };
  private follow = true;
  private speed = 1;
  private timing: SongTiming = DEFAULT_TIMING;
  private songNum = 4;
  private songDen = 4;
  /** One ramp, in frames: starts known in advance are issued this early (assembly/layout.ts rampFrames). */
  readonly prerollFrames: Frames;

  // ——— the host ———
  private hostSeen = false;
  private hostPlaying = false;
  /** Reference: at context time `refTime` the host was at `refQ` quarters, moving at `tempoQ` quarters per minute. */
  private refTime: Seconds = 0;
  private refQ: Quarters = 0;
  private tempoQ = 120;
  private hostTempo = 120;
  private hostNum = 4;
  private hostDen = 4;
  /** Bar numbering: host bar `barRef` starts at quarter `barRefQ`; later bars have the current meter. */
  private barRef = 0;
  private barRefQ: Quarters = 0;
  private numberingSet = false;
  /** The host quarter at which song bar 1 starts (host bar barBase + barOffset). */
  private songStartQ: Quarters = 0;
  // The last event received, as sent (a repeat is a no-op: Sync 6).
  private lastBar = Number.NaN;
  private lastStarted = Number.NaN;
  private lastTempo = Number.NaN;
  private lastNum = Number.NaN;
  private lastDen = Number.NaN;
  private lastPlaying = -1;
  // A host anchor whose bar starts in the future (count-in, a loop or seek sent ahead: Sync 4).
  private pendingAt: Frames = Infinity;
  private pBar = 0;
  private pStarted: Seconds = 0;
  private pTempo = 120;
  private pNum = 4;
  private pDen = 4;

  // ——— the standalone clock ———
  private standalonePlaying = false;

  // ——— the course: a mirror of the engine's anchor ———
  private cCtx: Frames = 0;
  private cSong: Frames = 0;
  private cRate = 1;
  private cPlaying = false;
  /** Host-driven and the song has not started yet: the context frame at which song frame 0 is reached. */
  private enterAt: Frames = Infinity;
  /** A primed start pre-rolls at rate 1 and switches to its rate on this frame (see startHostCourse). */
  private switchAt: Frames = Infinity;

  // ——— the schedule ———
  /** The context frame of the next action (breakpoint, pending start, song entry, song end, emission); Infinity if none. */
  nextActionFrame: Frames = Infinity;
  private breakAt: Frames = Infinity;
  private breakBeat: Beats = 0;
  private endAt: Frames = Infinity;
  private emitAt: Frames = Infinity;
  // Outputs of deriveHostCourse (fields, so the audio thread allocates nothing).
  private outSong: Frames = 0;
  private outRate = 1;

  /** Bumped on every change a GUI must hear about (play state, jump, rate, sync source, settings). */
  version = 0;

  constructor(
    private engine: TransportEngine,
    private readonly sampleRate: number,
    private readonly emitter: TransportEmitter | null = null,
  ) {
    this.prerollFrames = Math.max(1, Math.round(RAMP_SECONDS * sampleRate));
  }

  // ——— what the processor reports ———

  get isPlaying(): boolean { return this.cPlaying; }
  /** Song frames per context frame of the course (while stopped: the rate it would play at). */
  get rate(): number { return this.cRate; }
  /** Sync 1, 13: who drives the clock. */
  get sync(): SyncSource {
    if (this.hostPlaying) return 'host';
    if (this.standalonePlaying) return 'standalone';
    return this.hostSeen ? 'waiting' : 'standalone';
  }
  /** The host's last tempo as sent (BPM in its beat unit), or null before any host transport. */
  get hostTempoReport(): number | null { return this.hostSeen ? this.hostTempo : null; }

  /** The song frame at context frame `frame`, from the course (never accumulated). */
  songFrameAt(frame: Frames): Frames {
    return this.cPlaying ? this.cSong + (frame - this.cCtx) * this.cRate : this.cSong;
  }

  // ——— configuration (message handler or event slices) ———

  /** A fresh engine (after a trap): it starts stopped at 0 with no track. */
  setEngine(engine: TransportEngine): void {
    this.engine = engine;
    this.cCtx = 0;
    this.cSong = 0;
    this.cPlaying = false;
    this.enterAt = Infinity;
    this.switchAt = Infinity;
    this.version++;
  }

  setTiming(timing: SongTiming): void {
    this.timing = timing.tempoMap.length > 0 ? timing : { ...timing, tempoMap: DEFAULT_TIMING.tempoMap };
    const [num, den] = timing.timeSignature;
    this.songNum = num >= 1 ? num : 4;
    this.songDen = den > 0 ? den : 4;
  }

  /** Sync 10, 15: bar numbering, bar offset, transport output. A changed mapping re-derives the song (a jump). */
  setSettings(next: Partial<SyncSettings>, frame: Frames): void {
    const settings = sanitizeSyncSettings({ ...this.settings, ...next });
    const old = this.settings;
    this.settings = settings;
    if (settings.barBase !== old.barBase || settings.barOffset !== old.barOffset) {
      this.songStartQ = this.quarterOfHostBar(settings.barBase + settings.barOffset);
      if (this.hostPlaying) this.startHostCourse(frame);
    }
    if (settings.emitTransport && !old.emitTransport && this.emitting()) this.emit(frame);
    this.version++;
    this.plan(frame);
  }

  /** Sync 9: following the host's tempo on or off. */
  setFollowHostTempo(on: boolean, frame: Frames): void {
    if (on === this.follow) return;
    this.follow = on;
    if (this.hostPlaying) {
      if (on || this.enterAt !== Infinity) this.startHostCourse(frame);
      else this.issue(frame, this.songFrameAt(frame), this.speed, this.cPlaying);
    }
    this.version++;
    this.plan(frame);
  }

  /** Sync 9, 12: the speed when not following the host's tempo; a change glides (re-anchored at the current position). */
  setSpeed(speed: number, frame: Frames): void {
    if (!finite(speed)) return;
    const clamped = Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed));
    if (clamped === this.speed) return;
    this.speed = clamped;
    if (this.hostPlaying && this.follow) return;
    if (this.hostPlaying && this.enterAt !== Infinity) this.startHostCourse(frame);
    else this.issue(frame, this.songFrameAt(frame), clamped, this.cPlaying);
    if (this.emitting()) this.emit(frame);
    this.version++;
    this.plan(frame);
  }

  // ——— the standalone clock (Sync 12); ignored while a host plays ———

  /** Standalone play from the current position (from the start if at the end). */
  play(frame: Frames): void {
    if (this.hostPlaying) return;
    let song = this.songFrameAt(frame);
    const end = this.engine.activeFrames();
    if ((end > 0 && song >= end) || song < 0 || !finite(song)) song = 0;
    this.standalonePlaying = true;
    this.issue(frame, song, this.speed, true);
    this.version++;
    if (this.emitting()) this.emit(frame);
    this.plan(frame);
  }

  stop(frame: Frames): void {
    if (this.hostPlaying) return;
    const wasPlaying = this.standalonePlaying;
    this.standalonePlaying = false;
    if (this.cPlaying) this.issue(frame, this.songFrameAt(frame), this.cRate, false);
    if (wasPlaying && this.settings.emitTransport && this.emitter) this.emit(frame);
    this.version++;
    this.plan(frame);
  }

  seek(frame: Frames, songSeconds: Seconds): void {
    if (this.hostPlaying) return;
    const end = this.engine.activeFrames();
    const target = Math.min(Math.max(songSeconds * this.sampleRate, 0), end);
    this.issue(frame, finite(target) ? target : 0, this.speed, this.cPlaying);
    this.version++;
    if (this.emitting()) this.emit(frame);
    this.plan(frame);
  }

  /** A new track became active: host-driven, it joins the host's position; standalone, it restarts from 0. */
  trackChanged(frame: Frames): void {
    if (this.hostPlaying) this.startHostCourse(frame);
    else {
      this.issue(frame, 0, this.speed, this.standalonePlaying);
      if (this.emitting()) this.emit(frame);
    }
    this.version++;
    this.plan(frame);
  }

  // ——— the host ———

  /**
   * A host `wam-transport` event applied at context frame `frame` (its time, or the block it arrived
   * in if it had none). Handles bars from 0 or 1, repeats, count-ins, mid-bar changes (docs/sync.md).
   */
  onHostTransport(frame: Frames, data: WamTransportData): void {
    const now = frame / this.sampleRate;
    const playing = data.playing ? 1 : 0;
    const bar = finite(data.currentBar) ? data.currentBar : 0;
    const tempo = finite(data.tempo) && data.tempo > 0 ? data.tempo : this.hostTempo;
    const num = finite(data.timeSigNumerator) && data.timeSigNumerator >= 1 ? data.timeSigNumerator : 4;
    const den = finite(data.timeSigDenominator) && data.timeSigDenominator > 0 ? data.timeSigDenominator : 4;
    const started = finite(data.currentBarStarted) ? data.currentBarStarted : now;
    // Sync 6: the same event again changes nothing.
    if (bar === this.lastBar && started === this.lastStarted && tempo === this.lastTempo && num === this.lastNum
      && den === this.lastDen && playing === this.lastPlaying) return;
    this.lastBar = bar;
    this.lastStarted = started;
    this.lastTempo = tempo;
    this.lastNum = num;
    this.lastDen = den;
    this.lastPlaying = playing;
    this.hostSeen = true;

    if (!playing) {
      // Sync 11: a host stop stops the song (fade), whoever started it; a pending start is dropped.
      this.pendingAt = Infinity;
      this.hostPlaying = false;
      this.standalonePlaying = false;
      this.enterAt = Infinity;
      this.switchAt = Infinity;
      this.hostTempo = tempo;
      if (this.cPlaying) this.issue(frame, this.songFrameAt(frame), this.cRate, false);
      this.version++;
      this.plan(frame);
      return;
    }
    const startedFrame = started * this.sampleRate;
    if (startedFrame > frame + FUTURE_FRAMES) {
      // Sync 4: the bar starts later (count-in, or a loop/seek sent ahead): apply it then, primed.
      this.pendingAt = startedFrame;
      this.pBar = bar;
      this.pStarted = started;
      this.pTempo = tempo;
      this.pNum = num;
      this.pDen = den;
      this.version++;
      this.plan(frame);
      return;
    }
    this.pendingAt = Infinity;
    this.applyHostAnchor(frame, frame, bar, started, tempo, num, den);
    this.plan(frame);
  }

  /**
   * Make a host anchor the reference at `frame` and derive the song from it; the engine anchor is
   * placed at `courseFrame` (≥ frame: a start known in advance is placed on its exact frame).
   */
  private applyHostAnchor(frame: Frames, courseFrame: Frames, bar: number, started: Seconds, tempo: number, num: number, den: number): void {
    const t = frame / this.sampleRate;
    const tempoQ = (tempo * 4) / den;
    const barQ = (num * 4) / den;
    const tolQ = (HOST_JUMP_TOLERANCE_BEATS * 4) / den;
    const meterChanged = num !== this.hostNum || den !== this.hostDen;
    let q: Quarters;
    let continuing = false;
    if (this.hostPlaying) {
      const qOld = this.hostQAt(t);
      // Does the old timeline start this bar where the host says it started?
      const qBarOld = this.barRefQ + ((bar - this.barRef) * this.hostNum * 4) / this.hostDen;
      const barAgrees = Math.abs(qBarOld - this.hostQAt(started)) <= tolQ;
      if (meterChanged) {
        if (barAgrees) {
          // Sync 8: a new meter from this bar on; earlier bars keep theirs.
          this.barRef = bar;
          this.barRefQ = qBarOld;
        } else {
          this.resetNumbering(num, den);
        }
      }
      q = this.barRefQ + (bar - this.barRef) * barQ + ((t - started) * tempoQ) / 60;
      continuing = Math.abs(q - qOld) <= tolQ;
      if (!continuing && barAgrees && (tempo !== this.hostTempo || meterChanged)) {
        // Sync 8: the bar is the one under way, the tempo (or meter) changed inside it: taken
        // literally the position would jump, so it goes on from where it is at the new tempo.
        q = qOld;
        continuing = true;
      }
    } else {
      if (!this.numberingSet || meterChanged) this.resetNumbering(num, den);
      q = this.barRefQ + (bar - this.barRef) * barQ + ((t - started) * tempoQ) / 60;
    }
    const wasHost = this.hostPlaying;
    this.refTime = t;
    this.refQ = q;
    this.tempoQ = tempoQ;
    this.hostTempo = tempo;
    this.hostNum = num;
    this.hostDen = den;
    this.hostPlaying = true;
    this.standalonePlaying = false;
    if (!wasHost) this.version++;
    // Sync 2: following the tempo, the song is derived from every anchor (the engine adopts one that
    // agrees within a frame: no fade). Sync 9: at `speed`, only the start point is mapped.
    if (this.follow || !continuing || !wasHost) this.startHostCourse(courseFrame, frame);
  }

  /** Host bar numbers → quarters from now on assume meter num/den from the host's first bar. */
  private resetNumbering(num: number, den: number): void {
    this.barRef = this.settings.barBase;
    this.barRefQ = 0;
    this.numberingSet = true;
    this.hostNum = num;
    this.hostDen = den;
    this.songStartQ = this.quarterOfHostBar(this.settings.barBase + this.settings.barOffset);
  }

  private quarterOfHostBar(bar: number): Quarters {
    return this.barRefQ + ((bar - this.barRef) * this.hostNum * 4) / this.hostDen;
  }

  private hostQAt(t: Seconds): Quarters {
    return this.refQ + ((t - this.refTime) * this.tempoQ) / 60;
  }

  /** Song beats (song's beat unit, from song bar 1) at host quarter q. */
  private songBeatOfQ(q: Quarters): Beats {
    return ((q - this.songStartQ) * this.songDen) / 4;
  }

  private songFrameOfBeat(beat: Beats): Frames {
    return (this.timing.downbeat + beatsToSeconds(this.timing.tempoMap, beat)) * this.sampleRate;
  }

  /** Sync 2: song frames per context frame at song beat `beat` = host tempo / song tempo, in one unit. */
  private followRate(beat: Beats): number {
    return clampRate((this.tempoQ * this.songDen) / (4 * bpmAt(this.timing.tempoMap, beat)));
  }

  /** Song frame and rate (outSong, outRate) of the host-driven course at context frame f. */
  private deriveHostCourse(f: Frames): void {
    const beat = this.songBeatOfQ(this.hostQAt(f / this.sampleRate));
    this.outSong = this.songFrameOfBeat(beat);
    this.outRate = this.follow ? this.followRate(beat) : this.speed;
  }

  /**
   * (Re)start the host-driven course so that the song is at its derived position on context frame
   * `f` (≥ `now`, the frame of the block being prepared, where the engine anchor goes): play from
   * there, wait for the song's start (Sync 5), or stay silent past its end (Sync 14).
   *
   * A start ahead of `now` pre-rolls (Sync 4): the engine fades in from `now` and is at full level on
   * `f`. The pre-roll reads at rate 1 and switches to the course's rate on `f`: the stretcher primes
   * on the position of its first output frame (docs/stretch.md, start lock), which must then be the
   * grid point itself, and the switch from a direct read to a primed stretcher is in phase.
   */
  private startHostCourse(f: Frames, now: Frames = f): void {
    this.deriveHostCourse(f);
    const song = this.outSong;
    const rate = this.outRate;
    const end = this.engine.activeFrames();
    this.enterAt = Infinity;
    this.switchAt = Infinity;
    if (song >= end) {
      this.issue(now, end, rate, false);
    } else if (song < 0 && f + -song / rate > now + this.prerollFrames + 1) {
      // Before the song: silent until song frame 0 (linear there: before bar 1 the tempo is the first one).
      this.enterAt = f + -song / rate;
      this.issue(now, 0, rate, false);
    } else if (f > now) {
      this.issue(now, song - (f - now), 1, true);
      if (rate !== 1) this.switchAt = f;
    } else {
      this.issue(now, song, rate, true);
    }
  }

  // ——— the schedule ———

  /**
   * Run every action due at or before context frame `frame` (the start of the next slice): tempo
   * breakpoints, pending starts (one ramp early), song entry and end, transport emission.
   * The processor cuts its slices at `nextActionFrame`, so actions land on their frame.
   */
  runActions(frame: Frames): void {
    for (let guard = 0; guard < 32 && this.nextActionFrame <= frame; guard++) {
      const pending = this.preroll(this.pendingAt);
      const enter = this.preroll(this.enterAt);
      if (pending <= frame && pending <= enter) {
        const at = this.pendingAt;
        this.pendingAt = Infinity;
        this.applyHostAnchor(frame, Math.max(frame, at), this.pBar, this.pStarted, this.pTempo, this.pNum, this.pDen);
      } else if (enter <= frame) {
        this.startHostCourse(Math.max(frame, this.enterAt), frame);
      } else if (this.switchAt <= frame) {
        this.startHostCourse(frame);
      } else if (this.breakAt <= frame) {
        // Sync 3: the song's tempo changes on breakAt (fractional); the anchor goes on this block's
        // frame, on the new segment's line, so the map is reproduced exactly.
        const beat = this.breakBeat;
        const rate = this.followRate(beat + BEAT_EPSILON);
        this.issue(frame, this.songFrameOfBeat(beat) + (frame - this.breakAt) * rate, rate, true);
      } else if (this.endAt <= frame) {
        // Sync 14: the end of the song. Standalone: stop (play starts again from 0). Host: silent.
        this.standalonePlaying = false;
        this.issue(frame, this.engine.activeFrames(), this.cRate, false);
        this.version++;
        if (!this.hostPlaying && this.settings.emitTransport && this.emitter) this.emit(frame);
      } else if (this.emitAt <= frame) {
        this.emit(this.emitAt);
      }
      this.plan(frame);
    }
  }

  private preroll(at: Frames): Frames {
    return at === Infinity ? Infinity : Math.floor(at) - this.prerollFrames;
  }

  private plan(now: Frames): void {
    this.breakAt = Infinity;
    this.endAt = Infinity;
    this.emitAt = Infinity;
    if (this.cPlaying) {
      const end = this.engine.activeFrames();
      if (end > 0) this.endAt = this.cSong >= end ? now : this.cCtx + (end - this.cSong) / this.cRate;
      if (this.hostPlaying && this.follow) this.planBreak();
      if (this.emitting()) this.planEmit(now);
    }
    this.nextActionFrame = Math.min(
      this.preroll(this.pendingAt), this.preroll(this.enterAt), this.switchAt, this.breakAt, this.endAt, this.emitAt,
    );
  }

  /** The next song tempo point after the course's anchor, and the context frame the host reaches it. */
  private planBreak(): void {
    const map = this.timing.tempoMap;
    const from = this.songBeatOfQ(this.hostQAt(this.cCtx / this.sampleRate));
    for (let i = 0; i < map.length; i++) {
      const beat = map[i].beat;
      if (beat <= from + BEAT_EPSILON) continue;
      const q = (beat * 4) / this.songDen + this.songStartQ;
      this.breakBeat = beat;
      this.breakAt = (this.refTime + ((q - this.refQ) * 60) / this.tempoQ) * this.sampleRate;
      return;
    }
  }

  // ——— transport output (Sync 15) ———

  private emitting(): boolean {
    return this.emitter !== null && this.settings.emitTransport && this.cPlaying && !this.hostPlaying;
  }

  /** The next song bar start or tempo point, as a context frame of the course. */
  private planEmit(now: Frames): void {
    const map = this.timing.tempoMap;
    const beat = secondsToBeats(map, this.songFrameAt(now) / this.sampleRate - this.timing.downbeat);
    let next = (Math.floor(beat / this.songNum + BEAT_EPSILON) + 1) * this.songNum;
    for (let i = 0; i < map.length; i++) {
      if (map[i].beat > beat + BEAT_EPSILON) {
        if (map[i].beat < next) next = map[i].beat;
        break;
      }
    }
    const songFrame = this.songFrameOfBeat(next);
    this.emitAt = this.cCtx + (songFrame - this.cSong) / this.cRate;
  }

  /** Emit the song's transport at context frame `frame`, re-anchored so the position is exact there. */
  private emit(frame: Frames): void {
    if (!this.emitter) return;
    const map = this.timing.tempoMap;
    const t = frame / this.sampleRate;
    const beat = secondsToBeats(map, this.songFrameAt(frame) / this.sampleRate - this.timing.downbeat);
    const index = Math.floor(beat / this.songNum + BEAT_EPSILON);
    const inBar = Math.max(0, beat - index * this.songNum);
    const tempo = bpmAt(map, beat + BEAT_EPSILON) * this.cRate;
    this.emitter(t, {
      currentBar: this.settings.barBase + this.settings.barOffset + index,
      currentBarStarted: t - (inBar * 60) / tempo,
      tempo,
      timeSigNumerator: this.songNum,
      timeSigDenominator: this.songDen,
      playing: this.cPlaying,
    });
  }

  // ——— the engine ———

  /**
   * Send an anchor to the engine at context frame `ctx`, always the start of the block about to be
   * rendered (the ABI's contract). The engine fades on play, stop and jumps, and adopts an anchor
   * that agrees with its extrapolation within a frame.
   */
  private issue(ctx: Frames, song: Frames, rate: number, playing: boolean): void {
    const clamped = clampRate(rate);
    const moved = playing && this.cPlaying
      ? Math.abs(this.songFrameAt(ctx) - song) > REPORT_JUMP_FRAMES
      : song !== this.cSong;
    if (moved || playing !== this.cPlaying || clamped !== this.cRate) this.version++;
    this.cCtx = ctx;
    this.cSong = song;
    this.cRate = clamped;
    this.cPlaying = playing;
    this.engine.transport(ctx, song, playing ? 1 : 0, clamped);
  }
}
