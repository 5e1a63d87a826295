import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../harness/server-process';

/*
 * The CLI as a user installs it: the server package and the workspace packages it depends on,
 * packed as they would be published (`pnpm pack` turns `workspace:*` into versions), installed
 * with npm from those tarballs and the public registry into an empty project, then run with
 * `npx`. This needs the npm registry, as a user's install does.
 */

const run = promisify(execFile);
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const ADMIN_KEY = 'csk_npx-install-admin-key-0123456789';

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  bin?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const readManifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

/** The server's folder and every workspace package it needs at run time, transitively. */
function publishedClosure(): string[] {
  const byName = new Map<string, string>();
  for (const parent of ['packages', 'apps']) {
    for (const name of readdirSync(join(repoRoot, parent))) {
      const dir = join(repoRoot, parent, name);
      try {
        byName.set(readManifest(dir).name, dir);
      } catch {
        // not a package
      }
    }
  }
  const needed = new Set<string>();
  const visit = (dir: string) => {
    if (needed.has(dir)) return;
    needed.add(dir);
    for (const dependency of Object.keys(readManifest(dir).dependencies ?? {})) {
      const local = byName.get(dependency);
      if (local) visit(local);
    }
  };
  visit(join(repoRoot, 'apps/server'));
  return [...needed];
}

describe('npx config-service (the packed packages, installed with npm)', () => {
  const root = mkdtempSync(join(tmpdir(), 'cs-npx-'));
  const tarballs = join(root, 'tarballs');
  const project = join(root, 'project');
  const npx = (args: string[], env: Record<string, string> = {}) => run('npx', args, { cwd: project, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    for (const dir of publishedClosure()) await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: dir, timeout: 60_000 });
    mkdirSync(project, { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'a-user-project', private: true }));
    const files = readdirSync(tarballs).map((name) => join(tarballs, name));
    // Scripts off: the server needs none (libsql ships prebuilt binaries), and a user may run it so.
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...files], { cwd: project, encoding: 'utf8', timeout: 240_000 });
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('packs every package the server needs as publishable, with versions instead of workspace links', () => {
    const tarballNames = readdirSync(tarballs);
    for (const dir of publishedClosure()) {
      const manifest = readManifest(join(project, 'node_modules', readManifest(dir).name));
      expect(manifest.private, manifest.name).not.toBe(true);
      expect(tarballNames.some((name) => name.startsWith(manifest.name.replace('@', '').replace('/', '-')))).toBe(true);
      for (const [name, range] of Object.entries(manifest.dependencies ?? {})) expect(range, `${manifest.name} → ${name}`).not.toMatch(/^workspace:/);
    }
    expect(readManifest(join(project, 'node_modules/@config-service/server')).bin).toEqual({ 'config-service': './dist/main.js' });
  });

  it('runs with npx: --version, serve (with the console), then set and get against it', async () => {
    const { version } = readManifest(join(repoRoot, 'apps/server'));
    expect((await npx(['@config-service/server', '--version'])).stdout.trim()).toBe(version);
    expect((await npx(['config-service', '--help'])).stdout).toContain('Usage: config-service');

    // `serve` is the bin itself (what `npx config-service serve` execs), from the installed package.
    server = await startServerProcess({ entry: join(project, 'node_modules/@config-service/server/dist/main.js'), env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY } });
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
    const consolePage = await fetch(`${server.baseUrl}/console/`);
    expect(consolePage.status).toBe(200);
    expect(await consolePage.text()).toContain('<div id="root">');

    const client = { CONFIG_SERVICE_URL: server.baseUrl, CONFIG_SERVICE_API_KEY: ADMIN_KEY };
    await npx(['config-service', 'set', 'greeting', '"hello from npx"', '-n', 'npx'], client);
    const got = JSON.parse((await npx(['config-service', '-o', 'json', 'get', 'greeting', '-n', 'npx'], client)).stdout) as { value: unknown; version: number };
    expect(got).toMatchObject({ value: 'hello from npx', version: 1 });
    expect(await server.stop()).toBe(0);
    server = undefined;
  }, 120_000);
});
