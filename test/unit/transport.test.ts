/**
 * The transport controller (src/processor/transport.ts) on a fake engine that records every anchor:
 * positions, rates and jump decisions per rule of docs/sync.md, and every host quirk.
 * Frames at 48 kHz; the fake engine derives positions from its last anchor exactly as the wasm does.
 */
import { describe, expect, it } from 'vitest';
import type { WamTransportData } from '@webaudiomodules/api';
import { TransportController } from '../../src/processor/transport.js';
import type { SongTiming } from '../../src/shared/messages.js';
import { beatsToSeconds } from '../../src/shared/tempo-map.js';

const SR = 48000;
const PREROLL = 240; // one 5 ms ramp

interface Anchor { ctx: number; song: number; playing: number; rate: number }

class FakeEngine {
  calls: Anchor[] = [];
  frames = SR * 600;
  transport(ctx: number, song: number, playing: number, rate = 1): void {
    this.calls.push({ ctx, song, playing, rate });
  }
  activeFrames(): number { return this.frames; }
  get last(): Anchor { return this.calls[this.calls.length - 1]; }
  /** The song frame at context frame f, from the last anchor (as assembly/transport.ts). */
  at(f: number): number {
    return FakeEngine.position(this.last, f);
  }
  /** The song frame at f from the playing anchor in force then (the latest one anchored at or before f). */
  atFrom(f: number): number {
    let anchor = this.calls.find((c) => c.playing)!;
    for (const c of this.calls) if (c.playing && c.ctx <= f) anchor = c;
    return FakeEngine.position(anchor, f);
  }
  static position(a: Anchor, f: number): number {
    return a.playing ? a.song + (f - a.ctx) * a.rate : a.song;
  }
}

function rig(timing: Partial<SongTiming> = {}) {
  const engine = new FakeEngine();
  const emitted: { time: number; data: WamTransportData }[] = [];
  const ctl = new TransportController(engine, SR, (time, data) => emitted.push({ time, data }));
  ctl.setTiming({ downbeat: 0, tempoMap: [{ beat: 0, bpm: 120 }], timeSignature: [4, 4], ...timing });
  /** Advance to `frame`, running the actions due on the way (as the processor's slices do). */
  const advance = (frame: number) => {
    let guard = 0;
    while (ctl.nextActionFrame <= frame && guard++ < 10000) ctl.runActions(Math.max(Math.ceil(ctl.nextActionFrame), 0));
    ctl.runActions(frame);
  };
  return { engine, ctl, emitted, advance };
}

const host = (currentBar: number, currentBarStarted: number, tempo = 120, playing = true, num = 4, den = 4): WamTransportData =>
  ({ currentBar, currentBarStarted, tempo, timeSigNumerator: num, timeSigDenominator: den, playing });

/** Song frame of song beat `beat` for a timing (the map, independently of the controller). */
const songFrame = (t: Pick<SongTiming, 'downbeat' | 'tempoMap'>, beat: number) => (t.downbeat + beatsToSeconds(t.tempoMap, beat)) * SR;

describe('Sync 1: the position is derived from the latest anchor, in the right units', () => {
  it('host bar 3 started at 1 s, 120 BPM: at 1.25 s the song is at beat 12.5 (+ its downbeat)', () => {
    const { engine, ctl } = rig({ downbeat: 0.5 });
    ctl.onHostTransport(1.25 * SR, host(3, 1.0));
    expect(engine.last).toEqual({ ctx: 1.25 * SR, song: (0.5 + 12.5 * 0.5) * SR, playing: 1, rate: 1 });
    expect(ctl.sync).toBe('host');
  });

  it('denominators: a 6/8 host at 180 eighths per minute drives a 3/4 song at 90 quarters at rate 1', () => {
    const { engine, ctl } = rig({ timeSignature: [3, 4], tempoMap: [{ beat: 0, bpm: 90 }] });
    ctl.onHostTransport(SR, host(2, 1.0, 180, true, 6, 8)); // host bar 2 = 12 eighths = 6 quarters in
    expect(engine.last.rate).toBeCloseTo(1, 12);
    expect(engine.last.song).toBeCloseTo(6 * (60 / 90) * SR, 6);
  });

  it('a song in eighths: a 4/4 host at 120 drives a 6/8 song at 240 eighths at rate 1, bar 2 on host bar 1', () => {
    // A 6/8 bar is 3 quarters, a 4/4 bar 4: beats map through quarter notes, so host bar 1 (4 quarters) is song eighth 8.
    const { engine, ctl } = rig({ timeSignature: [6, 8], tempoMap: [{ beat: 0, bpm: 240 }] });
    ctl.onHostTransport(SR, host(1, 1.0));
    expect(engine.last.rate).toBeCloseTo(1, 12);
    expect(engine.last.song).toBeCloseTo(8 * (60 / 240) * SR, 6);
  });
});

