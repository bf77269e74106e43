/**
 * Practice in the transport controller (src/processor/transport.ts, docs/practice.md) on a fake
 * engine that records every anchor, driven quantum by quantum exactly as the processor slices:
 * loops on their bar lines, count-ins, section jumps, the trainer, the click schedule.
 * 48 kHz; a 120 BPM 4/4 song with bar 1 at 0.5 s, so bar n starts at song second 0.5 + 2 (n − 1).
 */
import { describe, expect, it } from 'vitest';
import type { WamTransportData } from '@webaudiomodules/api';
import { TransportController } from '../../src/processor/transport.js';
import type { SongTiming } from '../../src/shared/messages.js';
import { DEFAULT_PRACTICE, type PracticeSettings } from '../../src/shared/practice.js';

const SR = 48000;
const PREROLL = 240;
const QUANTUM = 128;
const BAR = 2 * SR; // frames per bar at 120 BPM, speed 1
const barFrame = (bar: number) => (0.5 + 2 * (bar - 1)) * SR;

interface Anchor { ctx: number; song: number; playing: number; rate: number }

class FakeEngine {
  calls: Anchor[] = [];
  frames = SR * 600;
  transport(ctx: number, song: number, playing: number, rate = 1): void {
    this.calls.push({ ctx, song, playing, rate });
  }
  activeFrames(): number { return this.frames; }
  /** The song frame heard at context frame f: from the latest anchor placed at or before f (Infinity if stopped). */
  at(f: number): number {
    let anchor: Anchor | null = null;
    for (const c of this.calls) if (c.ctx <= f) anchor = c;
    if (!anchor || !anchor.playing) return Number.NaN;
    return anchor.song + (f - anchor.ctx) * anchor.rate;
  }
}

interface Click { frame: number; accent: boolean }

function rig(timing: Partial<SongTiming> = {}) {
  const engine = new FakeEngine();
  const ctl = new TransportController(engine, SR);
  ctl.setTiming({ downbeat: 0.5, tempoMap: [{ beat: 0, bpm: 120 }], timeSignature: [4, 4], ...timing });
  const clicks: Click[] = [];
  const trainer: number[] = [];
  ctl.onTrainerSpeed = (speed) => trainer.push(speed);
  const sink = { click: (frame: number, accent: boolean) => clicks.push({ frame, accent }) };
  let now = 0;
  /** Render up to context frame `to` in quanta, cutting slices at actions as the processor does. */
  const run = (to: number) => {
    for (; now < to; now += QUANTUM) {
      const end = now + QUANTUM;
      let start = now;
      while (start < end) {
        ctl.runActions(start);
        const due = Math.ceil(ctl.nextActionFrame);
        const sliceEnd = due > start && due < end ? due : end;
        ctl.clicks(start, sliceEnd, sink);
        start = sliceEnd;
      }
    }
  };
  const practice = (patch: Partial<PracticeSettings>) => ctl.setPractice({ ...DEFAULT_PRACTICE, ...patch, trainer: { ...DEFAULT_PRACTICE.trainer, ...(patch.trainer ?? {}) } }, now);
  return { engine, ctl, clicks, trainer, run, practice, frame: () => now };
}

const host = (currentBar: number, currentBarStarted: number, tempo = 120, playing = true): WamTransportData =>
  ({ currentBar, currentBarStarted, tempo, timeSigNumerator: 4, timeSigDenominator: 4, playing });

describe('Practice 1: the plugin\'s loop (standalone)', () => {
  it('plays from the loop start and wraps on its bar line, primed, for 20 passes: never off the grid', () => {
    const { engine, ctl, run, practice } = rig();
    practice({ loop: { startBar: 3, endBar: 5 } });
    ctl.setLoopEnabled(true, 0);
    ctl.play(0); // at song 0, outside the loop: starts at bar 3
    expect(engine.calls.at(-1)).toEqual({ ctx: 0, song: barFrame(3), playing: 1, rate: 1 });
    const length = 2 * BAR;
    run(20 * length + 1000);
    expect(ctl.passes).toBe(20);
    for (let k = 1; k <= 20; k++) {
      const wrap = k * length;
      // The wrap is issued one ramp early, reading at rate 1 towards the loop start…
      const primed = engine.calls.find((c) => c.ctx === wrap - PREROLL)!;
      expect(primed).toEqual({ ctx: wrap - PREROLL, song: barFrame(3) - PREROLL, playing: 1, rate: 1 });
      // …so the loop start is heard exactly on the loop end's frame; bar 5 is never reached.
      expect(engine.at(wrap)).toBe(barFrame(3));
      expect(engine.at(wrap - PREROLL - 1)).toBe(barFrame(5) - PREROLL - 1);
    }
    expect(ctl.looping).toBe(true);
  });

  it('at speed 0.8 the wraps are 1/0.8 as far apart and each takes the speed on its grid point', () => {
    const { engine, ctl, run, practice } = rig();
    ctl.setSpeed(0.8, 0);
    practice({ loop: { startBar: 3, endBar: 4 } });
    ctl.setLoopEnabled(true, 0);
    ctl.play(0);
    const length = BAR / 0.8;
    run(5 * length + 1000);
    expect(ctl.passes).toBe(5);
    for (let k = 1; k <= 5; k++) {
      const wrap = k * length;
      expect(engine.at(wrap)).toBeCloseTo(barFrame(3), 6);
      const switched = engine.calls.find((c) => c.ctx === Math.ceil(wrap) && c.rate === 0.8)!;
      expect(switched.song).toBeCloseTo(barFrame(3) + (Math.ceil(wrap) - wrap) * 0.8, 6);
    }
  });

  it('turning the loop on while playing outside it goes to its start at the next bar line', () => {
    const { engine, ctl, run, practice } = rig();
    ctl.play(0);
    run(barFrame(2) - 1000); // inside bar 1
    practice({ loop: { startBar: 5, endBar: 7 } });
    ctl.setLoopEnabled(true, barFrame(2) - 1000);
    run(barFrame(2) + 1000);
    expect(engine.at(barFrame(2))).toBe(barFrame(5)); // the bar line where bar 2 would have started
  });

  it('while a host plays, the host loops: the plugin\'s loop does nothing', () => {
    const { engine, ctl, run, practice } = rig();
    practice({ loop: { startBar: 1, endBar: 2 } });
    ctl.setLoopEnabled(true, 0);
    ctl.onHostTransport(0, host(0, 0.5));
    run(4 * BAR);
    expect(ctl.passes).toBe(0);
    expect(ctl.looping).toBe(false);
    expect(engine.at(3 * BAR)).toBe(3 * BAR); // straight on with the host
  });
});

