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
  /** Context time at which bar `anchorBar` started (or would have). */
  private anchorTime = 0;
  private anchorBar = 0;
  /** Where the transport stopped, shown while stopped. */
  private stoppedAt: HostPosition = { bar: 0, beat: 0, barStarted: 0 };

  get barSeconds(): number {
    return this.numerator * 60 / this.tempo;
  }

  /** The position at context time `t` (while stopped: where it stopped). */
  positionAt(t: number): HostPosition {
    if (!this.playing) return this.stoppedAt;
    // Before a start that lies ahead (the start lead), the first bar is about to begin: beat < 0.
    const bars = Math.max(0, Math.floor((t - this.anchorTime) / this.barSeconds));
    const barStarted = this.anchorTime + bars * this.barSeconds;
    return { bar: this.anchorBar + bars, beat: (t - barStarted) * this.tempo / 60, barStarted };
  }

  /** Start from the first bar at context time `at` (a little ahead of now, so bar 1 is whole). */
  start(at: number): WamTransportData {
    this.anchorTime = at;
    this.anchorBar = this.barBase;
    this.playing = true;
    return this.data(this.positionAt(at));
  }

  stop(now: number): WamTransportData {
    const position = this.positionAt(now);
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
    const { bar, beat } = this.positionAt(now);
    this.tempo = bpm;
    this.anchorBar = bar;
    this.anchorTime = now - beat * 60 / bpm;
    return this.data(this.positionAt(now));
  }

  /** Switch bar numbering; the same moment gets the new number. */
  setBarBase(base: 0 | 1, now: number): WamTransportData | null {
    const shift = base - this.barBase;
    this.barBase = base;
    this.stoppedAt = { ...this.stoppedAt, bar: this.stoppedAt.bar + shift };
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
