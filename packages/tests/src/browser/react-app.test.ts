/// <reference lib="dom" />
// The functions given to page.waitForFunction run in the page, where `document` exists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../harness/free-port';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { chromiumAvailable, launchChromium } from './chromium';
import { startExampleDevServer, type ViteDevServer } from './vite-dev-server';

const runs = chromiumAvailable();

describe.skipIf(!runs)('examples/react-app in headless Chromium against a real server', () => {
  let target: RunningTarget;
  let vite: ViteDevServer;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    // The page and the service are different origins, as in production: CORS lets the page in.
    const vitePort = await freePort();
    target = await serverTargets()[0]!.start({ CONFIG_SERVICE_CORS_ORIGINS: `http://127.0.0.1:${vitePort}` });
    vite = await startExampleDevServer('react-app', vitePort);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await vite?.stop();
    await target?.stop();
  });

  it('shows the value, each new value within 1 s of the PUT, and after a reload with the server down the localStorage snapshot', async () => {
    const admin = new HttpClient(target.baseUrl, target.adminKey);
    await admin.put('/api/v1/configs/greeting?namespace=web', { value: 'Hello from the server' });
    await admin.put('/api/v1/configs/feature.dark?namespace=web', { value: true });
    // The page gets a reader key limited to its namespace; the SDK trades it for access tokens.
    const reader = (await admin.post('/api/v1/apikeys', { name: 'web-page', roles: ['reader'], namespaces: ['web'] })).json.key as string;

    const page = await browser.context.newPage();
    const pageErrors: string[] = [];
    const consoleLines: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    await page.goto(`${vite.url}/?baseUrl=${encodeURIComponent(target.baseUrl)}&apiKey=${encodeURIComponent(reader)}`);
    await page
      .waitForFunction(() => document.querySelector('#status')?.textContent === 'ready', null, { timeout: 30_000 })
      .catch((error: Error) => {
        throw new Error(`${error.message}\npage console:\n${consoleLines.join('\n')}\npage errors: ${pageErrors.join('\n')}`);
      });
    expect(await page.textContent('#greeting')).toBe('Hello from the server');
    expect(await page.textContent('#flags')).toContain('feature.dark: on');

    const latencies: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const value = `Greeting #${i}`;
      const started = performance.now();
      const put = admin.put('/api/v1/configs/greeting?namespace=web', { value });
      await page.waitForFunction((expected) => document.querySelector('#greeting')?.textContent === expected, value, { timeout: 5_000, polling: 'raf' });
      latencies.push(Math.round(performance.now() - started));
      expect((await put).status).toBe(200);
    }
    console.log(`[react-app] PUT → new value on screen (ms): ${latencies.join(', ')}`);
    expect(Math.max(...latencies)).toBeLessThan(1_000);
    expect(pageErrors).toEqual([]);

    // The localStorage snapshot: with the server gone, a reload still shows the last values.
    await page.waitForFunction(() => (localStorage.getItem('config-service-example:web') ?? '').includes('Greeting #5'), null, { timeout: 5_000 });
    await target.stop();
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === 'stale', null, { timeout: 10_000 });
    expect(await page.textContent('#greeting')).toBe('Greeting #5');
    expect(await page.textContent('#flags')).toContain('feature.dark: on');
  });
});
