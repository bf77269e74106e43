/**
 * The built plugin, loaded by URL into a host page in headless Chromium, rendering through the
 * real AudioWorklet in an OfflineAudioContext. Assertions are on the rendered samples.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, serveRepo, type ServedRepo, runInPage } from './browser.js';
import { FIXTURE_RATE, OTHER_STEMS, SONG_STEMS, writeFixtures } from './fixtures.js';
import { cents, difference, maxAbs, measureFrequency, toneAmplitude } from './signal.js';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Midi } from '../midi/midi-files.js';

const SR = FIXTURE_RATE;
const QUANTUM = 128;
const RAMP = Math.round(0.005 * SR);

let browser: Browser;
let server: ServedRepo;
let page: Page;
let pageErrors: string[];
let fixtures: string;

beforeAll(async () => {
  fixtures = writeFixtures();
  server = await serveRepo();
  browser = await launchBrowser();
  page = await browser.newPage();
  pageErrors = collectPageErrors(page);
  await page.goto(`${server.url}/test/e2e/pages/host.html`);
  await page.waitForFunction(() => (window as any).backlineTestReady === true);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Rendered = [number[], number[]];

/** Runs `body` in the page with the test helpers; `args` are passed as JSON. */
function inPage<T, A>(body: (helpers: any, args: A) => Promise<T>, args: A): Promise<T> {
  return runInPage(page, 'backlineTest', body, args);
}

/** Render `seconds` of the fixture song with optional automation/params, played from 0. */
function renderSong(options: { seconds?: number; events?: unknown[]; params?: Record<string, number>; track?: string; input?: number }): Promise<Rendered> {
  return inPage(async (t, o) => {
    const host = await t.createHost(o.seconds ?? 1);
    const instance = await t.createInstance(host);
    await instance.audioNode.loadTrack(o.track);
    if (o.params) {
      const values: Record<string, unknown> = {};
      for (const [id, value] of Object.entries(o.params)) values[id] = { id, value, normalized: false };
      await instance.audioNode.setParameterValues(values);
    }
    if (o.input) {
      const source = new ConstantSourceNode(host.context, { offset: o.input });
      source.connect(instance.audioNode);
      source.start();
    }
    if (o.events?.length) instance.audioNode.scheduleEvents(...o.events);
    await t.play(instance);
    return t.render(host);
  }, { ...options, track: options.track ?? `${fixtures}/song/backline.json` });
}

const level = (signal: number[], frequency: number, from = 0.2, to = 0.9) =>
  toneAmplitude(signal, SR, frequency, Math.round(from * SR), Math.round(to * SR));

/** A MIDI song in the fixtures: Piano (C4 at beat 1 = 0.5 s at 120 BPM) and Bass (C2 at beat 2 = 1 s). */
function writeMidiFixture(): string {
  const midi = new Midi();
  midi.header.setTempo(120);
  const ppq = midi.header.ppq;
  const piano = midi.addTrack();
  piano.name = 'Piano';
  piano.channel = 0;
  piano.addNote({ midi: 60, ticks: ppq, durationTicks: ppq, velocity: 0.8 });
  const bass = midi.addTrack();
  bass.name = 'Bass';
  bass.channel = 1;
  bass.instrument.number = 33;
  bass.addNote({ midi: 36, ticks: 2 * ppq, durationTicks: ppq, velocity: 0.8 });
  writeFileSync(fileURLToPath(new URL('../../test-results/fixtures/song.mid', import.meta.url)), midi.toArray());
  return `${fixtures}/song.mid`;
}

