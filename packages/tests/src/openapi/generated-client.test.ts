import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverTargets, type RunningTarget } from '../harness/targets';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

let target: RunningTarget;
beforeAll(async () => {
  target = await serverTargets()[0]!.start();
});
afterAll(async () => {
  await target?.stop();
});

// client-session.ts is type-checked by its own tsconfig against the generated types; the
// workspace typecheck (which runs before they exist) does not see it.
interface SeenResponse {
  method: string;
  schemaPath: string;
  status: number;
}
type Session = { runSession(baseUrl: string, adminKey: string, onResponse: (seen: SeenResponse) => void): Promise<string[]> };
const SESSION_MODULE = './client-session';

type Document = { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

describe('a client generated from the served OpenAPI document (openapi-typescript + openapi-fetch)', () => {
  it('type-checks against the document and runs a full session with only documented statuses', async () => {
    const document = (await (await fetch(`${target.baseUrl}/openapi.json`)).json()) as Document;
    mkdirSync(join(here, 'generated'), { recursive: true });
    writeFileSync(join(here, 'generated/config-service.d.ts'), astToString(await openapiTS(document as never)));

    const checked = await run(process.execPath, [tsc, '-p', join(here, 'tsconfig.session.json')]).catch((error: { stdout: string; code: number }) => error);
    expect(checked.stdout).toBe('');

    const seen: SeenResponse[] = [];
    const { runSession } = (await import(/* @vite-ignore */ SESSION_MODULE)) as Session;
    const steps = await runSession(target.baseUrl, target.adminKey, (response) => seen.push(response));
    expect(steps).toContain('conditional read: 304');
    expect(steps.some((step) => step.startsWith('rolled back to 3000'))).toBe(true);

    const undocumented = seen.filter(({ method, schemaPath, status }) => document.paths[schemaPath]?.[method.toLowerCase()]?.responses?.[String(status)] === undefined);
    expect(undocumented).toEqual([]);
    expect(new Set(seen.map((response) => response.status))).toEqual(new Set([200, 201, 204, 304, 400, 401, 403, 404, 409, 412]));
  }, 120_000);
});