describe('Sync 2: following the host tempo, rate = host tempo / song tempo, bar N on bar N', () => {
  for (const tempo of [60, 97.5, 120, 180]) {
    it(`host at ${tempo} BPM, song at 120: rate ${tempo / 120}, every beat on the host's beat`, () => {
      const { engine, ctl } = rig({ downbeat: 0.25 });
      ctl.onHostTransport(0, host(0, 0, tempo));
      expect(engine.last.rate).toBe(tempo / 120);
      for (const beat of [0, 1, 7, 100]) {
        const t = (beat * 60) / tempo;
        expect(engine.at(t * SR)).toBeCloseTo(songFrame({ downbeat: 0.25, tempoMap: [{ beat: 0, bpm: 120 }] }, beat), 6);
      }
    });
  }
});

describe('Sync 3: song tempo changes re-anchor on their exact frame; the map is reproduced, never accumulated', () => {
  it('a map 120 → 60 → 150 under a host at 100: rates and positions at every point', () => {
    const timing = { downbeat: 0.3, tempoMap: [{ beat: 0, bpm: 120 }, { beat: 8, bpm: 60 }, { beat: 20, bpm: 150 }] };
    const { engine, ctl, advance } = rig(timing);
    ctl.onHostTransport(0, host(0, 0, 100));
    expect(engine.last.rate).toBeCloseTo(100 / 120, 12);
    const beatFrame = (beat: number) => ((beat * 60) / 100) * SR;
    expect(ctl.nextActionFrame).toBeCloseTo(beatFrame(8), 6);
    advance(beatFrame(30));
    const anchors = engine.calls.filter((c) => c.playing);
    expect(anchors.map((a) => a.rate)).toEqual([100 / 120, 100 / 60, 100 / 150]);
    expect(anchors[1].ctx).toBeCloseTo(beatFrame(8), 6);
    expect(anchors[2].ctx).toBeCloseTo(beatFrame(20), 6);
    for (const beat of [3, 8, 12.5, 20, 29]) expect(engine.atFrom(beatFrame(beat))).toBeCloseTo(songFrame(timing, beat), 5);
  });

  it('400 tempo changes over 10 minutes: the last beat is where the map puts it (< 0.001 frame)', () => {
    const tempoMap = Array.from({ length: 400 }, (_, i) => ({ beat: i * 4, bpm: 100 + 37 * Math.sin(i) }));
    const timing = { downbeat: 0, tempoMap };
    const { engine, ctl, advance } = rig(timing);
    engine.frames = SR * 3600;
    ctl.onHostTransport(0, host(0, 0, 97.3));
    const last = 1599.5;
    const frame = ((last * 60) / 97.3) * SR;
    advance(frame);
    expect(engine.calls.filter((c) => c.playing).length).toBe(400);
    expect(Math.abs(engine.at(frame) - songFrame(timing, last))).toBeLessThan(1e-3);
  });
});

