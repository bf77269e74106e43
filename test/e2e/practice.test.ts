/**
 * Practice end to end (docs/practice.md): the built plugin loaded by URL into a host page in
 * headless Chromium, rendered with OfflineAudioContext, its two outputs recorded side by side
 * (channel 0: the mix, channel 1: the click's own output). Loops over 20 passes (on the grid, no
 * discontinuity), count-ins, click accents through meter changes, and the trainer on the demo song.
 * Measured figures are printed (`PRACTICE …` lines) and quoted in docs/practice.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav } from '../../src/audio-files/wav-encode.js';
import { collectPageErrors, launchBrowser, REPO_ROOT, serveRepo, type ServedRepo, runInPage } from './browser.js';
import { SONGS, writeSyncFixtures } from './sync-fixtures.js';

let browser: Browser;
let server: ServedRepo;
let page: Page;
let pageErrors: string[];
let syncBase: string;

/** A song whose meter changes: 120 BPM, bar 1 at 0.25 s; 4/4, 3/4 from bar 3, 7/8 from bar 5. */
const METER_SONG = { downbeat: 0.25, bpm: 120, seconds: 14, meters: [{ bar: 3, timeSignature: [3, 4] }, { bar: 5, timeSignature: [7, 8] }] };

function writePracticeFixtures(): string {
  const dir = join(REPO_ROOT, 'test-results', 'fixtures', 'practice', 'meters');
  mkdirSync(dir, { recursive: true });
  const x = new Float32Array(METER_SONG.seconds * 48000);
  for (let i = 0; i < x.length; i++) x[i] = 0.05 * Math.sin((2 * Math.PI * 110 * i) / 48000);
  writeFileSync(join(dir, 'pad.wav'), encodeWav([x], 48000, 'float32'));
  writeFileSync(join(dir, 'backline.json'), JSON.stringify({
    title: 'Meters', tempo: METER_SONG.bpm, timeSignature: [4, 4], meters: METER_SONG.meters, downbeat: METER_SONG.downbeat,
    stems: [{ id: 'pad', name: 'Pad', file: 'pad.wav', role: 'keys' }],
  }, null, 2));
  return '/test-results/fixtures/practice';
}

let practiceBase: string;

