/// <reference lib="dom" />
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { chromiumAvailable, launchChromium } from '../browser/chromium';
import { editorText, screenshotBothThemes, screenshotDir, seriousAxeViolations, typeIntoEditor } from './console-page';

const runs = chromiumAvailable();

/**
 * The web console in headless Chromium against a real server (the built server process, which
 * serves the built console): the whole flow a platform team goes through, one step after the
 * other in one page, as a person would. axe-core checks every page it passes.
 */
describe.skipIf(!runs)('the web console at /console/ (Chromium, real server)', () => {
  let target: RunningTarget;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let admin: HttpClient;
  let page: Page;
  let shots: string;
  const scratch = mkdtempSync(join(tmpdir(), 'cs-console-shots-'));
  const pageErrors: string[] = [];
  const axeFindings: Record<string, unknown[]> = {};

  /** axe in the light and in the dark theme: contrast differs between them. */
  async function checkAxe(name: string) {
    for (const scheme of ['dark', 'light'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const found = await seriousAxeViolations(page);
      if (found.length > 0) axeFindings[`${name} (${scheme})`] = found;
      expect(found, `axe on ${name} (${scheme})`).toEqual([]);
    }
  }

  async function signIn(key: string) {
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('identity').waitFor();
  }

  async function signOut() {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
  }

  async function go(hash: string) {
    // A hash change, not a reload: the session lives in the tab's memory only.
    await page.evaluate((h) => void (location.hash = h), hash);
  }

  beforeAll(async () => {
    target = await serverTargets()[0]!.start({ CONFIG_SERVICE_RATE_LIMIT_PER_MINUTE: '100000' });
    admin = new HttpClient(target.baseUrl, target.adminKey);
    await admin.put('/api/v1/configs/stripe.timeout_ms?namespace=payments', { value: 3000 });
    await admin.put('/api/v1/configs/stripe.api_key?namespace=payments', { value: 'sk_live_do_not_show', secret: true });
    await admin.put('/api/v1/configs/feature.flags?namespace=web', { value: { dark: true } });
    // A namespace bigger than a page: the table pages through it.
    await Promise.all(Array.from({ length: 120 }, (_, i) => admin.put(`/api/v1/configs/item.${String(i).padStart(3, '0')}?namespace=bulk`, { value: i })));
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) pageErrors.push(message.text());
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    // Every step here answers in well under a second; a missing element fails fast.
    page.setDefaultTimeout(10_000);
    shots = screenshotDir(scratch);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is served by the server itself: / redirects, strict CSP with no inline script, hashed assets cached for a year', async () => {
    const root = await fetch(`${target.baseUrl}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const index = await fetch(`${target.baseUrl}/console/`);
    expect(index.status).toBe(200);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toMatch(/-[A-Za-z0-9_-]{8}\.js$/);
    const script = await fetch(target.baseUrl + asset);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toContain('max-age=31536000');
    expect(script.headers.get('cache-control')).toContain('immutable');
    expect(index.headers.get('cache-control')).toBe('no-cache');
  });

  it('signs in with an API key, keeps no credential in localStorage, and lists namespaces with counts', async () => {
    await page.goto(`${target.baseUrl}/`);
    await page.getByLabel('API key').waitFor();
    expect(page.url()).toBe(`${target.baseUrl}/console/`);
    await checkAxe('sign-in');
    await screenshotBothThemes(page, shots, 'sign-in');

    // A wrong key: an error that says what to do, and still the sign-in form.
    await page.getByLabel('API key').fill('csk_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Sign out and sign in with a valid API key');

    await signIn(target.adminKey);
    expect(await page.getByTestId('identity').textContent()).toContain('admin');
    const row = page.locator('tr', { has: page.getByRole('link', { name: 'payments', exact: true }) });
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('2');
    await checkAxe('namespaces');
    await screenshotBothThemes(page, shots, 'namespaces');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(target.adminKey);
    expect(stored).not.toContain('eyJ'); // no JWT
  });

  it('pages through a large namespace (never all rows in the DOM) and filters by prefix', async () => {
    await page.getByRole('link', { name: 'bulk', exact: true }).click();
    await page.getByTestId('keys-table').waitFor();
    expect(await page.locator('[data-testid=keys-table] tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.locator('tr[data-key="item.050"]').waitFor();
    expect(await page.locator('[data-testid=keys-table] tbody tr').count()).toBe(50);
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.locator('tr[data-key="item.119"]').waitFor();
    expect(await page.locator('[data-testid=keys-table] tbody tr').count()).toBe(20);
    await page.getByLabel('Filter by key prefix').fill('item.11');
    await expect.poll(() => page.locator('[data-testid=keys-table] tbody tr').count()).toBe(10);
  });

  it('masks secrets until revealed; creates a key; marks JSON syntax errors; saves with If-Match', async () => {
    await go('#/ns/payments');
    const secretRow = page.locator('tr[data-key="stripe.api_key"]');
    await secretRow.waitFor();
    expect(await secretRow.textContent()).toContain('secret');
    expect(await page.content()).not.toContain('sk_live_do_not_show');
    // The table is live: a change made elsewhere shows in its row.
    await admin.put('/api/v1/configs/stripe.timeout_ms?namespace=payments', { value: 3100 });
    await expect.poll(() => page.locator('tr[data-key="stripe.timeout_ms"]').textContent(), { timeout: 2_000, interval: 20 }).toContain('3100');
    await checkAxe('keys');
    await screenshotBothThemes(page, shots, 'keys');
    await secretRow.getByRole('link').click();
    await page.getByRole('button', { name: 'Reveal value' }).click();
    await expect.poll(() => editorText(page)).toContain('sk_live_do_not_show');

    await go('#/ns/payments');
    await page.getByRole('button', { name: 'New key' }).click();
    await page.getByLabel('Key', { exact: true }).fill('checkout.retries');
    await typeIntoEditor(page, '{"max": 3, "backoff_ms": 200}');
    // The new key's page looks its schema up (it has none): answered before the check below.
    const schemaLookup = page.waitForResponse((response) => response.url().includes('/api/v1/configs/checkout.retries/schema'));
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => page.getByTestId('entry-version').textContent()).toBe('1');
    expect((await admin.get('/api/v1/configs/checkout.retries?namespace=payments')).json.value).toEqual({ max: 3, backoff_ms: 200 });

    await typeIntoEditor(page, '{"max": 5, "backoff_ms": }');
    await page.getByText(/Not valid JSON/).waitFor();
    await page.locator('.cm-lintRange-error, .cm-lint-marker-error').first().waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await typeIntoEditor(page, '{"max": 5, "backoff_ms": 200}');
    await page.keyboard.press('ControlOrMeta+s');
    await page.getByText('Saved as version 2.').waitFor();
    // A key without a schema: edited as JSON only, as before schemas.
    expect((await schemaLookup).status()).toBe(404);
    expect(await page.getByTestId('schema-note').count()).toBe(0);
    await checkAxe('editor');
    await screenshotBothThemes(page, shots, 'editor');
  });

  it('on a conflict from a second writer: warns while editing, shows the diff on save, and merges', async () => {
    await typeIntoEditor(page, '{"max": 6, "backoff_ms": 200}');
    const outside = await admin.put('/api/v1/configs/checkout.retries?namespace=payments', { value: { max: 5, backoff_ms: 400 } });
    expect(outside.status).toBe(200);
    // The watch brings the change; the unsaved edit is kept and the user is told.
    await page.getByTestId('changed-elsewhere').waitFor({ timeout: 5_000 });
    expect(await editorText(page)).toContain('"max": 6');
    await page.getByRole('button', { name: 'Save' }).click();
    const conflict = page.getByTestId('conflict');
    await conflict.waitFor();
    await expect.poll(() => conflict.getByTestId('json-diff').first().textContent()).toContain('400');
    await checkAxe('conflict');
    await screenshotBothThemes(page, shots, 'conflict');
    await conflict.getByRole('button', { name: 'Merge: apply my edits to theirs' }).click();
    await expect.poll(() => editorText(page)).toMatch(/"max": 6[\s\S]*"backoff_ms": 400/);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved as version 4.').waitFor();
    expect((await admin.get('/api/v1/configs/checkout.retries?namespace=payments')).json.value).toEqual({ max: 6, backoff_ms: 400 });
  });

  it('shows a value changed elsewhere within 1 s', async () => {
    const started = performance.now();
    await admin.put('/api/v1/configs/checkout.retries?namespace=payments', { value: { max: 7, backoff_ms: 400 } });
    await page.waitForFunction(() => document.querySelector('[data-testid=entry-version]')?.textContent === '5', null, { timeout: 5_000, polling: 'raf' });
    await expect.poll(() => editorText(page), { timeout: 2_000, interval: 20 }).toContain('"max": 7');
    const elapsed = Math.round(performance.now() - started);
    console.log(`[console] outside PUT → new value on screen: ${elapsed} ms`);
    expect(elapsed).toBeLessThan(1_000);
  });

  it('diffs any two versions in the history and rolls back after a preview', async () => {
    await page.getByRole('link', { name: 'History' }).click();
    await page.locator('[data-testid=history-table] tr[data-version="5"]').waitFor();
    expect(await page.locator('[data-testid=history-table] tbody tr').count()).toBe(5);
    await page.getByRole('radio', { name: 'from version 1' }).check();
    await page.getByRole('radio', { name: 'to version 4' }).check();
    await page.getByRole('heading', { name: 'Version 1 → version 4' }).waitFor();
    const diff = await page.getByTestId('json-diff').textContent();
    expect(diff).toContain('3');
    expect(diff).toContain('6');
    await checkAxe('history');
    await screenshotBothThemes(page, shots, 'history');

    await page.locator('tr[data-version="2"]').getByRole('button', { name: 'Roll back to v2…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('json-diff').waitFor();
    expect(await dialog.textContent()).toContain('This makes version 6 with the value of version 2');
    await checkAxe('rollback-preview');
    await dialog.getByRole('button', { name: 'Roll back to v2' }).click();
    await page.getByText('Rolled back: version 6 has the value of version 2.').waitFor();
    const entry = (await admin.get('/api/v1/configs/checkout.retries?namespace=payments')).json;
    expect(entry.version).toBe(6);
    expect(entry.value).toEqual({ max: 5, backoff_ms: 200 });
  });

  let readerKey = '';
  it('creates an API key, shown once with a copy button, listed with its last use', async () => {
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByLabel('Name', { exact: true }).fill('ci-reader');
    await page.getByLabel('Role').selectOption('reader');
    await page.getByLabel('Namespaces', { exact: true }).fill('payments');
    await page.getByRole('button', { name: 'Create key' }).click();
    readerKey = (await page.getByTestId('new-key-value').textContent()) ?? '';
    expect(readerKey.length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy' }).waitFor();
    await page.locator('tr[data-key-name="ci-reader"]').waitFor();
    await checkAxe('api-keys');
    await screenshotBothThemes(page, shots, 'api-keys');
  });

  it('filters the audit log by action and entity', async () => {
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByTestId('audit-table').waitFor();
    await page.getByLabel('Entity', { exact: true }).selectOption('config');
    await page.getByLabel('Entity id').fill('payments/checkout.retries');
    await page.getByLabel('Action').selectOption('rolled_back');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('[data-testid=audit-table] tbody tr').count()).toBe(1);
    expect(await page.locator('[data-testid=audit-table] tbody tr').first().getAttribute('data-action')).toBe('rolled_back');
    await page.getByLabel('Action').selectOption('updated');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // created (v1) is not an update; v2, v3 (outside), v4 (merge), v5 (outside) are.
    await expect.poll(() => page.locator('[data-testid=audit-table] tbody tr').count()).toBe(4);
    await checkAxe('audit');
    await screenshotBothThemes(page, shots, 'audit');
    // By user and by time: nobody by that name, and nothing after tomorrow.
    await page.getByLabel('Action').selectOption('');
    await page.getByLabel('User').fill('admin');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('[data-testid=audit-table] tbody tr').count()).toBe(6);
    await page.getByLabel('User').fill('somebody-else');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No audit rows match these filters').waitFor();
    await page.getByLabel('User').fill('admin');
    await page.getByLabel('Since').fill(new Date(Date.now() + 86_400_000).toISOString().slice(0, 16));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('No audit rows match these filters').waitFor();
    await checkAxe('audit-empty');
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByTestId('audit-table').waitFor();
    // One token exchange for the whole session: the live client of every namespace opened so far
    // borrows the session's token rather than trading the key again.
    await page.getByLabel('Entity', { exact: true }).selectOption('apikey');
    await page.getByLabel('Action').selectOption('token_issued');
    await page.getByLabel('User').fill('admin');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('[data-testid=audit-table] tbody tr').count()).toBe(1);
  });

  it('shows a reader no edit controls and no admin pages', async () => {
    await signOut();
    await signIn(readerKey);
    expect(await page.getByTestId('identity').textContent()).toContain('reader');
    expect(await page.getByRole('link', { name: 'API keys' }).count()).toBe(0);
    await page.getByRole('link', { name: 'payments', exact: true }).click();
    await page.getByTestId('keys-table').waitFor();
    expect(await page.getByRole('button', { name: 'New key' }).count()).toBe(0);
    await page.getByRole('link', { name: 'checkout.retries' }).click();
    await page.locator('.cm-content').waitFor();
    expect(await page.locator('.cm-content').getAttribute('contenteditable')).toBe('false');
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Delete/ }).count()).toBe(0);
    await checkAxe('reader-entry');
    await page.getByRole('link', { name: 'History' }).click();
    await page.getByTestId('history-table').waitFor();
    expect(await page.getByRole('button', { name: /Roll back/ }).count()).toBe(0);
  });

  it('revokes the key: from then on the server refuses it', async () => {
    await signOut();
    await signIn(target.adminKey);
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('button', { name: 'Revoke ci-reader' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.locator('tr[data-key-name="ci-reader"]').waitFor({ state: 'detached' });
    expect((await admin.withKey(readerKey).get('/api/v1/namespaces')).status).toBe(401);
  });

  it('with a key\'s JSON Schema: completes its fields, marks a breaking value at the field and refuses to save it without a request', async () => {
    const schema = {
      type: 'object',
      properties: { size: { type: 'integer', minimum: 1 }, mode: { enum: ['fast', 'safe'] }, timeout_ms: { type: 'integer' } },
      required: ['size'],
      additionalProperties: false,
    };
    expect((await admin.put('/api/v1/configs/checkout.pool?namespace=payments', { value: { size: 4, mode: 'fast' } })).status).toBe(201);
    expect((await admin.put('/api/v1/configs/checkout.pool/schema?namespace=payments', schema)).status).toBe(201);
    const writes: string[] = [];
    const recordWrite = (request: { method(): string; url(): string }) => {
      if (request.method() !== 'GET' && request.url().includes('/api/v1/configs/checkout.pool')) writes.push(`${request.method()} ${request.url()}`);
    };
    page.on('request', recordWrite);
    try {
      await go('#/ns/payments/checkout.pool');
      await page.getByTestId('schema-note').waitFor();
      await expect.poll(() => editorText(page)).toContain('"size": 4');

      // Completion offers the schema's property names.
      await typeIntoEditor(page, '{"size": 4, }');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.type('"');
      await page.keyboard.press('Control+Space');
      const options = page.locator('.cm-tooltip-autocomplete li');
      await expect.poll(() => options.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('timeout_ms'), expect.stringContaining('mode')]));
      await page.keyboard.press('Escape');

      // A value that breaks the schema: marked at the field, listed, and Save refused.
      await typeIntoEditor(page, '{"size": "four", "mode": "fast", "colour": "red"}');
      await page.keyboard.press('Escape'); // an open completion list would cover the marks
      const marked = page.locator('.cm-lintRange-error');
      await expect.poll(() => marked.allTextContents()).toEqual(expect.arrayContaining(['"four"', '"colour"']));
      await marked.filter({ hasText: '"four"' }).hover();
      await expect.poll(() => page.locator('.cm-tooltip-lint .cm-diagnostic').allTextContents()).toEqual([expect.stringMatching(/\/size: .*integer/)]);
      expect(await page.getByTestId('schema-issues').textContent()).toMatch(/\/size: .*integer.*\/colour: Not allowed/);
      expect(await page.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
      await checkAxe('editor-schema');
      await page.locator('.cm-content').click();
      await page.keyboard.press('ControlOrMeta+s');
      await expect.poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining("Not saved: the value does not match this key's schema (/size:"));
      const unchanged = (await admin.get('/api/v1/configs/checkout.pool?namespace=payments')).json;
      expect([unchanged.version, unchanged.value]).toEqual([1, { size: 4, mode: 'fast' }]);
      expect(writes).toEqual([]);

      // A valid value saves.
      await typeIntoEditor(page, '{"size": 8, "mode": "safe"}');
      await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBe(0);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Saved as version 2.').waitFor();
      expect((await admin.get('/api/v1/configs/checkout.pool?namespace=payments')).json.value).toEqual({ size: 8, mode: 'safe' });
      expect(writes).toHaveLength(1);

      // The schema changes on the server after the page read it: the server's refusal names the
      // field, and the page reads the schema again, so the field is marked from then on.
      expect((await admin.put('/api/v1/configs/checkout.pool/schema?namespace=payments', { ...schema, properties: { ...schema.properties, size: { type: 'integer', maximum: 8 } } })).status).toBe(200);
      await typeIntoEditor(page, '{"size": 9, "mode": "safe"}');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringMatching(/The server refused the value: it does not match this key's schema \(\/size: .*8/));
      await expect.poll(() => marked.allTextContents()).toEqual(['9']);
      expect((await admin.get('/api/v1/configs/checkout.pool?namespace=payments')).json.version).toBe(2);

      // A schema made before its key: a new key with that name is checked as it is typed.
      expect((await admin.put('/api/v1/configs/checkout.queue/schema?namespace=payments', schema)).status).toBe(201);
      await go('#/ns/payments');
      await page.getByRole('button', { name: 'New key' }).click();
      await page.getByLabel('Key', { exact: true }).fill('checkout.queue');
      await page.getByTestId('schema-note').waitFor();
      await typeIntoEditor(page, '{"mode": "fast"}');
      await expect.poll(() => page.getByTestId('schema-issues').textContent()).toContain('"size"');
      await page.locator('.cm-lintRange-error').first().waitFor();
      expect(await page.getByRole('button', { name: 'Create key' }).isDisabled()).toBe(true);
      await typeIntoEditor(page, '{"size": 2}');
      await expect.poll(() => page.getByRole('button', { name: 'Create key' }).isDisabled()).toBe(false);
      await page.getByRole('button', { name: 'Create key' }).click();
      await expect.poll(() => page.getByTestId('entry-version').textContent()).toBe('1');
      expect((await admin.get('/api/v1/configs/checkout.queue?namespace=payments')).json.value).toEqual({ size: 2 });
    } finally {
      page.off('request', recordWrite);
    }
  });

  it('deletes a key after confirmation', async () => {
    await go('#/ns/payments/checkout.retries');
    await page.getByRole('button', { name: 'Delete key…' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.locator('tr[data-key="stripe.timeout_ms"]').waitFor();
    expect((await admin.get('/api/v1/configs/checkout.retries?namespace=payments')).status).toBe(404);
    expect(pageErrors).toEqual([]);
    expect(axeFindings).toEqual({});
    // The page the user lands on after the redirect is the one built into the server.
    expect(readFileSync(new URL('../../../../apps/server/dist/console/index.html', import.meta.url), 'utf8')).toContain('/console/assets/');
  });
});
