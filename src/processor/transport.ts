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
import type { CountInReport, PendingJumpReport, SongTiming, SyncSettings, SyncSource } from '../shared/messages.js';
import { DEFAULT_SYNC_SETTINGS, sanitizeSyncSettings } from '../shared/messages.js';
import { barNumberAt, barStartBeat, meterAtBeat, meterSegments, type MeterSegment } from '../shared/meter.js';
import { COUNT_IN_MAX_BARS, SPEED_MAX, SPEED_MIN } from '../shared/params.js';
import { DEFAULT_PRACTICE, nextTrainerSpeed, type PracticeSettings } from '../shared/practice.js';
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

/** Receives the clicks of a slice (the processor hands them to the engine's `clickAt`). */
export interface ClickSink {
  click(contextFrame: Frames, accent: boolean): void;
}

/** Most clicks a song may have (20 minutes at 400 clicks per minute is 8,000; this leaves room for fast meters). */
const MAX_CLICKS = 1 << 17;

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

  // ——— practice (docs/practice.md): the plugin's own loop, count-in, section jumps, trainer; standalone only ———
  private meters: MeterSegment[] = meterSegments([4, 4]);
  private practice: PracticeSettings = { ...DEFAULT_PRACTICE };
  private loopOn = false;
  private countInBars = 0;
  /** A count-in: `ciBeats` clicks from context frame ciFrom, every ciSpacing frames; the song enters at ciUntil on song frame ciSong. */
  private ciFrom: Frames = Infinity;
  private ciUntil: Frames = Infinity;
  private ciSpacing: Frames = 0;
  private ciBeats = 0;
  private ciPerBar = 4;
  private ciSong: Frames = 0;
  /** The next loop wrap: at context frame loopAt the song goes back to the loop start. */
  private loopAt: Frames = Infinity;
  /** A section jump waiting for its bar line: to bar jumpBar (song frame jumpTo) at context frame jumpAt. */
  private jumpBar = 0;
  private jumpPending = false;
  private jumpAt: Frames = Infinity;
  private jumpTo: Frames = 0;
  /** A primed standalone start or jump pre-rolls at rate 1 and takes this rate (and line) on switchAt. */
  private switchSong: Frames = 0;
  private switchRate = 1;
  /** Every click of the song: song frame and downbeat flag, in order (built in setTiming). */
  private clickSong = new Float64Array(0);
  private clickAccent = new Uint8Array(0);
  private clickCount = 0;
  /** Index of the next click to consider for the current course (−1: look it up again). */
  private clickCursor = -1;
  /** The song frame of the bar line a pending jump leaves from. */
  private jumpFrom: Frames = 0;
  /** loopBounds()'s result (a field: the audio thread allocates nothing). */
  private readonly loopRegion = { start: 0, end: 0 };
  /** Loop passes completed since Play. */
  passes = 0;
  /** Called when the trainer changes the speed (the processor updates its `speed` parameter). */
  onTrainerSpeed: ((speed: number) => void) | null = null;

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
  /** The plugin's own loop is in charge: standalone, loop on and a region set (the host loops for itself). */
  get looping(): boolean { return this.loopOn && this.practice.loop !== null && !this.hostPlaying; }
  /** A count-in under way, in context seconds, or null. */
  countInReport(): CountInReport | null {
    if (this.ciUntil === Infinity) return null;
    const sr = this.sampleRate;
    return { from: this.ciFrom / sr, until: this.ciUntil / sr, beats: this.ciBeats, beatsPerBar: this.ciPerBar };
  }
  /** A section jump waiting for its bar line, or null. */
  jumpReport(): PendingJumpReport | null {
    return this.jumpPending && this.jumpAt !== Infinity ? { bar: this.jumpBar, at: this.jumpAt / this.sampleRate } : null;
  }
  /** The speed the standalone clock plays at (the trainer moves it). */
  get currentSpeed(): number { return this.speed; }

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
    this.standalonePlaying = false;
    this.clearPracticeSchedule();
    this.version++;
  }

  /** The song's tempo map and meters (a new track). Builds the click table: message handler only. */
  setTiming(timing: SongTiming): void {
    this.timing = timing.tempoMap.length > 0 ? timing : { ...timing, tempoMap: DEFAULT_TIMING.tempoMap };
    this.meters = meterSegments(timing.timeSignature, timing.meters ?? []);
    this.songDen = this.meters[0].den;
    this.buildClicks();
  }

  /**
   * Every click of the song (each beat of its meters, accented on bar starts), as song frames,
   * from the first one in the audio (a pickup before bar 1 too) to the end of the song.
   */
  private buildClicks(): void {
    const end = this.engine.activeFrames();
    const song = new Float64Array(Math.min(MAX_CLICKS, 4096));
    let frames = song;
    let accents = new Uint8Array(frames.length);
    let count = 0;
    // From the first bar that starts at or before the audio does (a pickup's bar; its clicks before 0 are skipped).
    let bar = 1;
    while (bar > -10000 && this.songFrameOfBeat(barStartBeat(this.meters, bar)) > 0) bar--;
    for (; count < MAX_CLICKS; bar++) {
      const start = barStartBeat(this.meters, bar);
      if (this.songFrameOfBeat(start) >= end && end > 0) break;
      const seg = meterAtBeat(this.meters, start);
      let done = false;
      for (let j = 0; j < seg.num && count < MAX_CLICKS; j++) {
        const frame = this.songFrameOfBeat(start + j * seg.clickBeats);
        if (end > 0 && frame >= end) { done = true; break; }
        if (frame < 0) continue;
        if (count === frames.length) {
          const grown = new Float64Array(Math.min(MAX_CLICKS, frames.length * 2));
          grown.set(frames);
          const grownAccents = new Uint8Array(grown.length);
          grownAccents.set(accents);
          frames = grown;
          accents = grownAccents;
        }
        frames[count] = frame;
        accents[count] = j === 0 ? 1 : 0;
        count++;
      }
      if (done || end <= 0) break;
    }
    this.clickSong = frames;
    this.clickAccent = accents;
    this.clickCount = count;
    this.clickCursor = -1;
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
    else if (!this.hostPlaying && this.switchAt !== Infinity) this.switchRate = clamped; // a primed start: its rate from the grid point
    else this.issue(frame, this.songFrameAt(frame), clamped, this.cPlaying);
    if (this.emitting()) this.emit(frame);
    this.version++;
    this.plan(frame);
  }

  // ——— the standalone clock (Sync 12); ignored while a host plays ———

  /**
   * Standalone play from the current position (from the start if at the end). With the plugin's
   * loop on, from the loop start when outside it; with a trainer, at its start speed; with a
   * count-in, after it, from the start of the bar (docs/practice.md).
   */
  play(frame: Frames): void {
    if (this.hostPlaying) return;
    let song = this.songFrameAt(frame);
    const end = this.engine.activeFrames();
    if ((end > 0 && song >= end) || song < 0 || !finite(song)) song = 0;
    const fresh = !this.standalonePlaying;
    this.standalonePlaying = true;
    if (fresh) {
      this.passes = 0;
      this.clearPracticeSchedule();
      this.switchAt = Infinity;
      const loop = this.looping ? this.loopBounds() : null;
      if (loop && (song < loop.start - 0.5 || song >= loop.end)) song = loop.start;
      if (loop && this.practice.trainer.enabled) this.setTrainerSpeed(this.practice.trainer.start);
      if (this.countInBars > 0) {
        this.startCountIn(frame, frame, this.barStartAtOrBefore(song));
        this.version++;
        this.plan(frame);
        return;
      }
    }
    this.issue(frame, song, this.speed, true);
    this.version++;
    if (this.emitting()) this.emit(frame);
    this.plan(frame);
  }

  stop(frame: Frames): void {
    if (this.hostPlaying) return;
    const wasPlaying = this.standalonePlaying;
    this.standalonePlaying = false;
    this.clearPracticeSchedule();
    this.switchAt = Infinity;
    if (this.cPlaying) this.issue(frame, this.songFrameAt(frame), this.cRate, false);
    if (wasPlaying && this.settings.emitTransport && this.emitter) this.emit(frame);
    this.version++;
    this.plan(frame);
  }

  seek(frame: Frames, songSeconds: Seconds): void {
    if (this.hostPlaying) return;
    const end = this.engine.activeFrames();
    const target = Math.min(Math.max(songSeconds * this.sampleRate, 0), end);
    // A seek replaces a pending jump; during a count-in the song will enter where the seek says.
    this.jumpPending = false;
    if (this.ciUntil !== Infinity) this.ciSong = finite(target) ? target : 0;
    if (!this.hostPlaying) this.switchAt = Infinity;
    this.issue(frame, finite(target) ? target : 0, this.speed, this.cPlaying);
    this.version++;
    if (this.emitting()) this.emit(frame);
    this.plan(frame);
  }

  /** A new track became active: host-driven, it joins the host's position; standalone, it restarts from 0. */
  trackChanged(frame: Frames): void {
    this.clearPracticeSchedule();
    if (this.hostPlaying) this.startHostCourse(frame);
    else {
      this.switchAt = Infinity;
      this.issue(frame, 0, this.speed, this.standalonePlaying);
      if (this.emitting()) this.emit(frame);
    }
    this.version++;
    this.plan(frame);
  }

  // ——— practice (docs/practice.md): standalone only; a playing host loops and counts in for itself ———

  /** Practice settings (loop region, count-in mode, click, trainer). A new region while playing outside it: go there at the next bar. */
  setPractice(next: PracticeSettings, frame: Frames): void {
    const old = this.practice.loop;
    this.practice = next;
    const loop = next.loop;
    const changed = (old === null) !== (loop === null) || (!!old && !!loop && (old.startBar !== loop.startBar || old.endBar !== loop.endBar));
    if (changed) this.enterLoopIfOutside(frame);
    this.version++;
    this.plan(frame);
  }

  /** The `loopEnabled` parameter. Turned on while playing outside the region: go there at the next bar line. */
  setLoopEnabled(on: boolean, frame: Frames): void {
    if (on === this.loopOn) return;
    this.loopOn = on;
    if (on) this.enterLoopIfOutside(frame);
    this.version++;
    this.plan(frame);
  }

  /** The `countInBars` parameter (0–4): used at the next Play (and the next loop repeat, when counting in every time). */
  setCountInBars(bars: number): void {
    this.countInBars = finite(bars) ? Math.max(0, Math.min(COUNT_IN_MAX_BARS, Math.round(bars))) : 0;
  }

  /**
   * Go to the start of `bar` (a section): while playing, at the next bar line at least a ramp away
   * (quantized, primed, cancellable); stopped, at once; during a count-in, the song will enter there.
   */
  jumpToBar(bar: number, frame: Frames): void {
    if (this.hostPlaying || !finite(bar)) return;
    const target = this.barFrame(Math.round(bar));
    if (this.ciUntil !== Infinity) {
      this.ciSong = target;
      this.issue(frame, target, this.speed, false);
      this.version++;
      this.plan(frame);
      return;
    }
    if (!this.cPlaying || !this.standalonePlaying) {
      this.seek(frame, target / this.sampleRate);
      return;
    }
    this.requestJump(Math.round(bar), target, frame);
  }

  /** Forget a jump waiting for its bar line. */
  cancelJump(frame: Frames): void {
    if (!this.jumpPending) return;
    this.jumpPending = false;
    this.version++;
    this.plan(frame);
  }

  /**
   * The clicks in context frames [from, to) (one slice: the course is constant within it), in
   * order: a count-in's, and the song's own while the click is on and the song plays. Each click
   * is handed over at its exact (fractional) frame. Allocates nothing.
   */
  clicks(from: Frames, to: Frames, sink: ClickSink): void {
    if (this.ciBeats > 0 && this.ciFrom < to && this.ciUntil > from) {
      const spacing = this.ciSpacing;
      for (let k = Math.max(0, Math.floor((from - this.ciFrom) / spacing)); k < this.ciBeats; k++) {
        const f = this.ciFrom + k * spacing;
        if (f >= to) break;
        if (f >= from) sink.click(f, k % this.ciPerBar === 0);
      }
    }
    if (!this.practice.click || !this.cPlaying || this.clickCount === 0) return;
    const a = this.songFrameAt(from);
    const b = this.songFrameAt(to);
    const song = this.clickSong;
    let i = this.clickCursor;
    if (i < 0 || i > this.clickCount || (i > 0 && song[i - 1] >= a)) {
      // First click at or after `a` (binary search; only after the course changed).
      let lo = 0;
      let hi = this.clickCount;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (song[mid] < a) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    for (; i < this.clickCount && song[i] < b; i++) {
      sink.click(this.cCtx + (song[i] - this.cSong) / this.cRate, this.clickAccent[i] === 1);
    }
    this.clickCursor = i;
  }

  /** Song frame where `bar` starts, within the song. */
  private barFrame(bar: number): Frames {
    const frame = this.songFrameOfBeat(barStartBeat(this.meters, bar));
    const end = this.engine.activeFrames();
    return Math.max(0, end > 0 ? Math.min(frame, end) : frame);
  }

  /** Song beats at song frame `frame`. */
  private beatOfSongFrame(frame: Frames): Beats {
    return secondsToBeats(this.timing.tempoMap, frame / this.sampleRate - this.timing.downbeat);
  }

  /** The start of the bar containing song frame `song` (the bar after, if that start is before the audio). */
  private barStartAtOrBefore(song: Frames): Frames {
    let bar = barNumberAt(this.meters, this.beatOfSongFrame(song) + BEAT_EPSILON);
    let frame = this.songFrameOfBeat(barStartBeat(this.meters, bar));
    while (frame < -0.5 && bar < 100000) frame = this.songFrameOfBeat(barStartBeat(this.meters, ++bar));
    return Math.max(0, frame);
  }

  /** The loop region in song frames (end clipped to the song), or null if there is none to play. */
  private loopBounds(): { start: Frames; end: Frames } | null {
    const loop = this.practice.loop;
    if (!loop) return null;
    const end = this.engine.activeFrames();
    const a = this.songFrameOfBeat(barStartBeat(this.meters, loop.startBar));
    let b = this.songFrameOfBeat(barStartBeat(this.meters, loop.endBar));
    if (end > 0 && b > end) b = end;
    if (!(b > a + this.prerollFrames)) return null;
    this.loopRegion.start = a;
    this.loopRegion.end = b;
    return this.loopRegion;
  }

  /** Playing outside the region when the loop becomes active: to its start at the next bar line. */
  private enterLoopIfOutside(frame: Frames): void {
    if (!this.looping || !this.standalonePlaying || !this.cPlaying) return;
    const loop = this.loopBounds();
    if (!loop) return;
    const song = this.songFrameAt(frame);
    if (song >= loop.start - 0.5 && song < loop.end) return;
    this.requestJump(this.practice.loop!.startBar, loop.start, frame);
  }

  /** Jump to song frame `target` (bar `bar`) at the next bar line at least a ramp ahead. */
  private requestJump(bar: number, target: Frames, frame: Frames): void {
    const song = this.songFrameAt(frame);
    let next = barNumberAt(this.meters, this.beatOfSongFrame(song) + BEAT_EPSILON) + 1;
    let line = this.songFrameOfBeat(barStartBeat(this.meters, next));
    while ((line - song) / this.cRate <= this.prerollFrames + 1 && next < 100000) line = this.songFrameOfBeat(barStartBeat(this.meters, ++next));
    this.jumpPending = true;
    this.jumpBar = bar;
    this.jumpTo = target;
    this.jumpFrom = line;
    this.version++;
    this.plan(frame);
  }

  /** Loop wrap and pending jump of the current standalone course, as context frames. */
  private planPractice(now: Frames): void {
    if (this.jumpPending) {
      this.jumpAt = this.cCtx + (this.jumpFrom - this.cSong) / this.cRate;
      if (this.jumpAt < now) this.jumpAt = now; // the course moved past its bar line: go now
    }
    if (!this.looping) return;
    const loop = this.loopBounds();
    if (!loop) return;
    if (this.songFrameAt(now) < loop.end - 0.5) this.loopAt = this.cCtx + (loop.end - this.cSong) / this.cRate;
  }

  /** A count-in of `countInBars` bars from context frame `from`; the song is stopped at `song` from `now`. */
  private startCountIn(now: Frames, from: Frames, song: Frames): void {
    const beat = this.beatOfSongFrame(song) + BEAT_EPSILON;
    const meter = meterAtBeat(this.meters, beat);
    const bpm = bpmAt(this.timing.tempoMap, beat);
    this.ciSpacing = ((meter.clickBeats * 60) / (bpm * this.speed)) * this.sampleRate;
    this.ciPerBar = meter.num;
    this.ciBeats = this.countInBars * meter.num;
    this.ciFrom = from;
    this.ciUntil = from + this.ciBeats * this.ciSpacing;
    this.ciSong = song;
    this.issue(now, song, this.speed, false);
    this.version++;
  }

  private startAfterCountIn(frame: Frames): void {
    const at = this.ciUntil;
    const song = this.ciSong;
    this.ciFrom = Infinity;
    this.ciUntil = Infinity;
    this.ciBeats = 0;
    this.startPrimed(frame, at, song);
    this.version++;
  }

  private runJump(frame: Frames): void {
    const at = this.jumpAt;
    this.jumpPending = false;
    this.jumpAt = Infinity;
    this.startPrimed(frame, Math.max(frame, at), this.jumpTo);
    this.version++;
  }

  /** The end of the loop: one more pass (the trainer adds its step), then back to its start, primed, or a count-in first. */
  private wrapLoop(frame: Frames): void {
    const at = this.loopAt;
    this.loopAt = Infinity;
    const loop = this.loopBounds();
    if (!loop) return;
    const start = loop.start;
    this.passes++;
    const trainer = this.practice.trainer;
    if (trainer.enabled) {
      this.setTrainerSpeed(nextTrainerSpeed(trainer, this.speed, bpmAt(this.timing.tempoMap, this.beatOfSongFrame(start) + BEAT_EPSILON)));
    }
    if (this.practice.countInEvery && this.countInBars > 0) this.startCountIn(frame, at, start);
    else this.startPrimed(frame, at, start);
    this.version++;
  }

  /**
   * Play from song frame `song` on context frame `at` (≥ `now`, the block being prepared), on the
   * grid from its first sample: pre-rolled one ramp at rate 1 (the fade-in or crossfade ends on
   * `at`), then at `speed` from `at` on, where the stretcher primes itself (as a host's start, Sync 4).
   */
  private startPrimed(now: Frames, at: Frames, song: Frames): void {
    if (at > now) {
      this.issue(now, song - (at - now), 1, true);
      if (this.speed !== 1) {
        this.switchAt = at;
        this.switchSong = song;
        this.switchRate = this.speed;
      }
    } else {
      this.issue(now, song + (now - at) * this.speed, this.speed, true);
    }
  }

  /** A primed standalone start reaches its grid point: the course takes its rate there. */
  private switchStandalone(frame: Frames): void {
    const at = this.switchAt;
    this.switchAt = Infinity;
    const rate = this.switchRate;
    this.issue(frame, this.switchSong + (frame - at) * rate, rate, true);
    if (this.emitting()) this.emit(frame);
  }

  private setTrainerSpeed(speed: number): void {
    const clamped = Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed));
    if (clamped === this.speed) return;
    this.speed = clamped;
    this.onTrainerSpeed?.(clamped);
  }

  private clearPracticeSchedule(): void {
    this.ciFrom = Infinity;
    this.ciUntil = Infinity;
    this.ciBeats = 0;
    this.loopAt = Infinity;
    this.jumpPending = false;
    this.jumpAt = Infinity;
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
      this.clearPracticeSchedule();
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
    if (!wasHost) this.clearPracticeSchedule(); // the host's transport takes over: its loop, its count-in
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
        if (this.hostPlaying) this.startHostCourse(frame);
        else this.switchStandalone(frame);
      } else if (this.breakAt <= frame) {
        // Sync 3: the song's tempo changes on breakAt (fractional); the anchor goes on this block's
        // frame, on the new segment's line, so the map is reproduced exactly.
        const beat = this.breakBeat;
        const rate = this.followRate(beat + BEAT_EPSILON);
        this.issue(frame, this.songFrameOfBeat(beat) + (frame - this.breakAt) * rate, rate, true);
      } else if (this.preroll(this.ciUntil) <= frame) {
        this.startAfterCountIn(frame);
      } else if (this.preroll(this.jumpAt) <= frame) {
        this.runJump(frame);
      } else if (this.preroll(this.loopAt) <= frame) {
        this.wrapLoop(frame);
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
    this.loopAt = Infinity;
    this.jumpAt = Infinity;
    if (this.cPlaying) {
      const end = this.engine.activeFrames();
      if (end > 0) this.endAt = this.cSong >= end ? now : this.cCtx + (end - this.cSong) / this.cRate;
      if (this.hostPlaying && this.follow) this.planBreak();
      if (this.emitting()) this.planEmit(now);
      if (!this.hostPlaying && this.standalonePlaying) this.planPractice(now);
    }
    this.nextActionFrame = Math.min(
      this.preroll(this.pendingAt), this.preroll(this.enterAt), this.switchAt, this.breakAt, this.endAt, this.emitAt,
      this.preroll(this.ciUntil), this.preroll(this.jumpAt), this.preroll(this.loopAt),
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
    let next = barStartBeat(this.meters, barNumberAt(this.meters, beat) + 1);
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
    const bar = barNumberAt(this.meters, beat);
    const meter = meterAtBeat(this.meters, beat);
    const inBar = Math.max(0, beat - barStartBeat(this.meters, bar));
    const rate = !this.hostPlaying && this.switchAt !== Infinity ? this.switchRate : this.cRate;
    const tempo = bpmAt(map, beat + BEAT_EPSILON) * rate;
    this.emitter(t, {
      currentBar: this.settings.barBase + this.settings.barOffset + bar - 1,
      currentBarStarted: t - (inBar * 60) / tempo,
      tempo: tempo / meter.clickBeats, // in the meter's own note value
      timeSigNumerator: meter.num,
      timeSigDenominator: meter.den,
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
    this.clickCursor = -1;
    this.engine.transport(ctx, song, playing ? 1 : 0, clamped);
  }
}
