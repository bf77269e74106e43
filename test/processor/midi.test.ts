/**
 * MIDI tracks through the processor and the engine (issue 5, first slice): a `.mid` built with
 * @tonejs/midi → the loader (src/loader/midi.ts) → `track-begin` with the event payload → the
 * engine's GM synth, mixed per stem (mute/solo/gain) like audio stems.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { Midi } from '../midi/midi-files.js';
import { midiTrack } from '../../src/loader/midi.js';
import { createProcessorRig, type ProcessorRig } from './worklet-env.js';

const SR = 48000;
const MS = SR / 1000;

/** Piano: C4 at beat 2 (1 s at 120 BPM); Bass: C2 at beat 6 (3 s). */
function song(): Uint8Array {
  const midi = new Midi();
  midi.header.setTempo(120);
  const ppq = midi.header.ppq;
  const piano = midi.addTrack();
  piano.name = 'Piano';
  piano.channel = 0;
  piano.instrument.number = 0;
  piano.addNote({ midi: 60, ticks: 2 * ppq, durationTicks: ppq, velocity: 0.8 });
  const bass = midi.addTrack();
  bass.name = 'Bass';
  bass.channel = 1;
  bass.instrument.number = 33;
  bass.addNote({ midi: 36, ticks: 6 * ppq, durationTicks: ppq, velocity: 0.8 });
  return midi.toArray();
}

function load(rig: ProcessorRig): ReturnType<typeof midiTrack> {
  const track = midiTrack(song(), 'song.mid', { kind: 'url', url: 'https://x.test/song.mid' }, SR);
  const d = track.description;
  rig.send({
    type: 'track-begin', loadId: 7, frames: d.frames, stems: track.stems.map((s) => s.layout),
    timing: { downbeat: d.downbeat, tempoMap: d.tempoMap, timeSignature: d.timeSignature, meters: d.meters ?? [] },
    midi: track.midi,
  });
  rig.send({ type: 'track-commit', loadId: 7 });
  return track;
}

function peak(x: Float32Array): number {
  let m = 0;
  for (const v of x) m = Math.max(m, Math.abs(v));
  return m;
}

function firstSound(x: Float32Array, threshold = 1e-4): number {
  return x.findIndex((v) => Math.abs(v) > threshold);
}

describe('MIDI tracks (issue 5, first slice)', () => {
  let rig: ProcessorRig;
  beforeEach(async () => {
    rig = await createProcessorRig(SR);
  });

  it('the loader makes one stem per part, without PCM, and the processor commits it', () => {
    const track = load(rig);
    expect(track.stems.map((s) => s.description.name)).toEqual(['Piano', 'Bass']);
    expect(track.stems.every((s) => s.pcm.length === 0 && s.layout.kind === 'midi')).toBe(true);
    expect(rig.replies().map((r) => r.type)).toEqual(['track-reserved', 'track-committed']);
    expect(rig.processor._parameterInfo.stem1Mute.label).toBe('Mute Piano');
  });

  it('a note at beat 2 sounds at 1 s (±1 ms) at 120 BPM; muting its stem silences it', () => {
    load(rig);
    rig.send({ type: 'transport', action: 'play' });
    const [left, right] = rig.render(Math.ceil((1.5 * SR) / 128));
    const onset = firstSound(left);
    expect(Math.abs(onset - SR)).toBeLessThanOrEqual(MS);
    expect(firstSound(right)).toBe(onset);
    expect(peak(left)).toBeGreaterThan(0.01);
    expect(left.every(Number.isFinite)).toBe(true);

    // Back to the start with the piano muted: only the bass, at 3 s.
    rig.send({ type: 'transport', action: 'stop' });
    rig.render(20);
    rig.send({ type: 'transport', action: 'seek', seconds: 0 });
    rig.schedule({ type: 'wam-automation', time: rig.scope.currentTime, data: { id: 'stem1Mute', value: 1, normalized: false } });
    rig.render(4);
    rig.send({ type: 'transport', action: 'play' });
    const [muted] = rig.render(Math.ceil((3.5 * SR) / 128));
    const bassOnset = firstSound(muted);
    expect(Math.abs(bassOnset - 3 * SR)).toBeLessThanOrEqual(MS);
    expect(peak(muted.subarray(0, bassOnset - 1))).toBe(0);
  });
});