describe('Sync 4: a bar that starts later (count-in, loop or seek sent ahead) applies then, primed', () => {
  it('count-in: silent until one ramp before the bar, anchored on its exact frame', () => {
    const { engine, ctl, advance } = rig({ downbeat: 1 });
    ctl.onHostTransport(0, host(0, 2.0)); // bar 0 starts in 2 s
    expect(engine.calls.filter((c) => c.playing)).toEqual([]);
    expect(ctl.sync).toBe('waiting');
    expect(ctl.nextActionFrame).toBe(2 * SR - PREROLL);
    advance(2 * SR - PREROLL - 1);
    expect(engine.calls.filter((c) => c.playing)).toEqual([]);
    advance(2 * SR - PREROLL);
    // Anchored on the block where the fade-in starts, on the line that puts the downbeat on 2 s.
    expect(engine.last).toEqual({ ctx: 2 * SR - PREROLL, song: 1 * SR - PREROLL, playing: 1, rate: 1 });
    expect(engine.at(2 * SR)).toBe(1 * SR);
    expect(ctl.sync).toBe('host');
  });

  it('a loop sent ahead: the old course plays on, then a jump anchored on the loop point', () => {
    const { engine, ctl, advance } = rig();
    ctl.onHostTransport(0, host(0, 0));
    ctl.onHostTransport(7.9 * SR, host(1, 8.0)); // at bar 4 (8 s), back to bar 1
    expect(engine.calls).toHaveLength(1);
    advance(8 * SR - PREROLL);
    expect(engine.last).toEqual({ ctx: 8 * SR - PREROLL, song: 2 * SR - PREROLL, playing: 1, rate: 1 });
    expect(engine.at(8 * SR)).toBe(2 * SR);
  });

  it('a bar start in the future by less than a ramp: issued at once, on the line through its frame', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(1000, host(0, 1100 / SR));
    ctl.runActions(1000); // the block the event arrived in
    expect(engine.last).toEqual({ ctx: 1000, song: -100, playing: 1, rate: 1 });
  });

  it('at a rate other than 1 the pre-roll reads at rate 1 and switches on the grid point (the stretcher primes there)', () => {
    const { engine, ctl, advance } = rig();
    ctl.onHostTransport(0, host(0, 1, 60));
    advance(SR - PREROLL);
    expect(engine.last).toEqual({ ctx: SR - PREROLL, song: -PREROLL, playing: 1, rate: 1 });
    advance(SR);
    expect(engine.last).toEqual({ ctx: SR, song: 0, playing: 1, rate: 0.5 });
    expect(engine.at(3 * SR)).toBe(SR);
  });
});

describe('Sync 5: a song that starts after the host waits silent and enters primed', () => {
  it('song bar 1 at host bar 2, downbeat 0.5 s: song frame 0 is reached at host bar 2 − 0.5 s', () => {
    const { engine, ctl, advance } = rig({ downbeat: 0.5 });
    ctl.setSettings({ barOffset: 2 }, 0);
    ctl.onHostTransport(0, host(0, 0));
    expect(engine.calls.filter((c) => c.playing)).toEqual([]);
    const enter = (4 - 0.5) * SR; // host bar 2 starts at 4 s
    expect(ctl.nextActionFrame).toBe(enter - PREROLL);
    advance(enter);
    expect(engine.last.playing).toBe(1);
    expect(engine.last.ctx).toBe(enter - PREROLL);
    expect(engine.at(enter)).toBeCloseTo(0, 6);
    expect(engine.at(4 * SR)).toBeCloseTo(0.5 * SR, 6); // song bar 1 on host bar 2
  });
});

describe('Sync 6: repeats and continuations change nothing', () => {
  it('the same event again is ignored; bar-start anchors that agree are adopted without a report', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(0, host(0, 0, 97.5));
    const calls = engine.calls.length;
    ctl.onHostTransport(1000, host(0, 0, 97.5));
    expect(engine.calls).toHaveLength(calls);
    const version = ctl.version;
    const bar = (4 * 60) / 97.5;
    for (let k = 1; k < 50; k++) ctl.onHostTransport(k * bar * SR + 480, host(k, k * bar, 97.5));
    expect(ctl.version).toBe(version);
    for (const call of engine.calls) expect(call.rate).toBe(97.5 / 120);
    expect(engine.at(49 * bar * SR)).toBeCloseTo(49 * 4 * 0.5 * SR, 6);
  });
});

