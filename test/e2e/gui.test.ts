/**
 * The GUI in headless Chromium against a fake BacklineView (test/e2e/gui-fixture/): rendering,
 * parameter round trips, sync between GUIs, transport, loading, errors, text safety, disposal,
 * and the screenshot in docs/screenshots/.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { collectPageErrors, launchBrowser, REPO_ROOT, serveRepo, type ServedRepo } from './browser.js';

const OUT_DIR = join(REPO_ROOT, 'test-results/gui-fixture');
const FIXTURE_DIR = join(REPO_ROOT, 'test/e2e/gui-fixture');
const MINUS = '\u2212';

let browser: Browser;
let server: ServedRepo;
let page: Page;
let pageErrors: string[];

/** Counts animation frames so a test can see whether a loop is still running. */
function patchAnimationFrames(): void {
  const w = window as unknown as { __raf: { requested: number; pending: Set<number> } };
  const raf = window.requestAnimationFrame.bind(window);
  const caf = window.cancelAnimationFrame.bind(window);
  w.__raf = { requested: 0, pending: new Set() };
  window.requestAnimationFrame = (callback) => {
    const id = raf((time) => {
      w.__raf.pending.delete(id);
      callback(time);
    });
    w.__raf.requested++;
    w.__raf.pending.add(id);
    return id;
  };
  window.cancelAnimationFrame = (id) => {
    w.__raf.pending.delete(id);
    caf(id);
  };
}

const rafStats = () => page.evaluate(() => {
  const r = (window as unknown as { __raf: { requested: number; pending: Set<number> } }).__raf;
  return { requested: r.requested, pending: r.pending.size };
});
const calls = () => page.evaluate(() => window.guiFixture.fake!.calls);
const clearCalls = () => page.evaluate(() => { window.guiFixture.fake!.calls.length = 0; });
const nextFrames = (n = 3) => page.evaluate((count) => new Promise<void>((resolve) => {
  const step = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => step(left - 1)));
  step(count);
}), n);

async function newPage(width = 900, height = 600): Promise<void> {
  await page?.close();
  page = await browser.newPage({ viewport: { width, height } });
  pageErrors = collectPageErrors(page);
  await page.addInitScript(patchAnimationFrames);
  await page.goto(`${server.url}/test-results/gui-fixture/index.html`);
  await page.waitForFunction(() => !!window.guiFixture);
}

/** A fresh fake view with `count` GUIs mounted (900 px wide unless told). */
async function setup(options: { count?: number; width?: number; clock?: 'realtime' | 'frozen'; applyParams?: boolean; empty?: boolean } = {}): Promise<Locator[]> {
  await page.evaluate((o) => {
    window.guiFixture.setup({ clock: o.clock, applyParams: o.applyParams, empty: o.empty });
    for (let i = 0; i < (o.count ?? 1); i++) window.guiFixture.mount(o.width);
  }, options);
  return Array.from({ length: options.count ?? 1 }, (_, i) => page.locator(`#gui${i + 1} backline-gui`));
}

