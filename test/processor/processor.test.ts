/**
 * Processor logic in Node: the real SDK WamProcessor base, the real engine, synthetic quanta and
 * events. Rules refer to docs/processor.md.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createProcessorRig, QUANTUM, type ProcessorRig } from './worklet-env.js';

const SR = 48000;
const RAMP = Math.round(0.005 * SR);
const DC = 0.5;

describe('processor', () => {
  let rig: ProcessorRig;
  beforeEach(async () => {
    rig = await createProcessorRig(SR);
    rig.loadTrack([
      { name: 'Drums', frames: SR * 4, sample: () => DC },
      { name: 'Bass', frames: SR * 4, sample: () => 0.25 },
    ]);
  });

  it('Rule 1: a loaded track relabels the parameters and tells the host with wam-info', () => {
    expect(rig.processor._parameterInfo.stem1Mute.label).toBe('Mute Drums');
    expect(rig.processor._parameterInfo.stem2Solo.label).toBe('Solo Bass');
    expect(rig.processor._parameterInfo.stem3Gain.label).toBe('Stem 3 Gain');
    const info = rig.posted.find((m) => (m as { event?: { type: string } }).event?.type === 'wam-info');
    expect(info).toBeTruthy();
    expect(rig.replies().map((r) => r.type)).toEqual(['track-reserved', 'track-ack', 'track-ack', 'track-committed']);
  });

  it('Rule 2: play mixes the stems; automation with a time applies at that sample', () => {
    rig.send({ type: 'transport', action: 'play' });
    rig.render(4);
    const at = rig.scope.currentTime + 1000 / SR; // 1000 frames into the next render
    rig.schedule({ type: 'wam-automation', time: at, data: { id: 'stem1Mute', value: 1, normalized: false } });
    const [left, right] = rig.render(20);
    expect(left[999]).toBeCloseTo(DC + 0.25, 3);
    expect(right[999]).toBeCloseTo(DC + 0.25, 3);
    // The mute ramps over RAMP frames starting at frame 1000, then only the bass remains.
    expect(left[1000 + RAMP + 2]).toBeCloseTo(0.25, 3);
    const midRamp = left[1000 + RAMP / 2];
    expect(midRamp).toBeGreaterThan(0.3);
    expect(midRamp).toBeLessThan(0.7);
    let maxStep = 0;
    for (let i = 1; i < left.length; i++) maxStep = Math.max(maxStep, Math.abs(left[i] - left[i - 1]));
    expect(maxStep).toBeLessThanOrEqual(DC / RAMP + 1e-4);
  });

  it('Rule 3: normalized automation values and booleans are honoured', () => {
    rig.send({ type: 'transport', action: 'play' });
    rig.render(4);
    rig.schedule({ type: 'wam-automation', time: rig.scope.currentTime, data: { id: 'masterGain', value: 0, normalized: true } });
    const [left] = rig.render(10);
    expect(rig.processor._parameterState.masterGain.value).toBe(-60);
    expect(Math.abs(left[left.length - 1])).toBeLessThan(1e-6);
  });

  it('Rule 4: an event without a time applies at once, even queued behind a later timed event', () => {
    rig.send({ type: 'transport', action: 'play' });
    rig.render(2);
    rig.schedule({ type: 'wam-automation', time: rig.scope.currentTime + 10, data: { id: 'stem2Mute', value: 1, normalized: false } });
    rig.schedule({ type: 'wam-automation', data: { id: 'stem1Mute', value: 1, normalized: false } } as never);
    const [left] = rig.render(4);
    expect(left[left.length - 1]).toBeCloseTo(0.25, 3);
    expect(rig.processor._parameterState.stem2Mute.value).toBe(0);
  });

  it('Rule 5: the input passes through, before and after a track, playing or not', () => {
    const input = (frame: number) => Math.sin(frame / 10) * 0.1;
    const [stopped] = rig.render(2, input);
    expect(stopped[100]).toBeCloseTo(input(100), 6);
    rig.send({ type: 'transport', action: 'play' });
    const startFrame = rig.scope.currentFrame;
    const [playing] = rig.render(10, input);
    const i = 1000;
    expect(playing[i]).toBeCloseTo(input(startFrame + i) + DC + 0.25, 4);
  });

  it('Rule 6: host transport play/stop is followed; repeated identical anchors change nothing', () => {
    const anchor = { currentBar: 0, currentBarStarted: rig.scope.currentTime, tempo: 120, timeSigNumerator: 4, timeSigDenominator: 4, playing: true };
    rig.schedule({ type: 'wam-transport', time: rig.scope.currentTime, data: anchor });
    const [a] = rig.render(10);
    expect(a[a.length - 1]).toBeCloseTo(DC + 0.25, 3);
    // The same anchor again: no fade, no jump.
    rig.schedule({ type: 'wam-transport', time: rig.scope.currentTime, data: anchor });
    const [b] = rig.render(4);
    for (const v of b) expect(v).toBeCloseTo(DC + 0.25, 3);
    rig.schedule({ type: 'wam-transport', time: rig.scope.currentTime, data: { ...anchor, playing: false } });
    const [c] = rig.render(4);
    expect(Math.abs(c[c.length - 1])).toBeLessThan(1e-6);
  });

  it('Rule 7: parameter changes from automation are reported to the GUI, coalesced', () => {
    rig.send({ type: 'reports', enabled: true });
    for (let k = 0; k < 10; k++) {
      rig.schedule({ type: 'wam-automation', time: rig.scope.currentTime, data: { id: 'stem1Gain', value: -k, normalized: false } });
      rig.render(1);
    }
    rig.render(20);
    const reports = rig.replies().filter((r) => r.type === 'params');
    expect(reports.length).toBeGreaterThan(0);
    expect(reports.length).toBeLessThan(5);
    const last = reports[reports.length - 1];
    expect(last.type === 'params' && last.values.stem1Gain).toBe(-9);
  });

  it('Rule 8: an engine trap silences the output (input still passes), is reported once, and a load recovers', () => {
    // The wasm exports object is frozen: put a trapping `process` in front of it.
    const host = (rig.processor as unknown as { host: { engine: object } }).host;
    host.engine = Object.create(host.engine, { process: { value: () => { throw new Error('unreachable'); } } });
    rig.send({ type: 'transport', action: 'play' });
    const input = () => 0.125;
    const [out] = rig.render(4, input);
    expect(out[200]).toBeCloseTo(0.125, 6);
    expect(rig.replies().filter((r) => r.type === 'engine-error')).toHaveLength(1);
    rig.loadTrack([{ name: 'Keys', frames: SR, sample: () => 0.3 }]);
    rig.send({ type: 'transport', action: 'play' });
    const [after] = rig.render(10);
    expect(after[after.length - 1]).toBeCloseTo(0.3, 3);
  });

  it('Rule 9: a failed reserve leaves the current track playing', () => {
    rig.send({ type: 'transport', action: 'play' });
    rig.render(4);
    rig.send({ type: 'track-begin', loadId: 99, frames: 2 ** 31 - 1, stems: Array.from({ length: 16 }, () => ({ channels: 2 as const, scale: 1, name: 'x', keepsPitch: false })), timing: { downbeat: 0, tempoMap: [{ beat: 0, bpm: 120 }], timeSignature: [4, 4] } });
    const error = rig.replies().find((r) => r.type === 'track-error');
    expect(error && error.type === 'track-error' && error.message).toMatch(/memory/i);
    const [left] = rig.render(4);
    expect(left[left.length - 1]).toBeCloseTo(DC + 0.25, 3);
  });

  it('Rule 10: the song stops by itself at its end', () => {
    rig.loadTrack([{ name: 'Short', frames: QUANTUM * 10, sample: () => 0.5 }]);
    rig.send({ type: 'transport', action: 'play' });
    rig.render(30);
    const [tail] = rig.render(2);
    expect(Math.abs(tail[tail.length - 1])).toBeLessThan(1e-6);
  });
});
