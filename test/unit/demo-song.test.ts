/**
 * The demo song (src/demo): a well-formed track package, rendered deterministically, with
 * headroom, every stem audible, and a click exactly on the beat grid.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BEATS_PER_BAR, BPM, COUNT_IN_BARS, DURATION_SECONDS, SONG_BARS } from '../../src/demo/arrangement.js';
import { mixDown, renderDemoSong, type DemoSong } from '../../src/demo/song.js';
import { STEM_ROLES } from '../../src/shared/track.js';
import { HostClock } from '../../demo/host-clock.js';

const SAMPLE_RATE = 44100;

function peakOf(channels: readonly Float32Array[]): number {
  let p = 0;
  for (const ch of channels) for (let i = 0; i < ch.length; i++) p = Math.max(p, Math.abs(ch[i]));
  return p;
}

function rmsOf(channels: readonly Float32Array[]): number {
  let sum = 0;
  let n = 0;
  for (const ch of channels) for (let i = 0; i < ch.length; i++) { sum += ch[i] * ch[i]; n++; }
  return Math.sqrt(sum / n);
}

/** Frames where the signal rises above `threshold` after at least `gap` frames of near-silence. */
function onsets(x: Float32Array, threshold: number, gap: number): number[] {
  const found: number[] = [];
  let quiet = gap;
  for (let i = 0; i < x.length; i++) {
    if (Math.abs(x[i]) > threshold) {
      if (quiet >= gap) found.push(i);
      quiet = 0;
    } else {
      quiet++;
    }
  }
  return found;
}

describe('demo song', () => {
  let song: DemoSong;
  let renderMs = 0;

  beforeAll(() => {
    const started = performance.now();
    song = renderDemoSong(SAMPLE_RATE);
    renderMs = performance.now() - started;
    console.log(`demo song: rendered ${DURATION_SECONDS.toFixed(1)} s × ${song.stems.length} stems at ${SAMPLE_RATE} Hz in ${renderMs.toFixed(0)} ms`);
  });

  it('has a well-formed backline.json v1 manifest', () => {
    const m = song.manifest;
    expect(m.version).toBe(1);
    expect(m.title.length).toBeGreaterThan(0);
    expect(m.tempo).toBe(BPM);
    expect(m.timeSignature).toEqual([4, 4]);
    expect(m.key).toBe('A minor');
    expect(m.downbeat).toBeCloseTo(COUNT_IN_BARS * BEATS_PER_BAR * 60 / BPM, 12);
    const ids = m.stems.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of m.stems) {
      expect(s.id).toMatch(/^[a-z0-9-]+$/);
      expect(STEM_ROLES).toContain(s.role);
      expect(s.color ?? '#000').toMatch(/^#[0-9a-f]{6}$/i);
    }
    // Every stem file is present, once, and nothing else is.
    expect(song.stems.map((s) => s.file).sort()).toEqual(m.stems.map((s) => s.file).sort());
    expect(m.stems.map((s) => s.role)).toContain('click');
    // Sections start at bar 1, in strictly increasing order, inside the song.
    expect(m.sections[0].bar).toBe(1);
    for (let i = 1; i < m.sections.length; i++) expect(m.sections[i].bar).toBeGreaterThan(m.sections[i - 1].bar);
    expect(m.sections.at(-1)!.bar).toBeLessThanOrEqual(SONG_BARS);
    // The manifest survives JSON as is.
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });

  it('renders stems of equal length, mono or stereo, covering the count-in and every bar', () => {
    const frames = Math.round(DURATION_SECONDS * SAMPLE_RATE);
    for (const stem of song.stems) {
      expect([1, 2]).toContain(stem.channels.length);
      for (const ch of stem.channels) expect(ch.length).toBe(frames);
    }
    expect(DURATION_SECONDS).toBeCloseTo((COUNT_IN_BARS + SONG_BARS) * BEATS_PER_BAR * 60 / BPM, 9);
  });

  it('is deterministic: two renders are identical', () => {
    const again = renderDemoSong(SAMPLE_RATE);
    expect(again.manifest).toEqual(song.manifest);
    song.stems.forEach((stem, s) => stem.channels.forEach((ch, c) => {
      expect(Buffer.from(again.stems[s].channels[c].buffer).equals(Buffer.from(ch.buffer))).toBe(true);
    }));
  });

  it('leaves headroom: the sum of every stem at 0 dB peaks below −1 dBFS, each stem below 0 dBFS', () => {
    const mixPeak = peakOf(mixDown(song.stems.map((s) => s.channels)));
    console.log(`demo song: mix peak ${(20 * Math.log10(mixPeak)).toFixed(2)} dBFS`);
    expect(mixPeak).toBeLessThan(Math.pow(10, -1 / 20));
    for (const stem of song.stems) expect(peakOf(stem.channels)).toBeLessThan(1);
  });

  it('has no silent stem, and no NaN or infinity anywhere', () => {
    for (const stem of song.stems) {
      const rms = rmsOf(stem.channels);
      expect(rms, stem.file).toBeGreaterThan(Math.pow(10, -45 / 20));
      for (const ch of stem.channels) expect(ch.every(Number.isFinite), stem.file).toBe(true);
    }
  });

  it('clicks on every beat, exactly (±1 sample), accenting the downbeats', () => {
    const index = song.manifest.stems.findIndex((s) => s.role === 'click');
    const click = song.stems[index].channels[0];
    const found = onsets(click, 0.01 * peakOf([click]), Math.round(0.1 * SAMPLE_RATE));
    // From the first count-in beat to the downbeat of the last (ending) bar.
    const beats = (COUNT_IN_BARS + SONG_BARS - 1) * BEATS_PER_BAR + 1;
    expect(found.length).toBe(beats);
    const framesPerBeat = 60 / BPM * SAMPLE_RATE;
    found.forEach((frame, k) => expect(Math.abs(frame - k * framesPerBeat)).toBeLessThanOrEqual(1));
    // Downbeats (every fourth click) are louder than the other beats.
    const level = (frame: number) => Math.abs(click[frame]);
    expect(level(found[0])).toBeGreaterThan(level(found[1]) * 1.2);
    expect(level(found[4])).toBeGreaterThan(level(found[5]) * 1.2);
  });

  it('renders at other sample rates too (48 kHz), with the click still on the grid', () => {
    const hi = renderDemoSong(48000);
    const click = hi.stems[hi.manifest.stems.findIndex((s) => s.role === 'click')].channels[0];
    const found = onsets(click, 0.01 * peakOf([click]), 4800);
    found.forEach((frame, k) => expect(Math.abs(frame - k * 28800)).toBeLessThanOrEqual(1));
    expect(peakOf(mixDown(hi.stems.map((s) => s.channels)))).toBeLessThan(Math.pow(10, -1 / 20));
  });

  it('renders the whole song in Node in a few seconds (reported, loosely bounded)', () => {
    // Loose on purpose: CI machines are shared. The build script must stay well under a minute.
    expect(renderMs).toBeLessThan(30_000);
  });
});