describe('Practice 2: count-in', () => {
  it('one bar before Play: four clicks a beat apart (the first accented), the song enters on the bar start', () => {
    const { engine, ctl, clicks, run, practice } = rig();
    practice({});
    ctl.setCountInBars(1);
    ctl.seek(0, 4.6); // inside bar 3: the count-in leads into the start of bar 3
    ctl.play(1000);
    const report = ctl.countInReport()!;
    expect(report).toEqual({ from: 1000 / SR, until: (1000 + 4 * 24000) / SR, beats: 4, beatsPerBar: 4 });
    run(1000 + 6 * 24000);
    expect(clicks).toEqual([0, 1, 2, 3].map((k) => ({ frame: 1000 + k * 24000, accent: k === 0 })));
    const enter = 1000 + 4 * 24000;
    expect(engine.at(enter - PREROLL - 1)).toBeNaN(); // silent during the count-in
    expect(engine.at(enter)).toBe(barFrame(3));
    expect(ctl.countInReport()).toBeNull();
  });

  it('counts in at the speed: 0.8 → clicks 0.625 s apart, two bars', () => {
    const { engine, ctl, clicks, run, practice } = rig();
    practice({});
    ctl.setSpeed(0.8, 0);
    ctl.setCountInBars(2);
    ctl.play(0);
    run(9 * 30000);
    expect(clicks.map((c) => c.frame)).toEqual(Array.from({ length: 8 }, (_, k) => k * 30000));
    expect(clicks.map((c) => c.accent)).toEqual([true, false, false, false, true, false, false, false]);
    // Song 0 is before bar 1 (0.5 s): the count-in leads into bar 1, entering at 8 clicks.
    expect(engine.at(8 * 30000)).toBeCloseTo(barFrame(1), 6);
    expect(engine.calls.at(-1)!.rate).toBe(0.8);
  });

  it('before every repeat: the loop stops at its end, counts in a bar, and starts again', () => {
    const { engine, ctl, clicks, run, practice } = rig();
    practice({ loop: { startBar: 2, endBar: 3 }, countInEvery: true });
    ctl.setLoopEnabled(true, 0);
    ctl.setCountInBars(1);
    ctl.play(0);
    run(4 * BAR - 1000);
    // Count-in 1 (0 … 4 beats), bar 2, count-in 2 (at 2 bars), bar 2 again (from 3 bars).
    expect(clicks.map((c) => c.frame)).toEqual([0, 1, 2, 3].map((k) => k * 24000).concat([0, 1, 2, 3].map((k) => 2 * BAR + k * 24000)));
    expect(engine.at(BAR)).toBe(barFrame(2));
    expect(engine.at(2 * BAR + 1000)).toBeNaN(); // stopped while counting in
    expect(engine.at(3 * BAR)).toBe(barFrame(2));
    expect(ctl.passes).toBe(1);
  });
});

