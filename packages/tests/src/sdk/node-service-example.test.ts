import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { waitFor } from '../harness/wait-for';

const SERVICE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../examples/node-service/src/service.js');

let target: RunningTarget;
beforeAll(async () => {
  target = await serverTargets()[0]!.start();
});
afterAll(async () => {
  await target?.stop();
});

describe('examples/node-service', () => {
  it('boots from the server, then reacts to a change live', async () => {
    const http = new HttpClient(target.baseUrl, target.adminKey);
    // Not the example's default (3000), so the printed value proves the seeded one reached the service.
    await http.put('/api/v1/configs/stripe.timeout_ms?namespace=payments', { value: 2500 });
    const child = spawn(process.execPath, [SERVICE], {
      env: {
        PATH: process.env.PATH,
        CONFIG_URL: target.baseUrl,
        CONFIG_API_KEY: target.adminKey,
        CONFIG_SNAPSHOT: join(mkdtempSync(join(tmpdir(), 'cs-example-')), 'snapshot.json'),
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const url = await waitFor('the service to listen', async () => /service listening on (http:\S+)/.exec(output)?.[1], 15_000, 20);
      expect(output).toContain('config loaded from the server (status ready');
      expect(output).toContain('stripe.timeout_ms = 2500\n');

      await http.put('/api/v1/configs/stripe.timeout_ms?namespace=payments', { value: 3500 });
      await waitFor('the change in the log', async () => output.includes('stripe.timeout_ms changed: 2500 -> 3500 (revision '), 5_000, 20);
      const answer = (await (await fetch(url)).json()) as { status: string; timeoutMs: number };
      expect(answer).toMatchObject({ status: 'ready', timeoutMs: 3500 });
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
  });
});
