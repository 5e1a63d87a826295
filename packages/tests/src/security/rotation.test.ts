import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { serverTargets } from '../harness/targets';
import { HttpClient } from '../harness/http-client';
import { SERVER_ENTRY, startServerProcess } from '../harness/server-process';
import { queryRows } from '../harness/raw-database';

const OLD_KEY = randomBytes(32).toString('base64');
const NEW_KEY = randomBytes(32).toString('base64');
const COUNT = 1000;

/** Runs `config-service secrets rotate`; with `killAtRows`, SIGKILLs it once it reports that many rows done. */
function rotate(env: Record<string, string | undefined>, killAtRows?: number): Promise<{ code: number | null; signal: string | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVER_ENTRY, 'secrets', 'rotate', '--batch-size', '10', '--pause-ms', killAtRows ? '15' : '0'], {
      env: { PATH: process.env.PATH, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const done = [...output.matchAll(/rotating configurations \[[^\]]*\] (\d+)\/(\d+)/g)].map((m) => Number(m[1]));
      if (killAtRows !== undefined && done.some((n) => n >= killAtRows)) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => resolve({ code, signal, output }));
  });
}

describe.each(serverTargets())('secret key rotation on $name', (target) => {
  // Writes 1,000 entries and runs the command twice: minutes on a busy two-core machine.
  it.skipIf(!target.available)('re-encrypts 1,000 secrets, survives SIGKILL halfway, and loses nothing', { timeout: 240_000 }, async () => {
    const running = await target.start({ CONFIG_SERVICE_ENCRYPTION_KEY: OLD_KEY });
    const admin = new HttpClient(running.baseUrl, running.adminKey);
    const db = { databaseUrl: running.databaseUrl, dataDir: running.server.dataDir };
    const expected = new Map<string, string>();
    for (let start = 0; start < COUNT; start += 50) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const key = `s${String(start + i).padStart(4, '0')}`;
          const value = `secret-${key}-${randomBytes(6).toString('hex')}`;
          expected.set(key, value);
          const res = await admin.put(`/api/v1/configs/${key}?namespace=vault`, { value, secret: true });
          expect(res.status).toBe(201);
        }),
      );
    }
    await running.server.stop();

    const env = {
      CONFIG_SERVICE_DATA_DIR: running.server.dataDir,
      DATABASE_URL: running.databaseUrl,
      CONFIG_SERVICE_ENCRYPTION_KEY: NEW_KEY,
      CONFIG_SERVICE_ENCRYPTION_KEY_PREVIOUS: OLD_KEY,
    };
    const kidsOf = async (table: string) => {
      const rows = await queryRows(db, `select value from ${table} where secret = ${running.databaseUrl ? 'true' : '1'}`);
      const kids = new Map<string, number>();
      for (const row of rows) {
        // pg parses jsonb into an object; libsql returns the text.
        const { kid } = (typeof row.value === 'string' ? JSON.parse(row.value) : row.value) as { kid: string };
        kids.set(kid, (kids.get(kid) ?? 0) + 1);
      }
      return kids;
    };
    const oldKid = [...(await kidsOf('configurations')).keys()][0]!;

    const interrupted = await rotate(env, COUNT / 2);
    expect(interrupted.signal, interrupted.output).toBe('SIGKILL');
    const midway = await kidsOf('configurations');
    console.log(`[rotation:${target.name}] after SIGKILL: ${JSON.stringify(Object.fromEntries(midway))}`);
    expect(midway.size).toBe(2); // really stopped halfway: some rows under each key
    expect([...midway.values()].reduce((a, b) => a + b, 0)).toBe(COUNT);

    const finished = await rotate(env);
    expect(finished.code, finished.output).toBe(0);
    expect(finished.output).toMatch(/done: \d+ values re-encrypted/);
    for (const table of ['configurations', 'configuration_history']) {
      const kids = await kidsOf(table);
      expect(kids.has(oldKid), `${table} still has values under the old key`).toBe(false);
      expect([...kids.values()].reduce((a, b) => a + b, 0)).toBe(COUNT);
    }

    // Only the new key now: every value reads back exactly.
    const after = await startServerProcess({
      dataDir: running.server.dataDir,
      env: { DATABASE_URL: running.databaseUrl, CONFIG_SERVICE_ADMIN_KEY: running.adminKey, CONFIG_SERVICE_ENCRYPTION_KEY: NEW_KEY },
    });
    try {
      const listing = await new HttpClient(after.baseUrl, running.adminKey).get('/api/v1/configs/namespace/vault?limit=1000');
      expect(listing.json.items).toHaveLength(COUNT);
      for (const item of listing.json.items) expect(item.value).toBe(expected.get(item.key));
      const audit = await new HttpClient(after.baseUrl, running.adminKey).get('/api/v1/audit?entity_type=secrets');
      expect(audit.json.items.length).toBeGreaterThanOrEqual(1);
      expect(audit.json.items[0].action).toBe('rotated');
    } finally {
      await after.stop();
    }
  });
});