describe('Sync 7: an anchor that disagrees with the extrapolation is a jump', () => {
  it('seek, loop and rewind re-anchor at the derived position and are reported', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(0, host(0, 0));
    for (const [bar, at] of [[8, 3], [2, 5], [0, 6]] as const) {
      const version = ctl.version;
      ctl.onHostTransport(at * SR, host(bar, at));
      expect(engine.last).toEqual({ ctx: at * SR, song: bar * 2 * SR, playing: 1, rate: 1 });
      expect(ctl.version).toBeGreaterThan(version);
    }
  });

  it('within 1/16 beat is a continuation: re-derived, no report', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(0, host(0, 0));
    const version = ctl.version;
    ctl.onHostTransport(2 * SR, host(1, 1.99)); // the host is 10 ms (1/50 beat) ahead of the extrapolation
    expect(ctl.version).toBe(version + 1); // the engine moves by 10 ms (a tiny crossfaded jump), reported
    expect(engine.last.song).toBeCloseTo(2.01 * SR, 6);
  });
});

describe('Sync 8: tempo and meter changes keep the position continuous', () => {
  it('the same bar and start with a new tempo (mid-bar): continuous at the event, new rate from there', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(0, host(0, 0, 100));
    const at = 1.5 * SR;
    const before = engine.at(at);
    ctl.onHostTransport(at, host(0, 0, 140));
    expect(engine.last.song).toBeCloseTo(before, 6);
    expect(engine.last.rate).toBeCloseTo(140 / 120, 12);
    // The host's next bar starts where the continuous position puts it: no jump.
    const beatsLeft = 4 - (1.5 * 100) / 60;
    const next = 1.5 + (beatsLeft * 60) / 140;
    const calls = engine.calls.length;
    const version = ctl.version;
    ctl.onHostTransport(next * SR, host(1, next, 140));
    expect(ctl.version).toBe(version);
    expect(Math.abs(engine.at(next * SR) - 4 * 0.5 * SR)).toBeLessThan(1e-6);
    expect(engine.calls.length).toBe(calls + 1);
  });

  it('a host that re-anchors the bar start for the new tempo (demo host style) is continuous too', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(0, host(0, 0, 100));
    const now = 1.5;
    const beat = (now * 100) / 60;
    const before = engine.at(now * SR);
    ctl.onHostTransport(now * SR, host(0, now - (beat * 60) / 140, 140));
    expect(engine.last.song).toBeCloseTo(before, 6);
  });

  it('4/4 → 3/4 on the bar line at bar 2: bar 3 is one 3/4 bar later, no jump', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(0, host(0, 0));
    ctl.onHostTransport(4 * SR, host(2, 4, 120, true, 3, 4));
    const version = ctl.version;
    expect(engine.at(4 * SR)).toBeCloseTo(4 * SR, 6);
    ctl.onHostTransport(5.5 * SR, host(3, 5.5, 120, true, 3, 4));
    expect(ctl.version).toBe(version);
    expect(engine.at(5.5 * SR)).toBeCloseTo(5.5 * SR, 6);
  });

  it('a meter change inside the bar (same bar and start) keeps the position too', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(0, host(0, 0));
    const before = engine.at(SR);
    ctl.onHostTransport(SR, host(0, 0, 120, true, 3, 4));
    expect(engine.last.song).toBeCloseTo(before, 6);
  });
});

