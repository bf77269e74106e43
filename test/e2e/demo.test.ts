/**
 * `npm start`'s page as a user meets it: the demo host served from dist/ (cross-origin isolated,
 * like the start server), a real-time AudioContext, the host's Play button, the plugin's GUI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { collectPageErrors, launchBrowser, REPO_ROOT } from './browser.js';
// @ts-expect-error plain ESM helper shared with `npm start`
import { startStaticServer } from '../../scripts/static-server.mjs';

let browser: Browser;
let page: Page;
let errors: string[];
let close: () => Promise<void>;
let url: string;

beforeAll(async () => {
  const served = await startStaticServer({ root: join(REPO_ROOT, 'dist'), isolate: true });
  url = served.url;
  close = () => new Promise<void>((r) => served.server.close(() => r()));
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  errors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await close?.();
});

describe('the demo host (npm start)', () => {
  it('loads the embedded demo song, plays it under the host transport, and mutes by host automation', async () => {
    await page.goto(`${url}/demo/`);
    await page.locator('#start').click(); // "Start audio" (already "Audio on" when autoplay is allowed)
    await page.waitForFunction(() => (window as any).backlineDemo?.firstLoad, null, { timeout: 60_000 });
    await page.evaluate(() => (window as any).backlineDemo.firstLoad);
    const gui = page.locator('backline-gui');
    await expect.poll(() => gui.getByRole('button', { name: 'Mute Drums' }).count()).toBe(1);

    // Measure what the plugin outputs, then press the host's Play.
    await page.evaluate(() => {
      const { audioContext, instance } = (window as any).backlineDemo;
      const analyser = new AnalyserNode(audioContext, { fftSize: 2048 });
      instance.audioNode.connect(analyser);
      (window as any).measure = () => {
        const data = new Float32Array(analyser.fftSize);
        analyser.getFloatTimeDomainData(data);
        return Math.sqrt(data.reduce((s, v) => s + v * v, 0) / data.length);
      };
    });
    await page.locator('#play').click();
    await page.waitForTimeout(3500);
    const rms = await page.evaluate(() => (window as any).measure());
    expect(rms).toBeGreaterThan(0.01);
    const snapshot = await page.evaluate(() => (window as any).backlineDemo.instance.audioNode.getSnapshot().transport);
    expect(snapshot.playing).toBe(true);

    // Host automation: mute stem 2 (Bass); the plugin's GUI shows it.
    await page.locator('#auto-slot').selectOption('2');
    await page.locator('#auto-mute').click();
    await expect.poll(() => gui.getByRole('button', { name: 'Mute Bass' }).getAttribute('aria-pressed'), { timeout: 5000 }).toBe('true');

    // The GUI's own solo works too.
    await gui.getByRole('button', { name: 'Solo Drums' }).click();
    await expect.poll(() => page.evaluate(() => (window as any).backlineDemo.instance.audioNode.getSnapshot().params.stem1Solo)).toBe(1);
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshots/demo-host.png') });
    await gui.getByRole('button', { name: 'Solo Drums' }).click();

    await page.locator('#stop').click();
    await expect.poll(() => page.evaluate(() => (window as any).backlineDemo.instance.audioNode.getSnapshot().transport.playing)).toBe(false);
    expect(errors).toEqual([]);
  });
});
