/**
 * The demo host's transport clock: what a DAW's transport knows (tempo, meter, where bar N
 * started) and the `wam-transport` data it sends. Position is derived from one anchor (the
 * context time at which some bar started), never accumulated, exactly as the plugin derives it.
 * Pure: no DOM, no audio; the caller passes context times in. Thread: main.
 */
import type { WamTransportData } from '@webaudiomodules/api';

export interface HostPosition {
  /** Host bar number (counted from `barBase`). */
  bar: number;
  /** Beats into the bar, 0 ≤ beat < numerator. */
  beat: number;
  /** Context time at which `bar` started. */
  barStarted: number;
}

export class HostClock {
  tempo = 100;
  numerator = 4;
  denominator = 4;
  /** Number of the first bar: 0 (the WAM default) or 1 (hosts that count like musicians). */
  barBase: 0 | 1 = 0;
  playing = false;
  /** Bar the next start begins with (the first bar, or where the musician moved the cursor). */
  startBar = 0;
  /** Context time at which bar `anchorBar` started (or would have). */
  private anchorTime = 0;
  private anchorBar = 0;
  /** A jump (seek or loop wrap) decided ahead: from context time `time` on, bar `bar` starts there. */
  private next: { bar: number; time: number } | null = null;
  /** Where the transport stopped, shown while stopped. */
  private stoppedAt: HostPosition = { bar: 0, beat: 0, barStarted: 0 };

  get barSeconds(): number {
    return this.numerator * 60 / this.tempo;
  }

  /** The position at context time `t` (while stopped: where it stopped). */
  positionAt(t: number): HostPosition {
    if (!this.playing) return this.stoppedAt;
    const jumped = this.next !== null && t >= this.next.time;
    const anchorTime = jumped ? this.next!.time : this.anchorTime;
    const anchorBar = jumped ? this.next!.bar : this.anchorBar;
    // Before a start that lies ahead (the start lead), the first bar is about to begin: beat < 0.
    const bars = Math.max(0, Math.floor((t - anchorTime) / this.barSeconds));
    const barStarted = anchorTime + bars * this.barSeconds;
    return { bar: anchorBar + bars, beat: (t - barStarted) * this.tempo / 60, barStarted };
  }

  /** Make a jump that is due by `now` the anchor (call once per tick). */
  update(now: number): void {
    if (this.next && now >= this.next.time) {
      this.anchorBar = this.next.bar;
      this.anchorTime = this.next.time;
      this.next = null;
    }
  }

  /** Whether a jump is decided and not yet reached. */
  get jumpPending(): boolean {
    return this.next !== null;
  }

  /** Start from `startBar` at context time `at` (a little ahead of now, so the first bar is whole). */
  start(at: number): WamTransportData {
    this.anchorTime = at;
    this.anchorBar = this.startBar;
    this.next = null;
    this.playing = true;
    return this.data(this.positionAt(at));
  }

  /**
   * Bar `bar` starts at context time `at` (≥ now): a seek, or a loop wrapping at its end. The
   * position before `at` is unchanged. Returns the anchor to send (now, so the plugin can prime);
   * while stopped, the next start begins there and null is returned.
   */
  jump(bar: number, at: number): WamTransportData | null {
    if (!this.playing) {
      this.startBar = bar;
      this.stoppedAt = { bar, beat: 0, barStarted: at };
      return null;
    }
    this.next = { bar, time: at };
    return this.data({ bar, beat: 0, barStarted: at });
  }

  stop(now: number): WamTransportData {
    const position = this.positionAt(now);
    this.update(now);
    this.next = null;
    this.playing = false;
    this.stoppedAt = position;
    return this.data(position);
  }

  /**
   * Change tempo keeping the musical position at `now`: the current bar is re-anchored so that
   * the beat reached so far stays where it is. Returns the anchor to send (null while stopped).
   */
  setTempo(bpm: number, now: number): WamTransportData | null {
    if (!(bpm >= 20 && bpm <= 400) || bpm === this.tempo) return null;
    if (!this.playing) { this.tempo = bpm; return null; }
    this.update(now);
    const { bar, beat } = this.positionAt(now);
    this.tempo = bpm;
    this.next = null;
    this.anchorBar = bar;
    this.anchorTime = now - beat * 60 / bpm;
    return this.data(this.positionAt(now));
  }

  /** Switch bar numbering; the same moment gets the new number. */
  setBarBase(base: 0 | 1, now: number): WamTransportData | null {
    const shift = base - this.barBase;
    this.barBase = base;
    this.startBar += shift;
    this.stoppedAt = { ...this.stoppedAt, bar: this.stoppedAt.bar + shift };
    if (this.next) this.next = { ...this.next, bar: this.next.bar + shift };
    if (!this.playing) return null;
    this.anchorBar += shift;
    return this.data(this.positionAt(now));
  }

  /** The `wam-transport` payload for a bar that started at `position.barStarted`. */
  data(position: HostPosition): WamTransportData {
    return {
      currentBar: position.bar,
      currentBarStarted: position.barStarted,
      tempo: this.tempo,
      timeSigNumerator: this.numerator,
      timeSigDenominator: this.denominator,
      playing: this.playing,
    };
  }
}