beforeAll(async () => {
  mkdirSync(OUT_DIR, { recursive: true });
  await build({
    entryPoints: [join(FIXTURE_DIR, 'main.ts')],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    outfile: join(OUT_DIR, 'main.js'),
    sourcemap: 'inline',
    logLevel: 'error',
  });
  copyFileSync(join(FIXTURE_DIR, 'index.html'), join(OUT_DIR, 'index.html'));
  server = await serveRepo();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach(async () => {
  await newPage();
});

describe('rendering', () => {
  it('shows the header, the transport and one row per stem', async () => {
    const [gui] = await setup();
    await expect.poll(() => gui!.getByRole('listitem').count()).toBe(4);
    await expect.poll(() => gui!.getByRole('heading').textContent()).toBe('Midnight Drive (practice mix)');
    expect(await gui!.locator('.meta').textContent()).toBe('A minor \u00b7 96 BPM \u00b7 4/4');
    expect(await gui!.locator('.memory').textContent()).toBe('Memory used: 148 MB');
    for (const name of ['Drums', 'Bass', 'Keys', 'Guitar']) {
      await expect.poll(() => gui!.getByRole('button', { name: `Mute ${name}`, exact: true }).getAttribute('aria-pressed')).toBe('false');
      await expect.poll(() => gui!.getByRole('button', { name: `Solo ${name}`, exact: true }).count()).toBe(1);
      await expect.poll(() => gui!.getByRole('slider', { name: `${name} gain`, exact: true }).count()).toBe(1);
    }
    expect(await gui!.getByRole('button', { name: 'Play', exact: true }).isEnabled()).toBe(true);
    expect(await gui!.locator('.pos-bar').textContent()).toBe('0.4'); // song time 0 is a beat before the downbeat
    expect(await gui!.locator('.pos-clock').textContent()).toBe('0:00.0');
    expect(pageErrors, pageErrors.join('\n')).toEqual([]);
  });

  it('draws every waveform from the peaks', async () => {
    await setup();
    await nextFrames(3);
    await page.waitForFunction(() => [...window.guiFixture.guis[0]!.shadowRoot!.querySelectorAll<HTMLImageElement>('img.wave-img')].every((img) => img.complete && img.naturalWidth > 0));
    const inked = await page.evaluate(() => {
      const root = window.guiFixture.guis[0]!.shadowRoot!;
      // Waveforms are images drawn once from the peaks (src/gui/waveform.ts): read their pixels back.
      return [...root.querySelectorAll<HTMLImageElement>('img.wave-img')].map((img) => {
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        if (!canvas.width) return 0;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
        return painted / (canvas.width * canvas.height);
      });
    });
    expect(inked).toHaveLength(4);
    for (const fraction of inked) expect(fraction).toBeGreaterThan(0.05);
  });

  it('every control has a spoken name, in a sensible tab order', async () => {
    const [gui] = await setup();
    const snapshot = await gui!.ariaSnapshot();
    for (const line of ['button "Open stems…"', 'button "Play"', 'slider "Song position"', 'slider "Master gain"', 'status "Sync status": Standalone', 'button "Follow host tempo"', 'slider "Speed"', 'button "Sync settings"', 'list "Stems"', 'button "Mute Drums"', 'slider "Guitar gain"']) {
      expect(snapshot).toContain(line);
    }
    await gui!.getByRole('button', { name: 'Open stems…' }).focus();
    const order: string[] = [];
    for (let i = 0; i < 28; i++) {
      order.push(await page.evaluate(() => {
        const active = window.guiFixture.guis[0]!.shadowRoot!.activeElement;
        return active?.getAttribute('aria-label') ?? active?.textContent ?? '';
      }));
      await page.keyboard.press('Tab');
    }
    expect(order).toEqual([
      'Open stems…', 'Play', 'Song position', 'Master gain', 'Follow host tempo', 'Speed', 'Sync settings',
      'Transpose down a semitone', 'Transpose up a semitone', 'Fine tune in cents',
      'Loop', 'Loop start bar', 'Loop end bar (included)', 'Loop a section', 'Count-in',
      'Click', 'Click level', 'Click output', 'Trainer', 'Trainer start speed, percent', 'Trainer step per pass', 'Trainer step unit', 'Trainer top speed, percent',
      'Go to Intro (bar 1)', 'Go to Verse (bar 9)',
      'Mute Drums', 'Solo Drums', 'Transpose Drums',
    ]);
    const outline = await page.evaluate(() => getComputedStyle(window.guiFixture.guis[0]!.shadowRoot!.activeElement!).outlineStyle);
    expect(outline).toBe('solid'); // visible focus ring
  });

  it('shows a friendly empty state without a track', async () => {
    const [gui] = await setup({ empty: true });
    await expect.poll(() => gui!.locator('.empty').isVisible()).toBe(true);
    expect(await gui!.locator('.empty').textContent()).toContain('Drop stems, a folder or a .zip');
    expect(await gui!.getByRole('button', { name: 'Open stems…' }).count()).toBe(1); // the header one is hidden
    expect(await gui!.getByRole('button', { name: 'Play' }).isDisabled()).toBe(true);
    expect(await gui!.getByRole('listitem').count()).toBe(0);
  });
});

describe('key', () => {
  it('steps semitones, fine-tunes cents and names the resulting key', async () => {
    const [gui] = await setup();
    await gui!.getByRole('button', { name: 'Transpose up a semitone' }).click();
    await gui!.getByRole('button', { name: 'Transpose up a semitone' }).click();
    expect(await calls()).toEqual([{ method: 'setParameter', id: 'semitones', value: 1 }, { method: 'setParameter', id: 'semitones', value: 2 }]);
    await expect.poll(() => gui!.locator('.key-name').textContent()).toBe('A minor \u2192 B minor');
    expect(await gui!.locator('.semitones').textContent()).toBe('+2 st');
    await page.evaluate(() => window.guiFixture.fake!.setParams({ semitones: -12 }));
    await expect.poll(() => gui!.getByRole('button', { name: 'Transpose down a semitone' }).isDisabled()).toBe(true);
    expect(await gui!.locator('.key-name').textContent()).toBe('A minor, an octave down');
  });

  it('a stem row says whether the stem follows the key; drums keep their pitch by default', async () => {
    const [gui] = await setup();
    const drums = gui!.getByRole('button', { name: 'Transpose Drums', exact: true });
    const bass = gui!.getByRole('button', { name: 'Transpose Bass', exact: true });
    expect(await drums.getAttribute('aria-pressed')).toBe('false');
    expect(await bass.getAttribute('aria-pressed')).toBe('true');
    await drums.click();
    expect(await calls()).toEqual([{ method: 'setStemKeepsPitch', stemId: 'drums', on: false }]);
    await expect.poll(() => drums.getAttribute('aria-pressed')).toBe('true');
    // The row was updated in place: the button keeps keyboard focus.
    expect(await page.evaluate(() => window.guiFixture.guis[0]!.shadowRoot!.activeElement?.getAttribute('aria-label'))).toBe('Transpose Drums');
  });
});

describe('parameters render from the snapshot', () => {
  it('Mute Bass asks for stem2Mute = 1 and shows pressed only once the snapshot says so', async () => {
    const [gui] = await setup({ applyParams: false });
    const mute = gui!.getByRole('button', { name: 'Mute Bass', exact: true });
    await mute.click();
    expect(await calls()).toEqual([{ method: 'setParameter', id: 'stem2Mute', value: 1 }]);
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    await page.evaluate(() => window.guiFixture.fake!.setParams({ stem2Mute: 1 }));
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    await mute.click();
    expect((await calls()).at(-1)).toEqual({ method: 'setParameter', id: 'stem2Mute', value: 0 });
  });

  it('Solo Keys asks for stem3Solo = 1; the others dim', async () => {
    const [gui] = await setup();
    const solo = gui!.getByRole('button', { name: 'Solo Keys', exact: true });
    await solo.click();
    expect(await calls()).toEqual([{ method: 'setParameter', id: 'stem3Solo', value: 1 }]);
    expect(await solo.getAttribute('aria-pressed')).toBe('true');
    const silenced = await gui!.locator('li.stem').evaluateAll((rows) => rows.map((r) => r.classList.contains('silenced')));
    expect(silenced).toEqual([true, true, false, true]);
    await solo.click();
    expect(await solo.getAttribute('aria-pressed')).toBe('false');
  });

  it('host automation shows up in two GUIs of one instance at once', async () => {
    const [a, b] = await setup({ count: 2 });
    await page.evaluate(() => window.guiFixture.fake!.setParams({ stem1Mute: 1, stem4Solo: 1, stem2Gain: -12, masterGain: -60 }));
    for (const gui of [a!, b!]) {
      expect(await gui.getByRole('button', { name: 'Mute Drums', exact: true }).getAttribute('aria-pressed')).toBe('true');
      expect(await gui.getByRole('button', { name: 'Solo Guitar', exact: true }).getAttribute('aria-pressed')).toBe('true');
      expect(await gui.getByRole('button', { name: 'Solo Drums', exact: true }).getAttribute('aria-pressed')).toBe('false');
      const bass = gui.getByRole('slider', { name: 'Bass gain', exact: true });
      expect(await bass.inputValue()).toBe('-12');
      expect(await bass.getAttribute('aria-valuetext')).toBe(`${MINUS}12.0 dB`);
      expect(await gui.locator('.master .gain-readout').textContent()).toBe(`${MINUS}\u221e dB`);
    }
    // A click in one GUI shows in the other.
    await a!.getByRole('button', { name: 'Mute Drums', exact: true }).click();
    expect(await b!.getByRole('button', { name: 'Mute Drums', exact: true }).getAttribute('aria-pressed')).toBe('false');
  });

  it('gain faders: keyboard steps of 0.5 dB, Delete and double-click reset to 0 dB, −60 shows −∞', async () => {
    const [gui] = await setup();
    const drums = gui!.getByRole('slider', { name: 'Drums gain', exact: true });
    await drums.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    expect(await calls()).toEqual([
      { method: 'setParameter', id: 'stem1Gain', value: 0.5 },
      { method: 'setParameter', id: 'stem1Gain', value: 1 },
      { method: 'setParameter', id: 'stem1Gain', value: 0.5 },
    ]);
    expect(await gui!.locator('li.stem').first().locator('.gain-readout').textContent()).toBe('+0.5 dB');
    await page.keyboard.press('Delete');
    expect((await calls()).at(-1)).toEqual({ method: 'setParameter', id: 'stem1Gain', value: 0 });
    await page.keyboard.press('End');
    expect((await calls()).at(-1)).toEqual({ method: 'setParameter', id: 'stem1Gain', value: 12 });
    await clearCalls();
    await drums.dblclick();
    expect((await calls()).at(-1)).toEqual({ method: 'setParameter', id: 'stem1Gain', value: 0 });
    expect(await drums.inputValue()).toBe('0');

    const master = gui!.getByRole('slider', { name: 'Master gain', exact: true });
    await master.focus();
    await page.keyboard.press('Home');
    expect((await calls()).at(-1)).toEqual({ method: 'setParameter', id: 'masterGain', value: -60 });
    expect(await master.getAttribute('aria-valuetext')).toBe(`${MINUS}\u221e dB`);
  });
});

describe('transport', () => {
  it('Play/Stop toggles, and the frame loop runs only while playing', async () => {
    const [gui] = await setup();
    await nextFrames(2);
    expect((await rafStats()).pending).toBe(0);
    await gui!.getByRole('button', { name: 'Play', exact: true }).click();
    expect(await calls()).toEqual([{ method: 'play' }]);
    const stop = gui!.getByRole('button', { name: 'Stop', exact: true });
    expect(await stop.count()).toBe(1);
    expect((await rafStats()).pending).toBe(1);
    const clock = gui!.locator('.pos-clock');
    const before = await clock.textContent();
    await page.waitForTimeout(400);
    expect(await clock.textContent()).not.toBe(before); // the real AudioContext clock moved
    await stop.click();
    expect((await calls()).at(-1)).toEqual({ method: 'stop' });
    expect(await gui!.getByRole('button', { name: 'Play', exact: true }).count()).toBe(1);
    await nextFrames(2);
    expect((await rafStats()).pending).toBe(0);
  });

  it('derives the position from the context clock, not wall time', async () => {
    const [gui] = await setup({ clock: 'frozen' });
    // 96 BPM, downbeat 0.625 s: 12.5 s is beat (12.5 − 0.625) · 1.6 = 19 → bar 5 beat 4.
    await page.evaluate(() => window.guiFixture.fake!.push({ transport: { playing: true, contextTime: 0, songSeconds: 12.5, rate: 1, sync: 'standalone', hostTempo: null, countIn: null, jump: null, passes: 0, looping: false } }));
    await nextFrames(2);
    expect(await gui!.locator('.pos-bar').textContent()).toBe('5.4');
    expect(await gui!.locator('.pos-clock').textContent()).toBe('0:12.5');
    const requested = (await rafStats()).requested;
    await page.waitForTimeout(300);
    expect((await rafStats()).requested).toBeGreaterThan(requested); // the loop runs…
    expect(await gui!.locator('.pos-clock').textContent()).toBe('0:12.5'); // …but the context clock stands still
    // An anchor 2 context-seconds in the past at rate 0.5 puts the song 1 s further.
    await page.evaluate(() => window.guiFixture.fake!.push({ transport: { playing: true, contextTime: -2, songSeconds: 12.5, rate: 0.5, sync: 'standalone', hostTempo: null, countIn: null, jump: null, passes: 0, looping: false } }));
    await nextFrames(2);
    expect(await gui!.locator('.pos-clock').textContent()).toBe('0:13.5');
    const seek = gui!.getByRole('slider', { name: 'Song position', exact: true });
    expect(await gui!.locator('.pos-bar').textContent()).toBe('6.1'); // beat 20.6
    expect(await seek.getAttribute('aria-valuetext')).toBe('Bar 6, 0:13 of 3:12');
    expect(Number(await seek.inputValue())).toBeCloseTo(13.5, 5);
  });

  it('the seek slider is keyboard-operable: arrows, bars, ends', async () => {
    const [gui] = await setup();
    const seek = gui!.getByRole('slider', { name: 'Song position', exact: true });
    await seek.focus();
    await page.keyboard.press('End');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('PageUp');
    await page.keyboard.press('PageDown');
    const seeks = (await calls()).map((c) => (c.method === 'seek' ? Math.round(c.seconds * 1000) / 1000 : c.method));
    // Bars are 2.5 s long (4 beats at 96 BPM) from the downbeat at 0.625 s.
    expect(seeks).toEqual([192.5, 0, 1, 6, 8.125, 5.625]);
    expect(await gui!.locator('.pos-clock').textContent()).toBe('0:05.6');
    expect(await gui!.locator('.pos-bar').textContent()).toBe('3.1');
  });

  it('clicking a waveform seeks there', async () => {
    const [gui] = await setup();
    const wave = gui!.locator('.wave').first();
    const box = (await wave.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const seek = (await calls()).at(-1)!;
    expect(seek.method).toBe('seek');
    expect((seek as { seconds: number }).seconds).toBeCloseTo(192.5 / 2, 0);
  });
});

describe('loading and errors', () => {
  it('shows loading progress as a progressbar', async () => {
    const [gui] = await setup();
    const bar = gui!.getByRole('progressbar');
    expect(await bar.count()).toBe(0);
    await page.evaluate(() => window.guiFixture.fake!.push({ loading: { label: 'Decoding Bass.wav', fraction: 0.42 } }));
    expect(await bar.getAttribute('aria-valuenow')).toBe('42');
    expect(await bar.getAttribute('aria-valuetext')).toBe('Decoding Bass.wav, 42%');
    expect(await bar.textContent()).toContain('Decoding Bass.wav');
    await page.evaluate(() => window.guiFixture.fake!.push({ loading: null }));
    expect(await bar.count()).toBe(0);
  });

  it('shows an error in an alert and dismisses it through clearError()', async () => {
    const [gui] = await setup();
    await page.evaluate(() => window.guiFixture.fake!.push({ error: 'Bass.wav is not an audio file Backline can read.' }));
    const alert = gui!.getByRole('alert');
    expect(await alert.textContent()).toContain('Bass.wav is not an audio file Backline can read.');
    await alert.getByRole('button', { name: 'Dismiss error' }).click();
    expect(await calls()).toEqual([{ method: 'clearError' }]);
    expect(await gui!.getByRole('alert').count()).toBe(0);
    // Focus stays in the GUI (on the Open button), not lost to the page.
    expect(await page.evaluate(() => window.guiFixture.guis[0]!.shadowRoot!.activeElement?.textContent)).toBe('Open stems…');
  });

  it('the file picker loads the chosen files; a rejected load keeps the current track', async () => {
    const [gui] = await setup();
    const input = gui!.locator('input[type=file]').first();
    expect(await input.getAttribute('accept')).toContain('.zip');
    expect(await input.getAttribute('multiple')).not.toBeNull();
    await page.evaluate(() => { window.guiFixture.fake!.nextLoad = { error: 'That zip has no backline.json and no audio files.' }; });
    await input.setInputFiles([{ name: 'song.zip', mimeType: 'application/zip', buffer: Buffer.from('PK') }]);
    await expect.poll(() => gui!.getByRole('alert').textContent()).toContain('no backline.json');
    expect(await gui!.getByRole('heading').textContent()).toBe('Midnight Drive (practice mix)');
    expect(await gui!.getByRole('listitem').count()).toBe(4);
    expect((await calls()).at(-1)).toEqual({ method: 'loadTrack', files: [{ name: 'song.zip', path: 'song.zip', size: 2 }] });
    expect(pageErrors).toEqual([]); // the rejection was handled

    await page.evaluate(() => { window.guiFixture.fake!.nextLoad = { track: window.guiFixture.demoTrack({ title: 'Loaded song' }) }; });
    await input.setInputFiles([
      { name: 'Drums.wav', mimeType: 'audio/wav', buffer: Buffer.from('RIFF') },
      { name: 'Bass.wav', mimeType: 'audio/wav', buffer: Buffer.from('RIFF') },
    ]);
    await expect.poll(() => gui!.getByRole('heading').textContent()).toBe('Loaded song');
    expect(await gui!.getByRole('alert').count()).toBe(0);
    expect(((await calls()).at(-1) as { files: { name: string }[] }).files.map((f) => f.name)).toEqual(['Drums.wav', 'Bass.wav']);
  });

  it('dropped files load; dropped folders are walked with relative paths', async () => {
    const [gui] = await setup({ empty: true });
    await page.evaluate(() => {
      const root = window.guiFixture.guis[0]!.shadowRoot!.querySelector('.root')!;
      const data = new DataTransfer();
      data.items.add(new File(['{}'], 'backline.json', { type: 'application/json' }));
      data.items.add(new File(['RIFF'], 'Keys.wav', { type: 'audio/wav' }));
      root.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
      root.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(async () => (await calls()).filter((c) => c.method === 'loadTrack').length).toBe(1);
    const load = (await calls()).find((c) => c.method === 'loadTrack') as { files: { name: string }[] };
    expect(load.files.map((f) => f.name)).toEqual(['backline.json', 'Keys.wav']);
    expect(await gui!.locator('.root.dragging').count()).toBe(0);
    await expect.poll(() => gui!.getByRole('listitem').count()).toBe(4);

    const walked = await page.evaluate(async () => {
      const fx = window.guiFixture;
      const files = await fx.collectEntryFiles(fx.mockEntries({
        'My Song/backline.json': '{}',
        'My Song/.DS_Store': 'x',
        'My Song/stems/Drums.wav': 'RIFF',
        'My Song/stems/Bass.wav': 'RIFF',
        'My Song/stems/Keys.wav': 'RIFF',
        'My Song/song.mid': 'MThd',
        'loose.wav': 'RIFF',
      }));
      return files.map((f) => [f.name, f.webkitRelativePath]);
    });
    expect(walked).toEqual([
      ['backline.json', 'My Song/backline.json'],
      ['song.mid', 'My Song/song.mid'],
      ['Bass.wav', 'My Song/stems/Bass.wav'],
      ['Drums.wav', 'My Song/stems/Drums.wav'],
      ['Keys.wav', 'My Song/stems/Keys.wav'],
      ['loose.wav', 'loose.wav'],
    ]);
  });
});

describe('safety and lifecycle', () => {
  it('names and metadata from files render as text, never as markup', async () => {
    const [gui] = await setup();
    const evil = '<img src=x onerror="window.__pwned=1">';
    await page.evaluate((name) => {
      const fx = window.guiFixture;
      const track = fx.demoTrack({ title: name, key: name });
      track.stems[1] = { ...track.stems[1]!, name, color: 'red;background:url(javascript:alert(1))' };
      fx.fake!.push({ track });
    }, evil);
    await page.waitForTimeout(100);
    expect(await gui!.getByRole('heading').textContent()).toBe(evil);
    expect(await gui!.getByRole('button', { name: `Mute ${evil}`, exact: true }).count()).toBe(1);
    expect(await gui!.getByRole('slider', { name: `${evil} gain`, exact: true }).count()).toBe(1);
    expect(await gui!.locator('img:not(.wave-img):not(.ruler-img)').count()).toBe(0); // only the GUI's own drawn images
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });

  it('dispose() releases subscriptions, listeners and animation frames', async () => {
    const [a] = await setup({ count: 2 });
    await a!.getByRole('button', { name: 'Play', exact: true }).click();
    await nextFrames(2);
    expect(await page.evaluate(() => window.guiFixture.fake!.listenerCount)).toBe(2);
    expect((await rafStats()).pending).toBeGreaterThan(0);
    await page.evaluate(() => window.guiFixture.guis.forEach((gui) => gui.dispose()));
    expect(await page.evaluate(() => window.guiFixture.fake!.listenerCount)).toBe(0);
    expect((await rafStats()).pending).toBe(0);
    const requested = (await rafStats()).requested;
    await page.waitForTimeout(200);
    await page.evaluate(() => window.guiFixture.fake!.setParams({ stem1Mute: 1 })); // nobody listens
    expect((await rafStats()).requested).toBe(requested + 0);
    expect(await page.evaluate(() => window.guiFixture.guis[0]!.shadowRoot!.childElementCount)).toBe(0);
    // dispose() is idempotent, and a disposed GUI stays inert when re-inserted.
    await page.evaluate(() => {
      const gui = window.guiFixture.guis[0]!;
      gui.dispose();
      document.body.append(gui);
    });
    expect(await page.evaluate(() => window.guiFixture.fake!.listenerCount)).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('removing the element releases everything; re-inserting it (not disposed) resumes', async () => {
    const [gui] = await setup();
    await gui!.getByRole('button', { name: 'Play', exact: true }).click();
    await page.evaluate(() => window.guiFixture.guis[0]!.remove());
    expect(await page.evaluate(() => window.guiFixture.fake!.listenerCount)).toBe(0);
    expect((await rafStats()).pending).toBe(0);
    await page.evaluate(() => document.querySelector('#gui1')!.append(window.guiFixture.guis[0]!));
    expect(await page.evaluate(() => window.guiFixture.fake!.listenerCount)).toBe(1);
    expect(await gui!.getByRole('button', { name: 'Stop', exact: true }).count()).toBe(1);
    expect((await rafStats()).pending).toBe(1);
  });

  it('defines <backline-gui> once even when the bundle loads twice', async () => {
    await setup();
    await page.evaluate(() => { (window as unknown as { first: unknown }).first = window.guiFixture; });
    // A second copy of the whole bundle: it replaces window.guiFixture with its own.
    await page.addScriptTag({ type: 'module', url: `${server.url}/test-results/gui-fixture/main.js?again=1` });
    await page.waitForFunction(() => window.guiFixture !== (window as unknown as { first: unknown }).first);
    const rows = await page.evaluate(() => {
      window.guiFixture.setup();
      return window.guiFixture.mount().shadowRoot!.querySelectorAll('li.stem').length;
    });
    expect(rows).toBe(4);
    expect(pageErrors).toEqual([]);
  });
});

describe('the sync row (docs/sync.md)', () => {
  beforeEach(async () => {
    if (page.viewportSize()?.width !== 900) await newPage();
  });

  const pushTransport = (patch: Record<string, unknown>) => page.evaluate((p) => {
    const fake = window.guiFixture.fake!;
    fake.push({ transport: { ...fake.getSnapshot().transport, ...p } });
  }, patch);

  it('shows who drives the clock: Standalone, Waiting for host, Following host', async () => {
    const [gui] = await setup();
    const status = gui!.getByRole('status');
    expect(await status.textContent()).toBe('Standalone');
    await pushTransport({ sync: 'waiting', hostTempo: 100 });
    expect(await status.textContent()).toBe('Waiting for host');
    expect(await gui!.getByRole('button', { name: 'Play', exact: true }).isEnabled()).toBe(true); // standalone play still works
    await pushTransport({ sync: 'host', playing: true, hostTempo: 100 });
    expect(await status.textContent()).toBe('Following host');
    expect(await status.getAttribute('data-sync')).toBe('host');
    // The host drives: the plugin's own Play/Stop and seek rest, and say why.
    const stop = gui!.getByRole('button', { name: 'Stop', exact: true });
    expect(await stop.isDisabled()).toBe(true);
    expect(await stop.getAttribute('title')).toBe('The host\'s transport is playing');
    expect(await gui!.getByRole('slider', { name: 'Song position', exact: true }).isDisabled()).toBe(true);
  });

  it('Follow host tempo asks for followHostTempo and shows the snapshot\'s value; Speed rests while it applies', async () => {
    const [gui] = await setup();
    const follow = gui!.getByRole('button', { name: 'Follow host tempo', exact: true });
    const speed = gui!.getByRole('slider', { name: 'Speed', exact: true });
    expect(await follow.getAttribute('aria-pressed')).toBe('true');
    await pushTransport({ sync: 'host', playing: true, hostTempo: 140 });
    expect(await speed.isDisabled()).toBe(true);
    expect(await gui!.locator('.bpm').textContent()).toBe('140 BPM'); // the host's tempo
    await clearCalls();
    await follow.click();
    expect(await calls()).toEqual([{ method: 'setParameter', id: 'followHostTempo', value: 0 }]);
    expect(await follow.getAttribute('aria-pressed')).toBe('false');
    expect(await speed.isDisabled()).toBe(false);
    expect(await gui!.locator('.bpm').textContent()).toBe('96 BPM'); // the song's own tempo × speed
  });

  it('Speed: keyboard steps of 1 %, Delete resets to 100 %, the resulting tempo is shown and spoken', async () => {
    const [gui] = await setup();
    const speed = gui!.getByRole('slider', { name: 'Speed', exact: true });
    await speed.focus();
    await clearCalls();
    for (let i = 0; i < 15; i++) await page.keyboard.press('ArrowLeft');
    const last = (await calls()).at(-1) as { id: string; value: number };
    expect(last.id).toBe('speed');
    expect(last.value).toBeCloseTo(0.85, 9);
    expect(await gui!.locator('.speed-readout').textContent()).toBe('85%');
    expect(await gui!.locator('.bpm').textContent()).toBe('81.6 BPM'); // 96 × 0.85
    expect(await speed.getAttribute('aria-valuetext')).toBe('85%, 81.6 BPM');
    await page.keyboard.press('Delete');
    expect((await calls()).at(-1)).toEqual({ method: 'setParameter', id: 'speed', value: 1 });
    expect(await gui!.locator('.speed-readout').textContent()).toBe('100%');
    // Automation shows up too.
    await page.evaluate(() => window.guiFixture.fake!.setParams({ speed: 1.5 }));
    expect(await gui!.locator('.speed-readout').textContent()).toBe('150%');
  });

  it('sync settings: song bar 1 at host bar N, bars from 0 or 1, sending the transport', async () => {
    const [gui] = await setup();
    const toggle = gui!.getByRole('button', { name: 'Sync settings', exact: true });
    const panel = gui!.getByRole('group', { name: 'Sync settings', exact: true });
    expect(await panel.isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await panel.isVisible()).toBe(true);
    const bar = gui!.getByRole('spinbutton', { name: 'Song bar 1 at host bar', exact: true });
    expect(await bar.inputValue()).toBe('0');
    await clearCalls();
    await bar.fill('4');
    await bar.press('Enter');
    await bar.blur();
    expect(await calls()).toEqual([{ method: 'setSyncSettings', patch: { barOffset: 4 } }]);
    await gui!.getByRole('combobox', { name: 'Host counts bars from', exact: true }).selectOption('1');
    // The offset keeps its meaning (4 bars after the host's first bar): the number shown becomes 5.
    expect(await bar.inputValue()).toBe('5');
    await gui!.getByRole('checkbox', { name: 'Send transport to other plugins' }).check();
    expect(await page.evaluate(() => window.guiFixture.fake!.getSnapshot().settings)).toEqual({ barBase: 1, barOffset: 4, emitTransport: true });
    await toggle.click();
    expect(await panel.isVisible()).toBe(false);
  });

  it('the tempo shown follows a tempo map under the playhead', async () => {
    await page.evaluate(() => {
      const fake = window.guiFixture.setup({ clock: 'frozen' });
      fake.push({ track: window.guiFixture.demoTrack({ tempoMap: [{ beat: 0, bpm: 96 }, { beat: 16, bpm: 120 }] }) });
      window.guiFixture.mount();
    });
    const gui = page.locator('#gui1 backline-gui');
    await pushTransport({ playing: true, contextTime: 0, songSeconds: 5 });
    await nextFrames(2);
    expect(await gui.locator('.bpm').textContent()).toBe('96 BPM');
    await pushTransport({ playing: true, contextTime: 0, songSeconds: 12 }); // beat 18: after the change
    await nextFrames(2);
    expect(await gui.locator('.bpm').textContent()).toBe('120 BPM');
  });
});

describe('screenshots', () => {
  async function stage(): Promise<void> {
    await page.evaluate(() => {
      const fake = window.guiFixture.fake!;
      fake.setParams({ stem2Mute: 1, stem3Solo: 0, stem1Gain: -3.5, stem3Gain: 2, stem4Gain: -60, masterGain: -1.5 });
      fake.seek(71.3);
      fake.calls.length = 0;
    });
    await nextFrames(3);
    // Waveforms are images drawn asynchronously (src/gui/waveform.ts).
    await page.waitForFunction(() => window.guiFixture.guis.every((gui) =>
      [...gui.shadowRoot!.querySelectorAll<HTMLImageElement>('img.wave-img, img.ruler-img')].every((img) => img.complete && img.naturalWidth > 0)));
  }

  it('docs/screenshots/gui-v1.png at 900×600', async () => {
    await setup({ width: 900 });
    await stage();
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshots/gui-v1.png') });
  });

  it('docs/screenshots/gui-narrow.png at 360 px, with loading and an error', async () => {
    await newPage(360, 640);
    await setup({ width: 360 });
    await stage();
    await page.evaluate(() => window.guiFixture.fake!.push({
      loading: { label: 'Decoding Keys.wav', fraction: 0.64 },
      error: 'Guitar.aiff: this browser cannot decode AIFF. Convert it to WAV or FLAC.',
    }));
    await nextFrames(3);
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshots/gui-narrow.png') });
  });

  it('docs/screenshots/gui-sync.png: following the host, sync settings open', async () => {
    await newPage(900, 420);
    await setup({ width: 900 });
    await stage();
    await page.evaluate(() => {
      const fake = window.guiFixture.fake!;
      fake.setSyncSettings({ barOffset: 4 });
      fake.push({ transport: { ...fake.getSnapshot().transport, sync: 'host', hostTempo: 104, playing: false } });
      fake.calls.length = 0;
    });
    await page.locator('#gui1 backline-gui').getByRole('button', { name: 'Sync settings' }).click();
    await nextFrames(3);
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshots/gui-sync.png') });
  });

  it('docs/screenshots/gui-empty.png', async () => {
    await newPage(640, 360);
    await setup({ width: 640, empty: true });
    await nextFrames(3);
    await page.screenshot({ path: join(REPO_ROOT, 'docs/screenshots/gui-empty.png') });
  });
});
