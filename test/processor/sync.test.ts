/**
 * Host sync through the real processor and engine in Node (docs/sync.md): synthetic host anchors,
 * a click stem on every beat, rendered quantum by quantum; onsets measured in the output.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { WamTransportData } from '@webaudiomodules/api';
import type { SongTiming } from '../../src/shared/messages.js';
import { beatsToSeconds } from '../../src/shared/tempo-map.js';
import { createProcessorRig, QUANTUM, type ProcessorRig } from './worklet-env.js';

const SR = 48000;
const PREROLL = 240;

/** A click: a 1.5 kHz cosine starting at its peak, decaying over ~3 ms (louder on downbeats). */
function click(i: number, amplitude: number): number {
  return i < 0 || i > 0.02 * SR ? 0 : amplitude * Math.cos((2 * Math.PI * 1500 * i) / SR) * Math.exp(-i / (0.003 * SR));
}

/** Song frames of every click (each beat from the downbeat, and the count-in before it), for a timing and a song length. */
function clickFrames(timing: SongTiming, seconds: number): number[] {
  const frames: number[] = [];
  for (let beat = -Math.floor(timing.downbeat * 2); ; beat++) {
    const t = timing.downbeat + beatsToSeconds(timing.tempoMap, beat);
    if (t > seconds - 0.05) return frames;
    frames.push(Math.round(t * SR));
  }
}

function clickStem(timing: SongTiming, seconds: number) {
  const at = clickFrames(timing, seconds);
  const perBar = timing.timeSignature[0];
  const values = new Float32Array(Math.round(seconds * SR));
  const first = Math.floor(timing.downbeat * 2);
  at.forEach((frame, index) => {
    const beat = index - first;
    for (let i = 0; i < 0.02 * SR && frame + i < values.length; i++) values[frame + i] += click(i, beat < 0 ? 0.3 : beat % perBar === 0 ? 0.8 : 0.5);
  });
  return { name: 'Click', frames: values.length, sample: (i: number) => values[i] };
}

/** Onsets: the first sample reaching `threshold` after at least 20 ms below half of it. Frames. */
function onsets(x: Float32Array, threshold = 0.2): number[] {
  const found: number[] = [];
  let quiet = Infinity;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a >= threshold && quiet >= 0.02 * SR) found.push(i);
    quiet = a < threshold / 2 ? quiet + 1 : 0;
  }
  return found;
}

const anchor = (currentBar: number, currentBarStarted: number, tempo = 120, playing = true): WamTransportData =>
  ({ currentBar, currentBarStarted, tempo, timeSigNumerator: 4, timeSigDenominator: 4, playing });

const SONG: SongTiming = { downbeat: 0.25, tempoMap: [{ beat: 0, bpm: 120 }], timeSignature: [4, 4] };

