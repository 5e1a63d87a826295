/// <reference lib="dom" />
// The functions given to page.waitForFunction run in the page, where `document` exists.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium } from './chromium';
import { startExampleDevServer, type ViteDevServer } from './vite-dev-server';

const example = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../examples/msw-dev');
const runs = chromiumAvailable();

describe.skipIf(!runs)('examples/msw-dev in headless Chromium: the React app on the MSW mock, no server', () => {
  let vite: ViteDevServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    // What `pnpm dev` runs first: the service worker script of the installed msw.
    execFileSync(process.execPath, [join(example, 'node_modules/msw/cli/index.js'), 'init', 'public', '--no-save'], { cwd: example, stdio: 'ignore' });
    vite = await startExampleDevServer('msw-dev');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await vite?.stop();
  });

  it('serves the seed, and a write through the SDK comes back through the mocked watch', async () => {
    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(vite.url);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'ready', null, { timeout: 30_000 });
    expect(await page.textContent('#greeting')).toBe('Hello from the MSW mock');
    expect(await page.textContent('#flags')).toContain('feature.beta: off');

    await page.fill('#greeting-input', 'Changed in the mock');
    await page.click('#set-greeting');
    await page.waitForFunction(() => document.querySelector('#greeting')?.textContent === 'Changed in the mock', null, { timeout: 5_000 });
    await page.click('text=Toggle feature.beta');
    await page.waitForFunction(() => document.querySelector('#flags')?.textContent?.includes('feature.beta: on'), null, { timeout: 5_000 });
    expect(pageErrors).toEqual([]);
  });
});