describe('demo host clock (the demo page\'s transport)', () => {
  it('starts at the first bar, then derives bar and beat from that anchor', () => {
    const clock = new HostClock();
    const data = clock.start(10);
    expect(data).toEqual({ currentBar: 0, currentBarStarted: 10, tempo: 100, timeSigNumerator: 4, timeSigDenominator: 4, playing: true });
    // Before the (lead-delayed) start: still bar 0, about to begin.
    expect(clock.positionAt(9.95).bar).toBe(0);
    expect(clock.positionAt(9.95).beat).toBeLessThan(0);
    expect(clock.positionAt(12.4)).toEqual({ bar: 1, beat: 0, barStarted: 12.4 });
    const later = clock.positionAt(10 + 2.4 * 7 + 1.5);
    expect(later.bar).toBe(7);
    expect(later.beat).toBeCloseTo(2.5, 9);
    expect(later.barStarted).toBeCloseTo(10 + 2.4 * 7, 9);
  });

  it('counts from 1 when asked, before or while playing', () => {
    const clock = new HostClock();
    clock.setBarBase(1, 0);
    expect(clock.start(5).currentBar).toBe(1);
    const moved = clock.setBarBase(0, 6)!;
    expect(moved.currentBar).toBe(0);
    expect(moved.currentBarStarted).toBe(5);
  });

  it('keeps the musical position across a tempo change', () => {
    const clock = new HostClock();
    clock.start(0);
    const before = clock.positionAt(3); // bar 1, beat 1 at 100 BPM
    const data = clock.setTempo(120, 3)!;
    expect(data.tempo).toBe(120);
    expect(data.currentBar).toBe(before.bar);
    const after = clock.positionAt(3);
    expect(after.bar).toBe(before.bar);
    expect(after.beat).toBeCloseTo(before.beat, 9);
    // Anchor math as the plugin does it: beats = bar·4 + (t − barStarted)·tempo/60.
    expect(data.currentBar * 4 + (3 - data.currentBarStarted) * 120 / 60).toBeCloseTo(before.bar * 4 + before.beat, 9);
  });

  it('stops where it is, and reports it', () => {
    const clock = new HostClock();
    clock.start(0);
    const data = clock.stop(5);
    expect(data.playing).toBe(false);
    expect(data.currentBar).toBe(2);
    expect(clock.positionAt(100).bar).toBe(2);
  });
});