beforeAll(async () => {
  syncBase = writeSyncFixtures();
  practiceBase = writePracticeFixtures();
  server = await serveRepo();
  browser = await launchBrowser();
  page = await browser.newPage();
  pageErrors = collectPageErrors(page);
  await page.goto(`${server.url}/test/e2e/pages/practice.html`);
  await page.waitForFunction(() => (window as any).practiceTestReady === true);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Onset { t: number; level: number }

function inPage<T, A>(body: (s: any, args: A) => Promise<T>, args: A): Promise<T> {
  return runInPage(page, 'practiceTest', body, args);
}

/** Worst |onset − expected| pairing each expected time with the nearest onset within 20 ms; missing and extra onsets. */
function match(onsets: Onset[], expected: number[]) {
  const used = new Set<number>();
  const missing: number[] = [];
  let worst = 0;
  for (const e of expected) {
    let best = -1;
    for (let i = 0; i < onsets.length; i++) if (best < 0 || Math.abs(onsets[i].t - e) < Math.abs(onsets[best].t - e)) best = i;
    if (best < 0 || Math.abs(onsets[best].t - e) > 0.02) { missing.push(e); continue; }
    used.add(best);
    worst = Math.max(worst, Math.abs(onsets[best].t - e));
  }
  return { worst, missing, extra: onsets.filter((_, i) => !used.has(i)).map((o) => o.t) };
}

const ms = (s: number) => `${(s * 1000).toFixed(3)} ms`;

describe('practice, end to end (built plugin, OfflineAudioContext)', () => {
  it('Practice 1: a one-bar loop of a click song, 20 passes at 1 and at 0.8: every click on the grid, every downbeat whole', async () => {
    const runs = await inPage(async (s, o) => {
      const out: { onsets: Onset[]; renderMs: number }[] = [];
      for (const speed of o.speeds) {
        const seconds = (20 * 2) / speed + 0.2;
        const host = await s.createHost(seconds);
        const instance = await s.createInstance(host);
        await instance.audioNode.loadTrack(o.url);
        instance.audioNode.setPractice({ loop: { startBar: 3, endBar: 4 } });
        await s.setParams(instance, { loopEnabled: 1, speed });
        await s.settle(instance);
        instance.audioNode.play(); // outside the loop: from its start
        await s.settle(instance);
        const t0 = performance.now();
        await s.render(host);
        out.push({ onsets: s.onsets(0), renderMs: performance.now() - t0 });
      }
      return out;
    }, { url: `${syncBase}/${SONGS.click.dir}/backline.json`, speeds: [1, 0.8] });
    [1, 0.8].forEach((speed, r) => {
      const beat = 0.5 / speed;
      // The first click is softened by Play's 5 ms fade-in (started at once); every wrap is primed.
      const expected = Array.from({ length: 20 * 4 - 1 }, (_, k) => (k + 1) * beat);
      const m = match(runs[r].onsets.filter((o) => o.t < 20 * 4 * beat - 0.01), expected); // the 21st pass begins at the end
      console.log(`PRACTICE loop of one bar, 20 passes at ${speed}: ${expected.length - m.missing.length} clicks, worst onset error ${ms(m.worst)}, render ${(runs[r].renderMs / 1000).toFixed(1)} s`);
      expect(m.missing).toEqual([]);
      expect(m.extra).toEqual([]);
      expect(m.worst).toBeLessThan(0.001);
      for (let pass = 1; pass < 20; pass++) {
        const downbeat = runs[r].onsets.find((o) => Math.abs(o.t - pass * 4 * beat) < 0.002)!;
        expect(downbeat.level).toBeGreaterThan(0.75); // the song's downbeat (0.8), heard whole
      }
    });
    expect(pageErrors).toEqual([]);
  });

  it('Practice 1: across 20 loop points a tone has no discontinuity (no step beyond its own)', async () => {
    const result = await inPage(async (s, o) => {
      const host = await s.createHost(40.2);
      const instance = await s.createInstance(host);
      await instance.audioNode.loadTrack(o.url);
      instance.audioNode.setPractice({ loop: { startBar: 2, endBar: 3 } });
      await s.setParams(instance, { loopEnabled: 1 });
      await s.settle(instance);
      instance.audioNode.seek(2.5);
      instance.audioNode.play();
      await s.settle(instance);
      await s.render(host);
      return { step: s.maxStep(0, 0.01), level: s.maxAbs(0, 1, 1.5) };
    }, { url: `${syncBase}/tone/backline.json` });
    const amplitude = 0.5;
    const toneStep = amplitude * 2 * Math.sin((Math.PI * 220) / 48000);
    console.log(`PRACTICE 20 loop points on a 220 Hz tone: largest step ${result.step.toFixed(5)} (the tone alone ${toneStep.toFixed(5)})`);
    expect(result.level).toBeCloseTo(amplitude, 2);
    expect(result.step).toBeLessThan(toneStep + (2 * amplitude) / 240);
  });

  it('Practice 2: count-ins click at the right times on the click output; the song enters on its bar (first pass and every repeat)', async () => {
    const result = await inPage(async (s, o) => {
      const host = await s.createHost(12.6);
      const instance = await s.createInstance(host);
      await instance.audioNode.loadTrack(o.url);
      instance.audioNode.setPractice({ loop: { startBar: 5, endBar: 6 }, countInEvery: true, clickOutput: 'separate' });
      await s.setParams(instance, { loopEnabled: 1, countInBars: 2, clickLevel: 0 });
      await s.settle(instance);
      instance.audioNode.seek(8.55); // inside bar 5 (8.25 s): the count-in leads into its start
      instance.audioNode.play();
      await s.settle(instance);
      await s.render(host);
      return { clicks: s.onsets(1) as Onset[], song: s.onsets(0) as Onset[], quiet: s.maxAbs(0, 6.01, 9.99) as number };
    }, { url: `${syncBase}/${SONGS.click.dir}/backline.json` });
    const countIns = [0, 6].flatMap((from) => Array.from({ length: 8 }, (_, k) => from + k * 0.5));
    const clicks = match(result.clicks.filter((c) => c.t < 12 - 0.01), countIns); // a third count-in begins at 12 s
    const song = match(result.song, [4, 4.5, 5, 5.5, 10, 10.5, 11, 11.5]);
    console.log(`PRACTICE two-bar count-ins before play and before a repeat: ${countIns.length} clicks, worst ${ms(clicks.worst)}; the song's entries worst ${ms(song.worst)}`);
    expect(clicks.missing).toEqual([]);
    expect(clicks.extra).toEqual([]);
    expect(clicks.worst).toBeLessThan(0.0001);
    expect(result.clicks.slice(0, 16).map((c) => Math.round(c.level * 10) / 10)).toEqual([1, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 0.5, 1, 0.5, 0.5, 0.5]);
    expect(song.missing).toEqual([]);
    expect(song.extra).toEqual([]);
    expect(song.worst).toBeLessThan(0.001);
    expect(result.song[0].level).toBeGreaterThan(0.75); // primed: the downbeat whole
    expect(result.quiet).toBeLessThan(1e-6); // silent while counting in again
  });

  it('Practice 3: the click accents every bar start of a song that changes meter (4/4, 3/4, 7/8)', async () => {
    const onsets: Onset[] = await inPage(async (s, o) => {
      const host = await s.createHost(9);
      const instance = await s.createInstance(host);
      await instance.audioNode.loadTrack(o.url);
      instance.audioNode.setPractice({ click: true, clickOutput: 'separate' });
      await s.setParams(instance, { clickLevel: 0 });
      await s.settle(instance);
      instance.audioNode.seek(0.25);
      instance.audioNode.play();
      await s.settle(instance);
      await s.render(host);
      return s.onsets(1);
    }, { url: `${practiceBase}/meters/backline.json` });
    // Song beats: bars 1–2 of 4 quarters, bars 3–4 of 3, then bars of 7 eighths; from 0.25 s at 120 BPM.
    const expected: { t: number; accent: boolean }[] = [];
    for (let b = 0; b < 8; b++) expected.push({ t: b * 0.5, accent: b % 4 === 0 });
    for (let b = 0; b < 6; b++) expected.push({ t: 4 + b * 0.5, accent: b % 3 === 0 });
    for (let e = 0; 7 + e * 0.25 < 8.9; e++) expected.push({ t: 7 + e * 0.25, accent: e % 7 === 0 });
    const m = match(onsets, expected.map((e) => e.t));
    console.log(`PRACTICE click through 4/4 → 3/4 → 7/8: ${onsets.length} clicks, worst onset error ${ms(m.worst)}`);
    expect(m.missing).toEqual([]);
    expect(m.extra).toEqual([]);
    expect(m.worst).toBeLessThan(0.0001);
    expect(onsets.map((o) => o.level > 0.75)).toEqual(expected.map((e) => e.accent));
  });

  it('the guitarist (docs/practice.md): demo song, guitar muted, chorus looped with a one-bar count-in, trainer 70 → 100 % over ten passes, click in the headphones only', async () => {
    const sr = 24000;
    const speeds = [0.7, 0.73, 0.76, 0.79, 0.82, 0.85, 0.88, 0.91, 0.94, 0.97, 1];
    const pass = 19.2; // the chorus: 8 bars of 2.4 s at 100 BPM
    const countIn = 2.4 / 0.7;
    const passStarts = [countIn];
    for (const speed of speeds) passStarts.push(passStarts.at(-1)! + pass / speed);
    const seconds = passStarts[10] + 3;
    const result = await inPage(async (s, o) => {
      const host = await s.createHost(o.seconds, o.sr);
      const instance = await s.createInstance(host);
      const track = await instance.audioNode.loadTrack(o.url);
      const chorus = track.sections.find((x: { name: string }) => x.name === 'Chorus');
      const next = track.sections.find((x: { bar: number }) => x.bar > chorus.bar);
      const slot = (id: string) => track.stems.find((x: { id: string }) => x.id === id).slot;
      instance.audioNode.setPractice({
        loop: { startBar: chorus.bar, endBar: next.bar }, click: true, clickOutput: 'separate',
        trainer: { enabled: true, start: 0.7, step: 3, unit: 'percent', cap: 1 },
      });
      await s.setParams(instance, {
        [`stem${slot('guitar')}Mute`]: 1, [`stem${slot('click')}Mute`]: 1, loopEnabled: 1, countInBars: 1, clickLevel: -6, followHostTempo: 1,
      });
      await s.settle(instance);
      instance.audioNode.play();
      await s.settle(instance);
      const t0 = performance.now();
      await s.render(host);
      const values = await instance.audioNode.getParameterValues(false);
      return {
        clicks: s.onsets(1, 0.1) as Onset[], renderMs: performance.now() - t0, speed: values.speed.value, loop: [chorus.bar, next.bar],
        mixLevel: s.maxAbs(0, o.countIn + 1, o.countIn + 5) as number,
      } as { clicks: Onset[]; renderMs: number; speed: number; loop: number[]; mixLevel: number };
    }, { url: '/dist/demo/song/backline.json', seconds, sr, countIn });
    expect(result.loop).toEqual([13, 21]);
    const clicks = result.clicks.map((c) => c.t);
    // The count-in: four clicks at 70 BPM, the first accented.
    expect(clicks.slice(0, 4).map((t) => Math.round(t * 1000) / 1000)).toEqual([0, 1, 2, 3].map((k) => Math.round(k * (0.6 / 0.7) * 1000) / 1000));
    const bpms = speeds.slice(0, 10).map((_, k) => {
      const inPass = clicks.filter((t) => t > passStarts[k] - 0.001 && t < passStarts[k + 1] - 0.01);
      expect(inPass.length).toBe(32);
      expect(Math.abs(inPass[0] - passStarts[k])).toBeLessThan(0.001); // each pass starts on its grid point
      return (60 * (inPass.length - 1)) / (inPass.at(-1)! - inPass[0]);
    });
    console.log(`PRACTICE guitarist: pass tempos ${bpms.map((b) => b.toFixed(2)).join(', ')} BPM; final speed ${result.speed}; render of ${seconds.toFixed(0)} s at ${sr} Hz in ${(result.renderMs / 1000).toFixed(1)} s`);
    bpms.forEach((bpm, k) => expect(bpm).toBeCloseTo(100 * speeds[k], 1));
    expect(result.speed).toBe(1);
    expect(result.mixLevel).toBeGreaterThan(0.05); // the band plays
    expect(pageErrors).toEqual([]);
  });
});

describe('the guitarist in the demo host (real time, through the GUI)', () => {
  it('mutes the guitar, picks the chorus, a one-bar count-in, the trainer and the click on output 2, presses Space', async () => {
    // @ts-expect-error plain ESM helper shared with `npm start`
    const { startStaticServer } = await import('../../scripts/static-server.mjs');
    const served = await startStaticServer({ root: join(REPO_ROOT, 'dist'), isolate: true });
    const demo = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = collectPageErrors(demo);
    try {
      await demo.goto(`${served.url}/demo/`);
      await demo.locator('#start').click();
      await demo.waitForFunction(() => (window as any).backlineDemo?.firstLoad, null, { timeout: 60_000 });
      await demo.evaluate(() => (window as any).backlineDemo.firstLoad);
      const gui = demo.locator('#plugin backline-gui');
      await gui.getByRole('button', { name: 'Mute Guitar', exact: true }).click();
      await gui.getByRole('combobox', { name: 'Loop a section' }).selectOption({ label: 'Chorus \u00b7 13\u201320' });
      await gui.getByRole('combobox', { name: 'Count-in', exact: true }).selectOption('1');
      await gui.getByRole('button', { name: 'Trainer', exact: true }).click();
      await gui.getByRole('button', { name: 'Click', exact: true }).click();
      await gui.getByRole('combobox', { name: 'Click output' }).selectOption('separate');
      await gui.getByRole('button', { name: 'Mute the song\'s own click' }).click();
      await gui.getByRole('heading').click(); // focus into the GUI (not a control)
      await demo.keyboard.press('Space');
      const snapshot = () => demo.evaluate(() => {
        const node = (window as any).backlineDemo.instance.audioNode;
        const s = node.getSnapshot();
        const now = node.audioContext.currentTime;
        const t = s.transport;
        return {
          countIn: !!t.countIn, playing: t.playing as boolean, looping: t.looping as boolean,
          song: t.playing ? t.songSeconds + (now - t.contextTime) * t.rate : t.songSeconds,
          params: { speed: s.params.speed, loopEnabled: s.params.loopEnabled, countInBars: s.params.countInBars, guitar: s.params.stem5Mute, click: s.params.stem6Mute },
          practice: s.practice,
        };
      });
      await expect.poll(async () => (await snapshot()).countIn, { timeout: 3000 }).toBe(true);
      expect(await gui.locator('.count-in').isVisible()).toBe(true);
      let now = await snapshot();
      expect(now.params).toEqual({ speed: 0.7, loopEnabled: 1, countInBars: 1, guitar: 1, click: 1 });
      expect(now.practice).toMatchObject({ loop: { startBar: 13, endBar: 21 }, click: true, clickOutput: 'separate', trainer: { enabled: true, start: 0.7, step: 3, cap: 1 } });
      // After the count-in (four beats at 70 BPM, 3.4 s) the chorus plays at 70 %.
      await expect.poll(async () => (await snapshot()).playing, { timeout: 6000 }).toBe(true);
      await demo.waitForTimeout(500);
      now = await snapshot();
      expect(now.looping).toBe(true);
      expect(now.song).toBeGreaterThan(2.4 + 12 * 2.4);
      expect(now.song).toBeLessThan(2.4 + 13 * 2.4);
      expect(await gui.locator('.trainer-progress').textContent()).toBe('Pass 1 \u00b7 70% \u00b7 70 BPM');
      expect(await gui.locator('.speed-readout').textContent()).toBe('70%');
      await demo.keyboard.press('Space');
      await expect.poll(async () => (await snapshot()).playing, { timeout: 3000 }).toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await demo.close();
      await new Promise<void>((r) => served.server.close(() => r()));
    }
  });
});