describe('Sync 9: following off, the song plays at speed from the host\'s start point', () => {
  it('start mapped, then speed; host tempo changes and continuations leave it; a jump re-maps', () => {
    const { engine, ctl } = rig();
    ctl.setSpeed(0.75, 0);
    ctl.setFollowHostTempo(false, 0);
    ctl.onHostTransport(SR, host(2, 1.0, 90)); // host bar 2 → song beat 8 = 4 s
    expect(engine.last).toEqual({ ctx: SR, song: 4 * SR, playing: 1, rate: 0.75 });
    const calls = engine.calls.length;
    ctl.onHostTransport(1.5 * SR, host(2, 1.0, 140)); // tempo change mid-bar: the song ignores it
    const next = 1.5 + ((4 - 0.75) * 60) / 140; // 0.75 beats were played at 90 BPM
    ctl.onHostTransport(next * SR, host(3, next, 140)); // next bar: a continuation
    expect(engine.calls).toHaveLength(calls);
    ctl.onHostTransport(6 * SR, host(10, 6.0, 90)); // a jump: re-mapped
    expect(engine.last).toEqual({ ctx: 6 * SR, song: 20 * SR, playing: 1, rate: 0.75 });
  });

  it('switching following on jumps to the host position; off glides from where it is', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(0, host(0, 0, 60));
    ctl.setFollowHostTempo(false, SR);
    expect(engine.last).toEqual({ ctx: SR, song: 0.5 * SR, playing: 1, rate: 1 });
    ctl.setFollowHostTempo(true, 2 * SR);
    expect(engine.last).toEqual({ ctx: 2 * SR, song: 1 * SR, playing: 1, rate: 0.5 });
  });
});

describe('Sync 10: bar numbering and bar offset', () => {
  it('a 1-based host with barBase 1: bar 1 is song bar 1', () => {
    const { engine, ctl } = rig();
    ctl.setSettings({ barBase: 1 }, 0);
    ctl.onHostTransport(0, host(1, 0));
    expect(engine.last.song).toBe(0);
    ctl.onHostTransport(SR, host(3, 1.0));
    expect(engine.last.song).toBe(4 * SR);
  });

  it('changing the offset while the host plays re-derives the position (a jump)', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(0, host(0, 0));
    ctl.setSettings({ barOffset: -1 }, SR); // host bar 0 is now song bar 2
    expect(engine.last).toEqual({ ctx: SR, song: 3 * SR, playing: 1, rate: 1 });
  });
});

describe('Sync 11: stop, play, and hosts that say they play on connect', () => {
  it('a host stop stops at its frame (the engine fades), a later play starts from the new anchor', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(0, host(0, 0));
    ctl.onHostTransport(SR, host(0, 0, 120, false));
    expect(engine.last).toEqual({ ctx: SR, song: SR, playing: 0, rate: 1 });
    expect(ctl.sync).toBe('waiting');
    ctl.onHostTransport(3 * SR, host(5, 3));
    expect(engine.last).toEqual({ ctx: 3 * SR, song: 10 * SR, playing: 1, rate: 1 });
  });

  it('playing: true on connect with an old anchor joins at the derived position', () => {
    const { engine, ctl } = rig();
    ctl.onHostTransport(30 * SR, host(0, 0)); // connected 30 s after the host pressed play
    expect(engine.last).toEqual({ ctx: 30 * SR, song: 30 * SR, playing: 1, rate: 1 });
  });
});

describe('Sync 12: the standalone clock uses the same course', () => {
  it('play, speed glide, seek, stop; ignored while a host plays; the host takes over', () => {
    const { engine, ctl } = rig();
    ctl.play(100);
    expect(engine.last).toEqual({ ctx: 100, song: 0, playing: 1, rate: 1 });
    ctl.setSpeed(0.5, 100 + SR);
    expect(engine.last).toEqual({ ctx: 100 + SR, song: SR, playing: 1, rate: 0.5 });
    ctl.seek(200 + SR, 10);
    expect(engine.last).toEqual({ ctx: 200 + SR, song: 10 * SR, playing: 1, rate: 0.5 });
    ctl.stop(200 + 3 * SR);
    expect(engine.last).toEqual({ ctx: 200 + 3 * SR, song: 11 * SR, playing: 0, rate: 0.5 });
    expect(ctl.sync).toBe('standalone');
    ctl.onHostTransport(4 * SR, host(1, 4));
    const calls = engine.calls.length;
    ctl.stop(5 * SR);
    ctl.seek(5 * SR, 1);
    ctl.play(5 * SR);
    expect(engine.calls).toHaveLength(calls);
  });
});