describe('host sync in the processor (real engine)', () => {
  let rig: ProcessorRig;
  beforeEach(async () => {
    rig = await createProcessorRig(SR);
  });

  it('Sync 1, 2: host and song at 120: every click on the host\'s beat frame, exactly', () => {
    rig.loadTrack([clickStem(SONG, 12)], SONG);
    const start = 0.1;
    rig.schedule({ type: 'wam-transport', time: 0, data: anchor(0, start) });
    const [left] = rig.render(Math.ceil((6 * SR) / QUANTUM));
    const got = onsets(left);
    const want = Array.from({ length: 12 }, (_, beat) => Math.round((start + beat * 0.5) * SR));
    expect(got).toEqual(want);
    expect(left[want[0]]).toBeCloseTo(0.8, 3); // the first downbeat at full level: the fade-in ended before it
  });

  for (const tempo of [60, 97.5, 180]) {
    it(`Sync 2: host at ${tempo} BPM, song at 120: every click within 1 ms of the host's beat`, () => {
      rig.loadTrack([clickStem(SONG, 12)], SONG);
      const start = 0.1;
      rig.schedule({ type: 'wam-transport', time: 0, data: anchor(0, start, tempo) });
      const seconds = 5;
      const [left] = rig.render(Math.ceil((seconds * SR) / QUANTUM));
      const got = onsets(left);
      const beats = Math.floor(((seconds - start - 0.05) * tempo) / 60) + 1;
      expect(got).toHaveLength(beats);
      got.forEach((frame, beat) => expect(Math.abs(frame / SR - (start + (beat * 60) / tempo))).toBeLessThan(0.001));
    });
  }

  it('Sync 3: a song whose tempo changes (120 → 90) lands bar for bar under a host at 100', () => {
    const timing: SongTiming = { downbeat: 0.25, tempoMap: [{ beat: 0, bpm: 120 }, { beat: 4, bpm: 90 }], timeSignature: [4, 4] };
    rig.loadTrack([clickStem(timing, 12)], timing);
    rig.schedule({ type: 'wam-transport', time: 0, data: anchor(0, 0.1, 100) });
    const [left] = rig.render(Math.ceil((5.4 * SR) / QUANTUM));
    const got = onsets(left);
    expect(got.length).toBe(9);
    got.forEach((frame, beat) => expect(Math.abs(frame / SR - (0.1 + beat * 0.6))).toBeLessThan(0.001));
    // Downbeats (the louder clicks) on the host's bar starts.
    expect(Math.abs(left[got[4]])).toBeGreaterThan(Math.abs(left[got[3]]));
  });

  it('Sync 4: a count-in stays exactly silent until one ramp before the bar; the downbeat is on its frame', () => {
    // A song with a count-in of its own before bar 1 (clicks at 0.3): heard if the song started early.
    const timing = { ...SONG, downbeat: 1.0 };
    rig.loadTrack([clickStem(timing, 12)], timing);
    rig.render(4);
    const t0 = rig.scope.currentTime;
    rig.schedule({ type: 'wam-transport', time: t0, data: anchor(0, t0 + 1) }); // bar 0 in one second
    const [left] = rig.render(Math.ceil((2 * SR) / QUANTUM));
    const bar = Math.round(SR); // frames after t0
    for (let i = 0; i < bar - PREROLL; i++) expect(left[i]).toBe(0);
    expect(onsets(left)[0]).toBe(bar);
    expect(left[bar]).toBeCloseTo(0.8, 3);
  });

  it('Sync 7: a host loop sent ahead crossfades into the loop start, on the grid from its first beat', () => {
    rig.loadTrack([clickStem(SONG, 12)], SONG);
    rig.schedule({ type: 'wam-transport', time: 0, data: anchor(0, 0.1) });
    // At bar 2 (4.1 s) the host loops back to bar 0; it tells the plugin 50 ms ahead.
    rig.schedule({ type: 'wam-transport', time: 4.05, data: anchor(0, 4.1) });
    const [left] = rig.render(Math.ceil((6 * SR) / QUANTUM));
    const got = onsets(left);
    const want = [...Array.from({ length: 8 }, (_, b) => 0.1 + b * 0.5), ...Array.from({ length: 4 }, (_, b) => 4.1 + b * 0.5)];
    expect(got.map((f) => f / SR)).toHaveLength(want.length);
    got.forEach((frame, i) => expect(Math.abs(frame / SR - want[i])).toBeLessThan(1 / SR));
    expect(left[Math.round(4.1 * SR)]).toBeCloseTo(0.8, 2); // the loop's downbeat at full level
  });

  it('Sync 11: events without a time apply in the quantum they arrive in, even behind a later timed event', () => {
    rig.loadTrack([clickStem(SONG, 12)], SONG);
    rig.render(10);
    const now = rig.scope.currentTime;
    rig.schedule({ type: 'wam-automation', time: now + 5, data: { id: 'masterGain', value: -6, normalized: false } });
    // Bar 0 started 0.25 s ago (a beat and a half): the next beat is 0.25 s after this quantum.
    rig.schedule({ type: 'wam-transport', data: anchor(0, now - 0.75) } as never);
    const [left] = rig.render(Math.ceil((2 * SR) / QUANTUM));
    expect(onsets(left)[0]).toBe(Math.round(0.25 * SR));
  });

  it('Sync 6: reports only on change: a host re-sending every bar causes no transport report', () => {
    rig.loadTrack([clickStem(SONG, 30)], SONG);
    rig.send({ type: 'reports', enabled: true });
    const bar = (4 * 60) / 97.5;
    for (let k = 0; k < 10; k++) rig.schedule({ type: 'wam-transport', time: 0.1 + k * bar, data: anchor(k, 0.1 + k * bar, 97.5) });
    rig.render(Math.ceil((25 * SR) / QUANTUM));
    const reports = rig.replies().filter((r) => r.type === 'transport-state');
    const last = reports[reports.length - 1];
    expect(reports.length).toBeLessThanOrEqual(3); // the reports flag, the start (, the next quantum's exact position)
    expect(last.type === 'transport-state' && [last.playing, last.sync, last.hostTempo, last.rate]).toEqual([true, 'host', 97.5, 97.5 / 120]);
  });

  it('Sync 9, 12: speed and followHostTempo are automatable parameters', () => {
    rig.loadTrack([clickStem(SONG, 12)], SONG);
    rig.schedule({ type: 'wam-automation', time: 0, data: { id: 'followHostTempo', value: 0, normalized: false } });
    rig.schedule({ type: 'wam-automation', time: 0, data: { id: 'speed', value: 0.5, normalized: false } });
    rig.schedule({ type: 'wam-transport', time: 0, data: anchor(0, 0.1, 180) }); // the host's tempo is ignored
    const [left] = rig.render(Math.ceil((3 * SR) / QUANTUM));
    const got = onsets(left);
    got.forEach((frame, beat) => expect(Math.abs(frame / SR - (0.1 + beat * 1.0))).toBeLessThan(0.001));
    expect(got.length).toBe(3);
  });
});
