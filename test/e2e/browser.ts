/**
 * Headless Chromium for the end-to-end tests: Debian's /usr/bin/chromium through playwright-core,
 * plus a static server over the repository root (so pages can import /dist/index.js by URL).
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM helper shared with `npm start`
import { startStaticServer } from '../../scripts/static-server.mjs';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const CHROMIUM_PATHS = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string {
  const found = CHROMIUM_PATHS.find((p) => p && existsSync(p));
  if (!found) throw new Error('Chromium not found: install Debian\'s chromium (apt-get install chromium) or set CHROMIUM_PATH');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export interface ServedRepo {
  url: string;
  close(): Promise<void>;
}

/** Serve the repository root; `isolate` adds COOP/COEP to every response. */
export async function serveRepo(options: { isolate?: boolean } = {}): Promise<ServedRepo> {
  const { server, url } = await startStaticServer({ root: REPO_ROOT, isolate: options.isolate ?? false });
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Collect console errors and page errors so a test can assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  return errors;
}

/**
 * Runs `body` inside `page` with the helpers a test page put on `window[helpersName]`; `args` travel
 * as JSON. The body is sent as source, so it may use only what the page has.
 */
export function runInPage<T, A>(page: Page, helpersName: string, body: (helpers: any, args: A) => Promise<T>, args: A): Promise<T> {
  return page.evaluate(
    async ({ source, args, helpersName }) => {
      const fn = new Function(`return (${source})`)();
      return fn((window as any)[helpersName], args);
    },
    { source: body.toString(), args, helpersName },
  );
}
