import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ENTRY } from '../harness/server-process';
import { serverTargets, type RunningTarget } from '../harness/targets';

/*
 * The README's "Typed config" walkthrough, run as written against a real server: its shell
 * blocks with bash (localhost:8080 pointed at the test server, `npx config-service` at the
 * built CLI), the refused write compared with the documented body, and its TypeScript block
 * type-checked with the generated module and then run.
 */

const exec = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const workDir = join(repoRoot, 'packages/tests/typed-fixture/generated/readme');
const tsc = join(repoRoot, 'node_modules/typescript/bin/tsc');
const tsx = join(repoRoot, 'packages/bench/node_modules/.bin/tsx');

interface Block {
  lang: string;
  code: string;
}

async function walkthrough(): Promise<Block[]> {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const section = /^## Typed config\n([\s\S]*?)^## /m.exec(readme)?.[1];
  if (!section) throw new Error('README.md has no "## Typed config" section');
  return [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1]!, code: match[2]! }));
}

describe('README: Typed config', () => {
  let running: RunningTarget;
  let blocks: Block[];
  const shell = (code: string) =>
    exec('bash', ['-euo', 'pipefail', '-c', code.replaceAll('localhost:8080', new URL(running.baseUrl).host).replaceAll('npx config-service', `node ${SERVER_ENTRY}`)], {
      cwd: workDir,
      env: { ...process.env, KEY: running.adminKey },
    });

  beforeAll(async () => {
    running = await serverTargets()[0]!.start();
    blocks = await walkthrough();
    await rm(workDir, { recursive: true, force: true });
    await mkdir(join(workDir, 'src'), { recursive: true });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('has the blocks the walkthrough describes', () => {
    expect(blocks.map((block) => block.lang)).toEqual(['sh', 'sh', 'json', 'sh', 'ts']);
  });

  it('stores the schema, refuses the bad write with the documented body, takes the good one and writes the types', async () => {
    const [schema, refused, documented, rest] = blocks;
    const stored = JSON.parse((await shell(schema!.code)).stdout);
    expect(stored).toMatchObject({ namespace: 'payments', key: 'stripe.retry', version: 1 });
    const answer = JSON.parse((await shell(refused!.code)).stdout);
    const expected = JSON.parse(documented!.code);
    expect({ ...answer, request_id: '…' }).toEqual(expected);
    await shell(rest!.code);
    const generated = await readFile(join(workDir, 'src/config-types.ts'), 'utf8');
    expect(generated).toContain('"stripe.retry": payments_stripe_retry.Value;');
  });

  it('type-checks the TypeScript block with the generated module, and runs it', async () => {
    const app = blocks[4]!.code.replaceAll('http://localhost:8080', running.baseUrl);
    await writeFile(join(workDir, 'src/app.ts'), app);
    await writeFile(
      join(workDir, 'tsconfig.json'),
      JSON.stringify({ extends: '../../../../../tsconfig.base.json', compilerOptions: { types: ['node'] }, include: ['src'] }),
    );
    const checked = await exec(process.execPath, [tsc, '-p', join(workDir, 'tsconfig.json')], { cwd: repoRoot }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? 'tsc failed',
    );
    expect(checked).toBe('');
    // The comment's claim: a string method on `attempts` is a compile error.
    await writeFile(join(workDir, 'src/app.ts'), `${app}\nretry.attempts.toUpperCase();\n`);
    const wrong = await exec(process.execPath, [tsc, '-p', join(workDir, 'tsconfig.json')], { cwd: repoRoot }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? '',
    );
    expect(wrong).toMatch(/Property 'toUpperCase' does not exist on type 'number'/);
    await writeFile(join(workDir, 'src/app.ts'), app);
    // Sources through the packages' source condition, as every test reads them.
    const { stdout } = await exec(tsx, ['--conditions', '@config-service/source', join(workDir, 'src/app.ts')], {
      cwd: workDir,
      env: { ...process.env, KEY: running.adminKey },
    });
    expect(stdout.trim()).toBe('6 exponential');
  }, 180_000);
});
