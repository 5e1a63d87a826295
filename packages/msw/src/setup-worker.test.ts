import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';

/*
 * The same handlers under msw/browser's setupWorker, in a real headless Chromium: a page on a
 * loopback server starts MSW's service worker, then talks to the mock with the browser's own
 * fetch and WebSocket, on its own origin (a relative baseUrl), while its other files still
 * come from the real server.
 */

const CHROMIUM = '/usr/bin/chromium';
const inCi = process.env.CI === 'true';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && inCi) throw new Error(`Chromium is required under CI=true but ${CHROMIUM} is missing (install the Debian package \`chromium\`)`);
if (!hasChromium) console.warn(`[msw] ${CHROMIUM} not found: the setupWorker browser test is skipped (this would fail under CI=true)`);

const here = dirname(fileURLToPath(import.meta.url));

// Runs in the page: everything a front end would do against the mock.
const PAGE_SCRIPT = `
import { setupWorker } from 'msw/browser';
import { createConfigMock, DEFAULT_ADMIN_KEY } from './index';

const mock = createConfigMock({ baseUrl: '/', seed: [{ key: 'banner.text', value: 'hello', metadata: { team: 'web' } }] });
const worker = setupWorker(...mock.handlers);

window.scenario = async () => {
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass', serviceWorker: { url: '/mockServiceWorker.js' } });
  const admin = { 'x-api-key': DEFAULT_ADMIN_KEY };
  const read = await fetch('/api/v1/configs/banner.text', { headers: admin });
  const token = (await (await fetch('/api/v1/auth/token', { method: 'POST', headers: admin })).json()).access_token;
  const frames = [];
  const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + '/ws/v1/configs/updates?access_token=' + token);
  const frame = (type) => new Promise((resolve) => {
    const check = () => { const found = frames.find((f) => f.type === type); if (found) resolve(found); else setTimeout(check, 10); };
    check();
  });
  socket.addEventListener('message', (event) => frames.push(JSON.parse(event.data)));
  await frame('ready');
  const put = await fetch('/api/v1/configs/banner.text', {
    method: 'PUT',
    headers: { ...admin, 'content-type': 'application/json', 'if-match': '"1"' },
    body: '{"value":"hello again"}',
  });
  const change = await frame('change');
  const stale = await fetch('/api/v1/configs/banner.text', { method: 'PUT', headers: { ...admin, 'content-type': 'application/json', 'if-match': '"1"' }, body: '{"value":"x"}' });
  socket.close();
  return {
    read: { status: read.status, etag: read.headers.get('etag'), body: await read.json() },
    put: { status: put.status, body: await put.json() },
    stale: { status: stale.status, type: stale.headers.get('content-type'), body: await stale.json() },
    frames: frames.map((f) => f.type + ':' + f.revision),
    change,
    appFile: await (await fetch('/app-file.txt')).text(),
  };
};
window.pageReady = true;
`;

interface ScenarioResult {
  read: { status: number; etag: string | null; body: Record<string, unknown> };
  put: { status: number; body: Record<string, unknown> };
  stale: { status: number; type: string | null; body: Record<string, unknown> };
  frames: string[];
  change: Record<string, unknown>;
  appFile: string;
}

describe.skipIf(!hasChromium)('setupWorker in headless Chromium', () => {
  let server: Server;
  let origin: string;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: here, loader: 'ts', sourcefile: 'page.ts' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@config-service/source'],
      write: false,
      logLevel: 'silent',
    });
    const pageJs = bundle.outputFiles[0]!.text;
    const workerJs = readFileSync(createRequire(import.meta.url).resolve('msw/mockServiceWorker.js'), 'utf8');
    const files: Record<string, [string, string]> = {
      '/': ['text/html', '<!doctype html><html><head><meta charset="utf-8"></head><body><script type="module" src="/page.js"></script></body></html>'],
      '/page.js': ['text/javascript', pageJs],
      '/mockServiceWorker.js': ['text/javascript', workerJs],
      '/app-file.txt': ['text/plain', 'served by the real server'],
    };
    server = createServer((req, res) => {
      const file = files[req.url ?? ''];
      res.writeHead(file ? 200 : 404, { 'content-type': file?.[0] ?? 'text/plain' }).end(file?.[1] ?? 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'cs-msw-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('serves reads, conditional writes and the watch to the page, and leaves the app files alone', async () => {
    const page = await context.newPage();
    const log: string[] = [];
    page.on('console', (message) => log.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => log.push(`pageerror: ${error.message}`));
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => (globalThis as unknown as { pageReady?: boolean }).pageReady === true, undefined, { timeout: 20_000 });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const result = (await Promise.race([
      page.evaluate(() => (globalThis as unknown as { scenario: () => Promise<unknown> }).scenario()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the page did not finish within 20 s; its console:\n${log.join('\n')}`)), 20_000);
      }),
    ]).finally(() => clearTimeout(timer))) as ScenarioResult;

    expect(result.read).toEqual({
      status: 200,
      etag: '"1"',
      body: expect.objectContaining({ key: 'banner.text', value: 'hello', version: 1, revision: 1, metadata: { team: 'web' } }) as unknown,
    });
    expect(result.put).toEqual({ status: 200, body: expect.objectContaining({ value: 'hello again', version: 2, revision: 2 }) as unknown });
    expect(result.stale.status).toBe(412);
    expect(result.stale.type).toBe('application/problem+json');
    expect(result.stale.body).toMatchObject({ code: 'version_conflict', current_version: 2 });
    expect(result.frames).toEqual(['ready:1', 'change:2']);
    expect(result.change).toMatchObject({ type: 'change', action: 'updated', key: 'banner.text', value: 'hello again', version: 2, updated_by: 'admin' });
    expect(result.appFile).toBe('served by the real server');
  }, 60_000);
});
