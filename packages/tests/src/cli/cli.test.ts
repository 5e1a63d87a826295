import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { SERVER_ENTRY, startServerProcess, type ServerProcess } from '../harness/server-process';
import { runCli } from './run-cli';

/*
 * The `config-service` command line against real servers: export → import into an empty
 * server, dry runs that change nothing, promote's diff, exit codes, and backup/restore of the
 * embedded SQLite database while writers run.
 */

const ADMIN_KEY = `csk_cli-admin-${randomBytes(10).toString('hex')}`;
const env = { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY };
const scratch = mkdtempSync(join(tmpdir(), 'cs-cli-'));

describe('config-service CLI', { timeout: 180_000 }, () => {
  let source: ServerProcess;
  let target: ServerProcess;
  let admin: HttpClient;
  const cli = (server: ServerProcess, ...args: string[]) => runCli(args, { CONFIG_SERVICE_URL: server.baseUrl, CONFIG_SERVICE_API_KEY: ADMIN_KEY });
  const revisionOf = async (client: HttpClient) => (await client.get('/api/v1/configs/namespace/default')).json.revision as number;

  beforeAll(async () => {
    [source, target] = await Promise.all([startServerProcess({ env }), startServerProcess({ env })]);
    admin = new HttpClient(source.baseUrl, ADMIN_KEY);
    // A few versions each, so the target's fresh version 1 differs from the source's.
    for (const value of [1000, 2000, 3000]) await admin.put('/api/v1/configs/stripe.timeout_ms?namespace=payments', { value });
    await admin.put('/api/v1/configs/huge?namespace=payments', '{"value":12345678901234567890}');
    await admin.put('/api/v1/configs/db.password?namespace=payments', { value: 'pa55-w0rd', secret: true, metadata: { owner: 'ops' } });
    await admin.put('/api/v1/configs/limits?namespace=search', { value: { max: 10, tags: ['a', 'b'], nested: { on: true, none: null } }, metadata: { team: 'search' } });
    await admin.put('/api/v1/configs/banner?namespace=search', { value: 'héllo ✓' });
  });
  afterAll(async () => {
    await Promise.all([source?.stop(), target?.stop()]);
  });

  for (const format of ['json', 'yaml'] as const) {
    it(`export (${format}) → import into an empty server gives identical values, versions starting at 1`, async () => {
      const file = join(scratch, `export-${format}.${format}`);
      const exported = await cli(source, 'export', '--include-secrets', '-n', 'payments', 'search', '-f', file);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toContain('exported 5 entries of 2 namespaces');

      const fresh = await startServerProcess({ env });
      try {
        const imported = await cli(fresh, 'import', file);
        expect(imported.code, imported.stderr).toBe(0);
        expect(imported.stdout).toContain('applied 5 changes');
        const freshAdmin = new HttpClient(fresh.baseUrl, ADMIN_KEY);
        for (const namespace of ['payments', 'search']) {
          const before = (await admin.get(`/api/v1/configs/namespace/${namespace}`)).text;
          const after = (await freshAdmin.get(`/api/v1/configs/namespace/${namespace}`)).text;
          const shape = (text: string) =>
            (JSON.parse(text.replace(/12345678901234567890/g, '"12345678901234567890"')).items as Record<string, unknown>[]).map(({ key, value, secret, metadata, version }) => ({ key, value, secret, metadata, version }));
          expect(shape(after)).toEqual(shape(before).map((entry) => ({ ...entry, version: 1 })));
        }
        // Every digit of the big number came through, in both formats.
        expect((await freshAdmin.get('/api/v1/configs/huge?namespace=payments')).text).toContain('"value":12345678901234567890');
        // A second import finds nothing to do.
        const again = await cli(fresh, 'import', file);
        expect(again.stdout).toContain('no changes');
        expect(again.stdout).toContain('nothing to change');
      } finally {
        await fresh.stop();
      }
    });
  }

  it("runs the README's CLI example as written", async () => {
    const readme = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../../README.md'), 'utf8');
    const example = /<!-- cli-example[^>]*-->\n```sh\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'cs-readme-'));
    writeFileSync(join(dir, 'config-service'), `#!/bin/sh\nexec "${process.execPath}" "${SERVER_ENTRY}" "$@"\n`);
    chmodSync(join(dir, 'config-service'), 0o755);
    const fresh = await startServerProcess({ env });
    try {
      const run = spawnSync('bash', ['-euo', 'pipefail', '-c', example!], {
        cwd: dir,
        encoding: 'utf8',
        timeout: 120_000,
        env: { PATH: `${dir}:${process.env.PATH}`, CONFIG_SERVICE_URL: fresh.baseUrl, CONFIG_SERVICE_API_KEY: ADMIN_KEY },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain('  + stripe.timeout_ms = 3000');
      expect(run.stdout).toContain('applied 2 changes');
      expect(readFileSync(join(dir, 'production.yaml'), 'utf8')).toContain('stripe.timeout_ms:\n      value: 3000');
      expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ namespace: 'production', key: 'stripe.timeout_ms', value: 3000, version: 1 });
    } finally {
      await fresh.stop();
    }
  });

  it('exports a secret without its value unless asked, and never prints secret values in a plan', async () => {
    const exported = await cli(source, 'export', '-n', 'payments');
    expect(exported.code).toBe(0);
    expect(exported.stdout).not.toContain('pa55-w0rd');
    expect(JSON.parse(exported.stdout).namespaces.payments['db.password']).toEqual({ secret: true, metadata: { owner: 'ops' } });
    const plan = await cli(target, 'promote', '--from', 'payments', '--to', 'payments-copy', '--dry-run');
    const asJson = await cli(target, '-o', 'json', 'promote', '--from', 'payments', '--to', 'payments-copy', '--dry-run');
    expect(plan.stdout + asJson.stdout).not.toContain('pa55-w0rd');
  });

  it('import --dry-run shows a readable diff and changes nothing; --prune deletes what the file lacks', async () => {
    const file = join(scratch, 'wanted.json');
    await cli(target, 'set', 'keep', '1', '-n', 'dry');
    await cli(target, 'set', 'change', '"old"', '-n', 'dry');
    await cli(target, 'set', 'extra', 'true', '-n', 'dry');
    writeFileSync(file, JSON.stringify({ format: 'config-service/v1', namespaces: { dry: { keep: { value: 1 }, change: { value: 'new' }, added: { value: [1, 2] } } } }));
    const targetAdmin = new HttpClient(target.baseUrl, ADMIN_KEY);
    const before = await revisionOf(targetAdmin);

    const dry = await cli(target, 'import', file, '--dry-run', '--prune');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe(
      ['dry:', '  + added = [1,2]', '  ~ change: "old" → "new" (version 1)', '  - extra (was true, version 1)', '  1 to create, 1 to update, 1 to delete, 1 unchanged', 'dry run: nothing was changed', ''].join('\n'),
    );
    expect(await revisionOf(targetAdmin)).toBe(before);

    const json = await cli(target, '-o', 'json', 'import', file, '--dry-run');
    expect(JSON.parse(json.stdout)).toMatchObject({ dry_run: true, applied: 0, namespaces: [{ namespace: 'dry', unchanged: 1, changes: [{ kind: 'create', key: 'added' }, { kind: 'update', key: 'change', version: 1 }] }] });
    expect(await revisionOf(targetAdmin)).toBe(before);

    const applied = await cli(target, 'import', file, '--prune');
    expect(applied.code, applied.stderr).toBe(0);
    expect((await targetAdmin.get('/api/v1/configs/namespace/dry')).json.items.map((item: { key: string; value: unknown }) => [item.key, item.value])).toEqual([
      ['added', [1, 2]],
      ['change', 'new'],
      ['keep', 1],
    ]);
  });

  it('promote shows the diff between environments, applies it, and a dry run changes nothing', async () => {
    await cli(target, 'set', 'timeout', '3000', '-n', 'staging');
    await cli(target, 'set', 'feature', 'true', '-n', 'staging');
    await cli(target, 'set', 'timeout', '1000', '-n', 'production');
    await cli(target, 'set', 'legacy', '"x"', '-n', 'production');
    const targetAdmin = new HttpClient(target.baseUrl, ADMIN_KEY);
    const before = await revisionOf(targetAdmin);
    const dry = await cli(target, 'promote', '--from', 'staging', '--to', 'production', '--prune', '--dry-run');
    expect(dry.stdout).toBe(
      ['production:', '  + feature = true', '  ~ timeout: 1000 → 3000 (version 1)', '  - legacy (was "x", version 1)', '  1 to create, 1 to update, 1 to delete, 0 unchanged', 'dry run: nothing was changed', ''].join('\n'),
    );
    expect(await revisionOf(targetAdmin)).toBe(before);
    const done = await cli(target, 'promote', '--from', 'staging', '--to', 'production');
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain('applied 2 changes');
    expect((await targetAdmin.get('/api/v1/configs/timeout?namespace=production')).json).toMatchObject({ value: 3000, version: 2 });
    expect((await targetAdmin.get('/api/v1/configs/legacy?namespace=production')).status).toBe(200);
  });

  it('set --if-version refuses to overwrite a newer version (exit 4) and says what to do', async () => {
    const targetAdmin = new HttpClient(target.baseUrl, ADMIN_KEY);
    await cli(target, 'set', 'raced', '1', '-n', 'race');
    await cli(target, 'set', 'raced', '2', '-n', 'race');
    const stale = await cli(target, 'set', 'raced', '5', '-n', 'race', '--if-version', '1');
    expect(stale.code).toBe(4);
    expect(stale.stderr).toContain('run the command again');
    expect((await targetAdmin.get('/api/v1/configs/raced?namespace=race')).json.value).toBe(2);
  });

  it('get, set, history, rollback, delete, keys; documented exit codes; errors say what to do', { timeout: 180_000 }, async () => {
    expect((await cli(target, 'set', 'k', '{"a":1}', '-n', 'one')).code).toBe(0);
    expect((await cli(target, 'set', 'k', '42', '-n', 'one', '--string')).code).toBe(0);
    expect((await cli(target, 'get', 'k', '-n', 'one')).stdout).toBe('"42"\n');
    const history = await cli(target, '-o', 'json', 'history', 'k', '-n', 'one');
    expect(JSON.parse(history.stdout).items.map((item: { version: number }) => item.version)).toEqual([2, 1]);
    const rolled = await cli(target, '-o', 'json', 'rollback', 'k', '1', '-n', 'one');
    expect(JSON.parse(rolled.stdout)).toMatchObject({ value: { a: 1 }, version: 3 });
    expect((await cli(target, 'delete', 'k', '-n', 'one')).code).toBe(0);
    const missing = await cli(target, 'get', 'k', '-n', 'one');
    expect(missing.code).toBe(3);

    const created = await cli(target, '-o', 'json', 'keys', 'create', 'ci-reader', '--role', 'reader', '-n', 'one');
    expect(created.code, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout) as { id: string; key: string };
    const listed = await cli(target, 'keys', 'list');
    expect(listed.stdout).toContain('ci-reader');
    expect(listed.stdout).not.toContain(key.key);
    const asReader = await runCli(['set', 'x', '1', '-n', 'one'], { CONFIG_SERVICE_URL: target.baseUrl, CONFIG_SERVICE_API_KEY: key.key });
    expect(asReader.code).toBe(5);
    expect((await cli(target, 'keys', 'revoke', key.id)).code).toBe(0);
    const revoked = await runCli(['get', 'x', '-n', 'one'], { CONFIG_SERVICE_URL: target.baseUrl, CONFIG_SERVICE_API_KEY: key.key });
    expect(revoked.code).toBe(5);
    expect(revoked.stderr).toContain('--api-key');

    const down = await runCli(['get', 'x'], { CONFIG_SERVICE_URL: 'http://127.0.0.1:9', CONFIG_SERVICE_API_KEY: ADMIN_KEY });
    expect(down.code).toBe(6);
    expect(down.stderr).toContain('config-service serve');
    const noKey = await runCli(['get', 'x'], { CONFIG_SERVICE_URL: target.baseUrl });
    expect(noKey.code).toBe(5);
    const badFile = join(scratch, 'bad.json');
    writeFileSync(badFile, '{"namespaces":{}}');
    const bad = await cli(target, 'import', badFile);
    expect(bad.code).toBe(7);
    expect(bad.stderr).toContain('"format" must be');
    const usage = await cli(target, 'promote', '--from', 'a');
    expect(usage.code).toBe(2);
    const jsonError = await cli(target, '-o', 'json', 'get', 'nope');
    expect(JSON.parse(jsonError.stderr)).toMatchObject({ code: 'not_found', exit_code: 3 });
  });

  it('watch prints each change as a JSON line', async () => {
    const { spawn } = await import('node:child_process');
    const { SERVER_ENTRY } = await import('../harness/server-process');
    const child = spawn(process.execPath, [SERVER_ENTRY, '-o', 'json', 'watch', '-n', 'watched'], {
      env: { PATH: process.env.PATH, CONFIG_SERVICE_URL: target.baseUrl, CONFIG_SERVICE_API_KEY: ADMIN_KEY },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const until = async (what: () => boolean) => {
      for (let i = 0; i < 200 && !what(); i++) await new Promise((done) => setTimeout(done, 50));
    };
    await until(() => err.includes('watching'));
    await cli(target, 'set', 'w', '1', '-n', 'watched');
    await cli(target, 'delete', 'w', '-n', 'watched');
    await until(() => out.split('\n').filter(Boolean).length >= 2);
    child.kill('SIGINT');
    const lines = out.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(lines).toMatchObject([
      { namespace: 'watched', key: 'w', action: 'created', version: 1, value: 1 },
      { namespace: 'watched', key: 'w', action: 'deleted', version: 2, value: null },
    ]);
  });

  it('backup while writers run restores to a consistent state', { timeout: 180_000 }, async () => {
    const server = await startServerProcess({ env });
    const client = new HttpClient(server.baseUrl, ADMIN_KEY);
    const acked: { key: string; value: number; at: number }[] = [];
    let writing = true;
    const writers = [0, 1, 2].map(async (writer) => {
      for (let value = 1; writing; value++) {
        const res = await client.put(`/api/v1/configs/w${writer}?namespace=backup`, { value });
        expect(res.status).toBeLessThan(300);
        acked.push({ key: `w${writer}`, value, at: Date.now() });
      }
    });
    const file = join(scratch, `backup-${randomBytes(4).toString('hex')}.db`);
    let backupStarted = 0;
    let backupEnded = 0;
    try {
      while (acked.length < 30) await new Promise((done) => setTimeout(done, 50));
      backupStarted = Date.now();
      const backup = await runCli(['backup', file], { CONFIG_SERVICE_DATA_DIR: server.dataDir });
      backupEnded = Date.now();
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/^backed up 3 entries \(revision \d+\) to /);
      while (acked.filter((ack) => ack.at > backupEnded).length < 10) await new Promise((done) => setTimeout(done, 50));
    } finally {
      writing = false;
      await Promise.all(writers);
      await server.stop();
    }
    expect((await runCli(['backup', file], { CONFIG_SERVICE_DATA_DIR: server.dataDir })).code).toBe(4);

    const restoredDir = mkdtempSync(join(tmpdir(), 'cs-restored-'));
    const restore = await runCli(['restore', file], { CONFIG_SERVICE_DATA_DIR: restoredDir });
    expect(restore.code, restore.stderr).toBe(0);
    // A second restore onto a database needs --force.
    const again = await runCli(['restore', file], { CONFIG_SERVICE_DATA_DIR: restoredDir });
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('--force');

    const restored = await startServerProcess({ env, dataDir: restoredDir });
    try {
      const admin2 = new HttpClient(restored.baseUrl, ADMIN_KEY);
      const listing = (await admin2.get('/api/v1/configs/namespace/backup')).json;
      const revisions: number[] = [];
      for (const entry of listing.items as { key: string; value: number; version: number; revision: number }[]) {
        const history = (await admin2.get(`/api/v1/configs/${entry.key}/history?namespace=backup&limit=1000`)).json.items as { version: number; value: number; revision: number }[];
        // The entry is its history's newest item; versions have no holes; values went 1, 2, 3, … in order.
        expect(history[0]).toMatchObject({ version: entry.version, value: entry.value, revision: entry.revision });
        expect(history.map((item) => item.version)).toEqual(Array.from({ length: entry.version }, (_, i) => entry.version - i));
        expect(history.map((item) => item.value)).toEqual(Array.from({ length: entry.version }, (_, i) => entry.version - i));
        revisions.push(...history.map((item) => item.revision));
        // Every write acknowledged before the backup began is in it; nothing acknowledged after it ended.
        const before = acked.filter((ack) => ack.key === entry.key && ack.at < backupStarted).map((ack) => ack.value);
        const after = acked.filter((ack) => ack.key === entry.key && ack.at > backupEnded).map((ack) => ack.value);
        expect(entry.value).toBeGreaterThanOrEqual(Math.max(0, ...before));
        expect(entry.value).toBeLessThan(Math.min(...after));
      }
      expect(listing.items).toHaveLength(3);
      // One commit's snapshot: the revisions are exactly 1..R, and the listing's revision is R.
      revisions.sort((a, b) => a - b);
      expect(revisions).toEqual(Array.from({ length: revisions.length }, (_, i) => i + 1));
      expect(listing.revision).toBe(revisions.at(-1));
      // And the restored server takes writes.
      expect((await admin2.put('/api/v1/configs/w0?namespace=backup', { value: -1 })).json.revision).toBe(revisions.at(-1)! + 1);
    } finally {
      await restored.stop();
    }
  });
});