describe('Practice 3: the click schedule', () => {
  it('accents bar starts through a meter change (4/4, then 3/4 from bar 3), on the song\'s beats', () => {
    const { ctl, clicks, run, practice } = rig({ meters: [{ bar: 3, timeSignature: [3, 4] }] });
    practice({ click: true });
    ctl.play(0);
    run(0.5 * SR + 14 * 24000 + 100);
    const beats = clicks.map((c) => (c.frame / SR - 0.5) / 0.5);
    expect(beats).toEqual([-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]); // from the pickup beat at song 0 s
    expect(clicks.filter((c) => c.accent).map((c) => (c.frame / SR - 0.5) / 0.5)).toEqual([0, 4, 8, 11, 14]);
  });

  it('follows the course: at speed 0.5 the clicks are a second apart; a seek is followed at once', () => {
    const { ctl, clicks, run, practice } = rig();
    practice({ click: true });
    ctl.setSpeed(0.5, 0);
    ctl.seek(0, 0.5);
    ctl.play(0);
    run(3 * SR + 10);
    expect(clicks.map((c) => c.frame)).toEqual([0, SR, 2 * SR, 3 * SR]);
    clicks.length = 0;
    ctl.seek(3 * SR + 128, 10.75); // half a beat before bar 6's second beat
    run(4 * SR);
    expect(clicks[0].frame).toBeCloseTo(3 * SR + 128 + 0.25 * 2 * SR, 6);
  });

  it('follows a host too: at 100 BPM (song 120) the clicks fall on the host\'s beats', () => {
    const { ctl, clicks, run, practice } = rig({ downbeat: 0 });
    practice({ click: true });
    ctl.onHostTransport(0, host(0, 0.5, 100));
    run(0.5 * SR + 8 * 0.6 * SR + 10);
    expect(clicks).toHaveLength(9);
    clicks.forEach((c, k) => {
      expect(c.frame).toBeCloseTo((0.5 + k * 0.6) * SR, 6);
      expect(c.accent).toBe(k % 4 === 0);
    });
  });

  it('never clicks twice for one beat across a wrap, and not while stopped', () => {
    const { ctl, clicks, run, practice } = rig();
    practice({ click: true, loop: { startBar: 2, endBar: 3 } });
    ctl.setLoopEnabled(true, 0);
    ctl.setSpeed(0.75, 0);
    ctl.play(0);
    const length = BAR / 0.75;
    run(3 * length + 10);
    const frames = clicks.map((c) => c.frame);
    expect(frames).toHaveLength(3 * 4 + 1);
    frames.forEach((f, k) => expect(f).toBeCloseTo((k * length) / 4, 6));
    ctl.stop(3 * length + 10);
    const before = clicks.length;
    run(4 * length);
    expect(clicks.length).toBe(before);
  });
});

describe('Practice 4: the speed trainer', () => {
  it('starts at 70 % and adds 3 points after each pass up to 100 %: the wraps follow each speed', () => {
    const { engine, ctl, trainer, run, practice } = rig();
    practice({ loop: { startBar: 3, endBar: 4 }, trainer: { enabled: true, start: 0.7, step: 3, unit: 'percent', cap: 1 } });
    ctl.setLoopEnabled(true, 0);
    ctl.play(0);
    expect(ctl.currentSpeed).toBe(0.7);
    const speeds = [0.7, 0.73, 0.76, 0.79, 0.82, 0.85, 0.88, 0.91, 0.94, 0.97, 1, 1];
    let wrap = 0;
    for (let pass = 1; pass <= 11; pass++) {
      wrap += BAR / speeds[pass - 1];
      run(Math.ceil(wrap) + 200);
      expect(ctl.passes).toBe(pass);
      expect(ctl.currentSpeed).toBe(speeds[pass]);
      expect(engine.at(wrap)).toBeCloseTo(barFrame(3), 5);
      expect(engine.calls.at(-1)!.rate).toBeCloseTo(speeds[pass], 12);
    }
    expect(trainer).toEqual([0.7, 0.73, 0.76, 0.79, 0.82, 0.85, 0.88, 0.91, 0.94, 0.97, 1]);
  });
});

describe('Practice 5: jump to a section at the next bar', () => {
  it('is quantized to the next bar line, and cancellable until then', () => {
    const { engine, ctl, run } = rig();
    ctl.play(0);
    run(barFrame(2) + 0.3 * SR); // bar 2, beat 2
    ctl.jumpToBar(7, barFrame(2) + 0.3 * SR);
    expect(ctl.jumpReport()).toEqual({ bar: 7, at: barFrame(3) / SR });
    run(barFrame(3) + 1000);
    expect(engine.at(barFrame(3) - PREROLL - 1)).toBe(barFrame(3) - PREROLL - 1);
    expect(engine.at(barFrame(3))).toBe(barFrame(7));
    expect(ctl.jumpReport()).toBeNull();
    // Asked again, then cancelled: nothing happens.
    const now = barFrame(3) + 1024;
    ctl.jumpToBar(1, now);
    ctl.cancelJump(now);
    run(barFrame(5));
    expect(engine.at(barFrame(5) - 10)).toBe(barFrame(9) - 10);
  });

  it('stopped: at once; within a ramp of the bar line: the one after', () => {
    const { engine, ctl, run } = rig();
    ctl.jumpToBar(5, 0);
    expect(engine.calls.at(-1)).toMatchObject({ song: barFrame(5), playing: 0 });
    ctl.play(128);
    run(BAR - 100 + 128);
    ctl.jumpToBar(2, BAR - 100 + 128); // bar 6 starts 100 frames later: too close to prime
    expect(ctl.jumpReport()!.at).toBeCloseTo((2 * BAR + 128) / SR, 9);
  });
});
