/**
 * The demo host's transport clock (demo/host-clock.ts): what it sends is what docs/sync.md says
 * hosts send — bar anchors, seeks and loop wraps decided ahead, tempo changes re-anchored, 0- or
 * 1-based bars — and the plugin's controller follows it.
 */
import { describe, expect, it } from 'vitest';
import { HostClock } from '../../demo/host-clock.js';
import { TransportController } from '../../src/processor/transport.js';

const SR = 48000;

describe('the demo host clock', () => {
  it('starts at its first bar ahead of now and counts bars from one anchor', () => {
    const clock = new HostClock();
    clock.tempo = 120;
    expect(clock.start(1.1)).toEqual({ currentBar: 0, currentBarStarted: 1.1, tempo: 120, timeSigNumerator: 4, timeSigDenominator: 4, playing: true });
    expect(clock.positionAt(1.0)).toMatchObject({ bar: 0, barStarted: 1.1 }); // the lead: about to begin
    expect(clock.positionAt(5.2)).toMatchObject({ bar: 2, barStarted: 5.1 });
    expect(clock.positionAt(5.2).beat).toBeCloseTo(0.2, 9);
  });

  it('a seek (or loop wrap) decided ahead changes nothing before its time', () => {
    const clock = new HostClock();
    clock.tempo = 120;
    clock.start(0);
    expect(clock.jump(8, 3.1)).toMatchObject({ currentBar: 8, currentBarStarted: 3.1, playing: true });
    expect(clock.jumpPending).toBe(true);
    expect(clock.positionAt(3.0)).toMatchObject({ bar: 1, barStarted: 2 });
    expect(clock.positionAt(3.2)).toMatchObject({ bar: 8, barStarted: 3.1 });
    clock.update(3.2);
    expect(clock.jumpPending).toBe(false);
    expect(clock.positionAt(5.2)).toMatchObject({ bar: 9, barStarted: 5.1 });
  });

  it('stopped, a seek moves where the next start begins', () => {
    const clock = new HostClock();
    expect(clock.jump(6, 0)).toBeNull();
    expect(clock.start(1).currentBar).toBe(6);
  });

  it('a tempo change keeps the position (re-anchored bar start), and the plugin sees no jump', () => {
    const clock = new HostClock();
    clock.tempo = 100;
    const engine = { calls: [] as number[][], transport(...a: number[]) { this.calls.push(a); }, activeFrames: () => SR * 600 };
    const ctl = new TransportController(engine, SR);
    ctl.onHostTransport(0, clock.start(0));
    const before = clock.positionAt(3.1);
    const data = clock.setTempo(140, 3.1)!;
    const version = ctl.version;
    ctl.onHostTransport(3.1 * SR, data);
    const after = clock.positionAt(3.1);
    expect(after.bar).toBe(before.bar);
    expect(after.beat).toBeCloseTo(before.beat, 9);
    expect(ctl.version).toBe(version + 1); // the rate changed, the position did not
    const last = engine.calls.at(-1)!;
    expect(last[1]).toBeCloseTo(3.1 * (100 / 120) * SR, 6);
    expect(last[3]).toBeCloseTo(140 / 120, 12);
  });

  it('counting bars from 1 renumbers the same moment', () => {
    const clock = new HostClock();
    clock.tempo = 120;
    clock.start(0);
    const data = clock.setBarBase(1, 2.5)!;
    expect(data.currentBar).toBe(2);
    expect(clock.positionAt(2.5).bar).toBe(2);
    expect(clock.stop(2.5).playing).toBe(false);
    expect(clock.start(3).currentBar).toBe(1);
  });
});