describe('Sync 13: the sync status', () => {
  it('standalone → waiting (host stopped, counting in) → host → waiting; plays standalone while the host is stopped', () => {
    const { ctl, advance } = rig();
    expect(ctl.sync).toBe('standalone');
    ctl.onHostTransport(0, host(0, 0, 120, false));
    expect(ctl.sync).toBe('waiting');
    ctl.play(100);
    expect(ctl.sync).toBe('standalone');
    ctl.stop(200);
    expect(ctl.sync).toBe('waiting');
    ctl.onHostTransport(SR, host(0, 2));
    expect(ctl.sync).toBe('waiting');
    advance(2 * SR);
    expect(ctl.sync).toBe('host');
    ctl.onHostTransport(3 * SR, host(0, 2, 120, false));
    expect(ctl.sync).toBe('waiting');
  });
});

describe('Sync 14: the end of the song', () => {
  it('standalone: stops at the end exactly, and play starts from 0', () => {
    const { engine, ctl, advance } = rig();
    engine.frames = 3 * SR;
    ctl.play(0);
    advance(4 * SR);
    expect(engine.last).toEqual({ ctx: 3 * SR, song: 3 * SR, playing: 0, rate: 1 });
    ctl.play(5 * SR);
    expect(engine.last.song).toBe(0);
  });

  it('host-driven: silent past the end, and back when the host jumps back', () => {
    const { engine, ctl, advance } = rig();
    engine.frames = 3 * SR;
    ctl.onHostTransport(0, host(0, 0));
    advance(4 * SR);
    expect(engine.last.playing).toBe(0);
    expect(ctl.sync).toBe('host');
    ctl.onHostTransport(4 * SR, host(2, 4)); // consistent: stays silent
    expect(engine.last.playing).toBe(0);
    ctl.onHostTransport(5 * SR, host(0, 5));
    expect(engine.last).toEqual({ ctx: 5 * SR, song: 0, playing: 1, rate: 1 });
  });
});

describe('Sync 15: standalone, the song\'s transport goes downstream', () => {
  it('on play, at every bar start and tempo change, and on stop; never while a host plays', () => {
    const { ctl, emitted, advance } = rig({ downbeat: 0.5, tempoMap: [{ beat: 0, bpm: 120 }, { beat: 8, bpm: 60 }] });
    ctl.setSettings({ emitTransport: true, barOffset: 4 }, 0);
    ctl.setSpeed(0.5, 0);
    ctl.play(0);
    advance(Math.round(10.5 * SR));
    ctl.stop(Math.round(10.5 * SR));
    const bars = emitted.map((e) => [e.time, e.data.currentBar, e.data.currentBarStarted, e.data.tempo, e.data.playing]);
    // Play at song 0 s = 0.5 s before song bar 1: beat −1, i.e. host bar 3 (bar 1 is host bar 4), beat 4 of 4,
    // at 120 × 0.5 = 60 BPM, so that bar started 3 s ago.
    expect(bars[0]).toEqual([0, 3, -3, 60, true]);
    expect(bars[1][0]).toBeCloseTo(1, 9); // song bar 1 at 1 s (0.5 s of song at half speed)
    expect(bars[1].slice(1)).toEqual([4, bars[1][0], 60, true]);
    expect(bars[2][0]).toBeCloseTo(5, 9); // bar 2 (beat 4): 2 s of song later
    expect(bars[2][1]).toBe(5);
    expect(bars[3][0]).toBeCloseTo(9, 9); // bar 3 (beat 8), where the song's tempo halves
    expect(bars[3].slice(1, 4)).toEqual([6, bars[3][0], 30]);
    expect(bars).toHaveLength(5);
    expect(bars.at(-1)?.[4]).toBe(false);
    const count = emitted.length;
    ctl.onHostTransport(11 * SR, host(0, 11));
    advance(20 * SR);
    expect(emitted).toHaveLength(count);
  });
});
