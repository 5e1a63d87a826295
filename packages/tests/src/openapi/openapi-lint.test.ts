import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverTargets, type RunningTarget } from '../harness/targets';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../../..');
// Pinned in the root devDependencies: nothing is downloaded when this runs.
const redocly = join(repoRoot, 'node_modules/.bin/redocly');

let target: RunningTarget;
beforeAll(async () => {
  target = await serverTargets()[0]!.start();
});
afterAll(async () => {
  await target?.stop();
});

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  ignored?: boolean;
}

describe('the served OpenAPI document', () => {
  it('passes @redocly/cli lint with its recommended rules: no error, no warning', async () => {
    const document = await (await fetch(`${target.baseUrl}/openapi.json`)).text();
    const dir = mkdtempSync(join(tmpdir(), 'cs-openapi-lint-'));
    writeFileSync(join(dir, 'openapi.json'), document);
    copyFileSync(join(here, 'redocly-lint-ignore.yaml'), join(dir, '.redocly.lint-ignore.yaml'));
    const result = await run(redocly, ['lint', '--extends', 'recommended', '--format', 'json', 'openapi.json'], {
      cwd: dir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 20 * 1024 * 1024,
    }).catch((error: { stdout: string; stderr: string; code: number }) => error);
    const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number; ignored: number }; problems: LintProblem[] };
    const problems = report.problems.filter((problem) => !problem.ignored).map((problem) => `${problem.severity} ${problem.ruleId}: ${problem.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    // The ignore file names only by-design exceptions; if one stops applying, prune it.
    expect(report.totals.ignored).toBe(8);
  }, 120_000);
});