describe('the plugin in a host page', () => {
  it('a .mid URL plays through the GM synth, one stem per part, on the beat; a muted part is silent', async () => {
    const url = writeMidiFixture();
    const result = await inPage(async (t, o) => {
      const out: Record<string, unknown> = {};
      for (const mute of [0, 1]) {
        const host = await t.createHost(1.5);
        const instance = await t.createInstance(host);
        const track = await instance.audioNode.loadTrack(o.url);
        out.stems = track.stems.map((s: any) => [s.name, s.slot]);
        if (mute) await instance.audioNode.setParameterValues({ stem1Mute: { id: 'stem1Mute', value: 1, normalized: false } });
        await t.play(instance);
        out[`render${mute}`] = (await t.render(host))[0];
      }
      return out;
    }, { url });
    expect(result.stems).toEqual([['Piano', 1], ['Bass', 2]]);
    const onset = (x: number[]) => x.findIndex((v) => Math.abs(v) > 1e-4);
    const all = result.render0 as number[];
    const muted = result.render1 as number[];
    expect(Math.abs(onset(all) - 0.5 * SR)).toBeLessThanOrEqual(SR / 1000);
    expect(Math.abs(onset(muted) - 1.0 * SR)).toBeLessThanOrEqual(SR / 1000);
    expect(pageErrors).toEqual([]);
  });

  it('loads by URL, describes the track, and plays each stem at its level', async () => {
    const description = await inPage(async (t, url) => {
      const host = await t.createHost(0.1);
      const instance = await t.createInstance(host);
      const track = await instance.audioNode.loadTrack(url);
      const info = await instance.audioNode.getParameterInfo('stem1Mute', 'stem2Solo', 'stem3Gain');
      return { stems: track.stems.map((s: any) => [s.id, s.name, s.slot, s.channels]), labels: Object.values(info).map((i: any) => i.label), descriptor: instance.descriptor };
    }, `${fixtures}/song/backline.json`);
    expect(description.stems).toEqual([['drums', 'Drums', 1, 2], ['bass', 'Bass', 2, 1], ['keys', 'Keys', 3, 2]]);
    expect(description.labels).toEqual(['Mute Drums', 'Solo Bass', 'Keys Gain']);
    expect(description.descriptor.identifier).toBe('org.backline.player');
    expect(description.descriptor.hasAudioInput && description.descriptor.hasAudioOutput && description.descriptor.hasMidiOutput).toBe(true);

    const [left, right] = await renderSong({});
    for (const stem of SONG_STEMS) {
      expect(level(left, stem.frequency)).toBeCloseTo(stem.amplitude, 2);
      expect(level(right, stem.frequency)).toBeCloseTo(stem.amplitude, 2);
    }
    expect(pageErrors).toEqual([]);
  });

  it('a list of Files (a dropped folder of stems) plays, and hosts hear wam-info', async () => {
    const result = await inPage(async (t, base) => {
      const host = await t.createHost(1);
      const instance = await t.createInstance(host);
      let infos = 0;
      instance.audioNode.addEventListener('wam-info', () => { infos++; });
      const files: File[] = [];
      for (const name of ['drums.wav', 'bass.wav', 'keys.wav']) {
        const blob = await (await fetch(`${base}/${name}`)).blob();
        files.push(new File([blob], name, { type: 'audio/wav' }));
      }
      const track = await instance.audioNode.loadTrack(files);
      await new Promise((r) => setTimeout(r, 50));
      await t.play(instance);
      const rendered = await t.render(host);
      return { names: track.stems.map((s: any) => s.name), roles: track.stems.map((s: any) => s.role), infos, rendered };
    }, `${fixtures}/song`);
    expect(result.names).toEqual(['bass', 'drums', 'keys']); // names from the file names
    expect(result.roles).toEqual(['bass', 'drums', 'keys']);
    expect(result.infos).toBe(1);
    for (const stem of SONG_STEMS) expect(level(result.rendered[0], stem.frequency)).toBeCloseTo(stem.amplitude, 2);
  });

  it('MP3, Ogg Vorbis and FLAC files decode and play (by URL and as a dropped set)', async () => {
    const result = await inPage(async (t, base) => {
      const levels: Record<string, number[]> = {};
      for (const ext of ['mp3', 'ogg', 'flac']) {
        const host = await t.createHost(1);
        const instance = await t.createInstance(host);
        const track = await instance.audioNode.loadTrack(`${base}/tone-440.${ext}`);
        await t.play(instance);
        const [left] = await t.render(host);
        levels[ext] = [track.stems.length, left.length, ...left.slice(24000, 33600)];
      }
      const host = await t.createHost(0.1);
      const instance = await t.createInstance(host);
      const files: File[] = [];
      for (const ext of ['mp3', 'ogg', 'flac']) {
        const blob = await (await fetch(`${base}/tone-440.${ext}`)).blob();
        files.push(new File([blob], `tone.${ext}`));
      }
      const track = await instance.audioNode.loadTrack(files);
      return { levels, dropped: track.stems.map((s: any) => s.name) };
    }, '/test/fixtures/codecs');
    for (const ext of ['mp3', 'ogg', 'flac']) {
      const [stems, , ...window] = result.levels[ext];
      expect(stems).toBe(1);
      // FLAC is lossless; the lossy codecs may move the level by a fraction of a dB.
      const tolerance = ext === 'flac' ? 0.005 : 0.05;
      expect(Math.abs(toneAmplitude(window, SR, 440) - 0.5)).toBeLessThan(tolerance);
    }
    expect(result.dropped).toHaveLength(3);
  });

  it('a zip package plays the same', async () => {
    const [left] = await renderSong({ track: `${fixtures}/song.zip` });
    for (const stem of SONG_STEMS) expect(level(left, stem.frequency)).toBeCloseTo(stem.amplitude, 2);
  });

  it('a stem2Mute automation event silences that stem from its sample, ramped', async () => {
    const muteAt = 0.5;
    const events = [{ type: 'wam-automation', time: muteAt, data: { id: 'stem2Mute', value: 1, normalized: false } }];
    const [plain] = await renderSong({});
    const [muted] = await renderSong({ events });
    const diff = difference(plain, muted); // = the bass, times (1 − its gain)
    const at = Math.round(muteAt * SR);
    expect(maxAbs(diff, 0, at - QUANTUM)).toBeLessThan(1e-4);
    const bass = SONG_STEMS[1];
    const afterRamp = at + QUANTUM + RAMP;
    expect(toneAmplitude(Array.from(diff), SR, bass.frequency, afterRamp, afterRamp + 4800)).toBeCloseTo(bass.amplitude, 2);
    expect(level(muted, bass.frequency, 0.6, 0.9)).toBeLessThan(1e-3);
    // Ramped: the difference grows no faster than the ramp allows.
    let maxStep = 0;
    for (let i = at - QUANTUM; i < afterRamp; i++) maxStep = Math.max(maxStep, Math.abs(diff[i + 1] - diff[i]));
    expect(maxStep).toBeLessThan(bass.amplitude * ((2 * Math.PI * bass.frequency) / SR + 1.5 / RAMP));
  });

  it('solo plays only the soloed stem; mute wins over solo', async () => {
    const [left] = await renderSong({ params: { stem3Solo: 1 } });
    expect(level(left, 700)).toBeCloseTo(0.15, 2);
    expect(level(left, 300)).toBeLessThan(1e-3);
    expect(level(left, 500)).toBeLessThan(1e-3);
    const [both] = await renderSong({ params: { stem3Solo: 1, stem3Mute: 1, stem1Solo: 1 } });
    expect(level(both, 300)).toBeCloseTo(0.2, 2);
    expect(level(both, 700)).toBeLessThan(1e-3);
  });

  it('master gain and stem gain scale the mix in dB', async () => {
    const [left] = await renderSong({ params: { masterGain: -6, stem1Gain: 6 } });
    const g = (db: number) => 10 ** (db / 20);
    expect(level(left, 300)).toBeCloseTo(0.2 * g(-6) * g(6), 3);
    expect(level(left, 500)).toBeCloseTo(0.1 * g(-6), 3);
  });

  it('the audio input passes through into the output', async () => {
    const [left, right] = await renderSong({ input: 0.25, params: { masterGain: -60 } });
    expect(left[SR / 2]).toBeCloseTo(0.25, 4);
    expect(right[SR / 2]).toBeCloseTo(0.25, 4);
  });

  it('state round trip: a new instance built from getState() renders the same mix', async () => {
    const result = await inPage(async (t, url) => {
      const first = await t.createHost(0.5);
      const a = await t.createInstance(first);
      await a.audioNode.loadTrack(url);
      await a.audioNode.setParameterValues({
        stem2Mute: { id: 'stem2Mute', value: 1, normalized: false },
        stem1Gain: { id: 'stem1Gain', value: -12, normalized: false },
      });
      const state = await a.audioNode.getState();
      await t.play(a);
      const rendered1 = await t.render(first);
      const second = await t.createHost(0.5);
      const b = await t.createInstance(second, JSON.parse(JSON.stringify(state)));
      await t.play(b);
      const rendered2 = await t.render(second);
      return { state, rendered1, rendered2 };
    }, `${fixtures}/song/backline.json`);
    expect(result.state.version).toBe(3); // version 3 added practice settings (docs/practice.md)
    expect(result.state.track).toEqual({ kind: 'url', url: `${server.url}${fixtures}/song/backline.json` });
    expect(result.state.params.stem2Mute).toBe(1);
    expect(maxAbs(difference(result.rendered1[0], result.rendered2[0]))).toBeLessThan(1e-5);
    expect(level(result.rendered2[0], 500, 0.1, 0.45)).toBeLessThan(1e-3);
    expect(level(result.rendered2[0], 300, 0.1, 0.45)).toBeCloseTo(0.2 * 10 ** (-12 / 20), 3);
  });

  it('two instances in one context are independent', async () => {
    const [left] = await inPage(async (t, urls) => {
      const host = await t.createHost(1);
      const a = await t.createInstance(host);
      const b = await t.createInstance(host);
      await a.audioNode.loadTrack(urls[0]);
      await b.audioNode.loadTrack(urls[1]);
      await a.audioNode.setParameterValues({ stem1Mute: { id: 'stem1Mute', value: 1, normalized: false } });
      await t.play(a);
      await t.play(b);
      return t.render(host);
    }, [`${fixtures}/song/backline.json`, `${fixtures}/other/backline.json`]);
    expect(level(left, 300)).toBeLessThan(1e-3); // muted in A
    expect(level(left, 500)).toBeCloseTo(0.1, 2); // A's bass
    expect(level(left, OTHER_STEMS[0].frequency)).toBeCloseTo(0.3, 2); // B's only stem, slot 1, not muted
  });

  it('bad input rejects with a clear message and the loaded track keeps playing', async () => {
    const result = await inPage(async (t, o) => {
      const host = await t.createHost(1);
      const instance = await t.createInstance(host);
      await instance.audioNode.loadTrack(o.good);
      const messages: string[] = [];
      for (const url of o.bad) {
        try { await instance.audioNode.loadTrack(url); messages.push('resolved!'); } catch (e: any) { messages.push(e.message); }
      }
      await t.play(instance);
      const rendered = await t.render(host);
      return { messages, rendered, title: instance.audioNode.getSnapshot().track.title };
    }, {
      good: `${fixtures}/song/backline.json`,
      bad: [`${fixtures}/bad/corrupt.wav`, `${fixtures}/bad/broken/backline.json`, `${fixtures}/bad/missing/backline.json`, `${fixtures}/bad/notjson/backline.json`],
    });
    const [corrupt, broken, missing, notJson] = result.messages;
    expect(corrupt).toMatch(/corrupt\.wav/);
    expect(corrupt).toMatch(/decode|damaged|read/i);
    expect(broken).toMatch(/tempo/);
    expect(broken).toMatch(/role/);
    expect(missing).toMatch(/drums\.wav/);
    expect(missing).toMatch(/not found|404/i);
    expect(notJson).toMatch(/JSON/);
    expect(result.title).toBe('song');
    for (const stem of SONG_STEMS) expect(level(result.rendered[0], stem.frequency)).toBeCloseTo(stem.amplitude, 2);
  });

  it('slowed to 75% and transposed +3 semitones: pitch and duration match; drums keep their pitch', async () => {
    // The fixture song is 2 s long; at speed 0.75 it lasts 2.667 s.
    const [left] = await renderSong({ seconds: 3, params: { speed: 0.75, semitones: 3 } });
    const factor = 2 ** (3 / 12);
    const window: [number, number] = [Math.round(0.4 * SR), Math.round(2.2 * SR)];
    const bass = measureFrequency(left, SR, 500 * factor, ...window);
    const keys = measureFrequency(left, SR, 700 * factor, ...window);
    const drums = measureFrequency(left, SR, 300, ...window);
    expect(Math.abs(cents(bass, 500 * factor))).toBeLessThan(0.5);
    expect(Math.abs(cents(keys, 700 * factor))).toBeLessThan(0.5);
    expect(Math.abs(cents(drums, 300))).toBeLessThan(0.5);
    expect(toneAmplitude(left, SR, 500, ...window)).toBeLessThan(0.01); // nothing left at the old pitch
    expect(toneAmplitude(left, SR, 500 * factor, ...window)).toBeGreaterThan(0.08);
    // Duration: the song ends at 2 s / 0.75 = 2.667 s (within a few ms: the end fade).
    const end = (2 / 0.75) * SR;
    expect(maxAbs(left, Math.round(end - 0.05 * SR), Math.round(end - 0.01 * SR))).toBeGreaterThan(0.1);
    expect(maxAbs(left, Math.round(end + 0.01 * SR), 3 * SR)).toBeLessThan(1e-3);
  });
});
