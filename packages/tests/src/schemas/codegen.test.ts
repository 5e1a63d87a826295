import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ENTRY } from '../harness/server-process';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { HttpClient } from '../harness/http-client';

/*
 * `config-service codegen` end to end: schemas on a real server, the built CLI writes the
 * module, `--check` tells an up-to-date file from a stale one, and tsc proves over a fixture
 * (typed-fixture/typed-reads.ts) that reads are typed from the schemas and wrong uses fail.
 */

const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const fixture = join(repoRoot, 'packages/tests/typed-fixture');
const out = join(fixture, 'generated/config-types.ts');
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');

async function codegen(baseUrl: string, apiKey: string, ...extra: string[]): Promise<{ code: number; stderr: string }> {
  const args = [SERVER_ENTRY, 'codegen', '--url', baseUrl, '--namespace', 'payments', '--namespace', 'web', '--out', out, ...extra];
  try {
    const { stderr } = await run(process.execPath, args, { env: { ...process.env, CONFIG_SERVICE_API_KEY: apiKey } });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: failed.code ?? -1, stderr: failed.stderr ?? '' };
  }
}

describe('config-service codegen', () => {
  const sqlite = serverTargets()[0]!;
  let running: RunningTarget;
  let writer: HttpClient;
  let readerKey: string;

  beforeAll(async () => {
    running = await sqlite.start();
    const admin = new HttpClient(running.baseUrl, running.adminKey);
    writer = admin.withKey((await admin.post('/api/v1/apikeys', { name: 'deployer', roles: ['writer'] })).json.key);
    readerKey = (await admin.post('/api/v1/apikeys', { name: 'ci', roles: ['reader'] })).json.key;
    const schemas: [string, string, unknown][] = [
      ['payments', 'stripe.timeout_ms', { type: 'integer', minimum: 0 }],
      [
        'payments',
        'stripe.retry',
        {
          title: 'Retry',
          type: 'object',
          properties: { attempts: { type: 'integer' }, backoff: { enum: ['linear', 'exponential'] } },
          required: ['attempts'],
          additionalProperties: false,
        },
      ],
      ['web', 'banner.text', { type: 'string', maxLength: 200 }],
    ];
    for (const [namespace, key, schema] of schemas) {
      expect((await writer.put(`/api/v1/configs/${key}/schema?namespace=${namespace}`, schema)).status).toBe(201);
    }
    // Only this file: the README test writes its own beside it (generated/readme/).
    await rm(out, { force: true });
    await mkdir(dirname(out), { recursive: true });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('writes the module, and --check passes on it', async () => {
    expect(await codegen(running.baseUrl, readerKey)).toMatchObject({ code: 0 });
    const text = await readFile(out, 'utf8');
    expect(text).toContain("declare module '@config-service/core'");
    expect(text).toContain('"stripe.timeout_ms": payments_stripe_timeout_ms.Value;');
    expect(await codegen(running.baseUrl, readerKey, '--check')).toMatchObject({ code: 0 });
  });

  it('types reads from the schemas, and a wrong use does not compile (tsc over the fixture)', async () => {
    const result = await run(process.execPath, [tsc, '-p', join(fixture, 'tsconfig.json'), '--noEmit'], { cwd: repoRoot }).then(
      () => ({ code: 0, stdout: '' }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it('--check exits 1 once a schema changed on the server, and writes nothing', async () => {
    const before = await readFile(out, 'utf8');
    await writer.put('/api/v1/configs/banner.text/schema?namespace=web', { type: 'string', maxLength: 80 });
    const checked = await codegen(running.baseUrl, readerKey, '--check');
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/out of date/);
    expect(await readFile(out, 'utf8')).toBe(before);
  });

  it('fails with the server\'s problem when the key may not read', async () => {
    const refused = await codegen(running.baseUrl, 'csk_not-a-key');
    // The CLI's exit code for a refused credential (cli-errors.ts EXIT.auth), as for every client command.
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/config-service: /);
  });
});
