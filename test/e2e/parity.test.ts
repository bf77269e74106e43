/**
 * "Same engine, same result": the plugin in Chromium and the offline engine the CLI uses, on the
 * same track and settings, render the same samples.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser, REPO_ROOT, serveRepo, type ServedRepo } from './browser.js';
import { FIXTURE_RATE, writeFixtures } from './fixtures.js';
import { loadTrackData } from '../../src/loader/index.js';
import { fileFetch } from '../../src/loader/file-fetch.js';
import { wavDecoder } from '../../src/audio-files/wav-decode.js';
import { OfflineEngine } from '../../src/offline/offline-engine.js';
import { maxAbs, difference } from './signal.js';

let browser: Browser;
let server: ServedRepo;
let fixtures: string;

beforeAll(async () => {
  fixtures = writeFixtures();
  server = await serveRepo();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('the plugin and the offline engine (CLI) render the same mix', async () => {
  const params = { stem1Gain: -4.5, stem2Mute: 1, masterGain: -2 };
  const page = await browser.newPage();
  await page.goto(`${server.url}/test/e2e/pages/host.html`);
  await page.waitForFunction(() => (window as any).backlineTestReady === true);
  const [pluginLeft] = await page.evaluate(async ({ url, params }) => {
    const t = (window as any).backlineTest;
    const host = await t.createHost(1);
    const instance = await t.createInstance(host);
    await instance.audioNode.loadTrack(url);
    const values: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(params)) values[id] = { id, value, normalized: false };
    await instance.audioNode.setParameterValues(values);
    await t.play(instance);
    return t.render(host);
  }, { url: `${fixtures}/song/backline.json`, params });

  const wasm = new WebAssembly.Module(readFileSync(join(REPO_ROOT, 'dist/backline.wasm')));
  const loaded = await loadTrackData(pathToFileURL(join(REPO_ROOT, 'test-results/fixtures/song/backline.json')), {
    sampleRate: FIXTURE_RATE, decoder: wavDecoder, fetch: fileFetch,
  });
  const offline = new OfflineEngine(wasm, FIXTURE_RATE);
  offline.load(loaded);
  for (const [id, value] of Object.entries(params)) offline.setParameter(id, value);
  const [offlineLeft] = offline.render(0, 1);

  expect(offlineLeft.length).toBe(pluginLeft.length);
  expect(maxAbs(pluginLeft)).toBeGreaterThan(0.1);
  expect(maxAbs(difference(pluginLeft, offlineLeft))).toBeLessThan(1e-6);
});
