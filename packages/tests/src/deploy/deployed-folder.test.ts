import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { openWatch } from '../harness/watch-client';
import { freePort } from '../harness/free-port';

/*
 * What the Docker image runs, proven without a container runtime (none can run here): the
 * Dockerfile's `pnpm --filter @config-service/server deploy --prod` into a folder outside the
 * repository, started with nothing but `node` and an empty environment apart from the
 * server's variables, then smoke-tested: health, a write, a watch, a graceful stop.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const ADMIN_KEY = 'csk_deployed-folder-admin-key-0123456789';

function walk(dir: string, visit: (path: string) => void): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    visit(path);
    const stat = lstatSync(path);
    if (stat.isDirectory() && !stat.isSymbolicLink()) walk(path, visit);
  }
}

describe('the deployed server folder (what the image holds)', () => {
  const root = mkdtempSync(join(tmpdir(), 'cs-image-'));
  const app = join(root, 'app');

  beforeAll(() => {
    const deploy = spawnSync('pnpm', ['--filter', '@config-service/server', 'deploy', '--prod', app], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    expect(deploy.status, `${deploy.stdout}\n${deploy.stderr}`).toBe(0);
  }, 150_000);

  it('holds the built server and production dependencies only, all inside the folder', () => {
    expect(existsSync(join(app, 'dist/main.js'))).toBe(true);
    expect(existsSync(join(app, 'src'))).toBe(false);
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const installed = readdirSync(join(app, 'node_modules/.pnpm'));
    // Build and test tooling, and the server's own dev dependencies (types, the OpenAPI validator).
    for (const dev of ['vitest@', 'typescript@', 'tsup@', 'turbo@', 'esbuild@', '@types+express@', '@types+ws@', '@seriousme+openapi-schema-validator@']) {
      expect(installed.filter((name) => name.startsWith(dev)), `${dev} is a dev dependency`).toEqual([]);
    }
    for (const name of Object.keys(manifest.dependencies)) expect(existsSync(join(app, 'node_modules', name)), name).toBe(true);
    // The workspace packages are copies, not links back into the repository.
    const outside: string[] = [];
    const maps: string[] = [];
    const realApp = realpathSync(app);
    walk(app, (path) => {
      if (lstatSync(path).isSymbolicLink() && !realpathSync(path).startsWith(realApp)) outside.push(`${path} -> ${readlinkSync(path)}`);
      if (path.endsWith('.map') && path.includes('/dist/') && !path.includes('/node_modules/')) maps.push(path);
    });
    expect(outside).toEqual([]);
    expect(maps).toEqual([]);
  });

  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('starts with nothing but node and passes the smoke test: health, a write, a watch, a graceful stop', async () => {
    const port = await freePort();
    // No PATH, no HOME, no NODE_PATH: only the server's own variables, as in the image.
    child = spawn(process.execPath, [join(app, 'dist/main.js'), 'serve'], {
      cwd: root,
      env: { PORT: String(port), HOST: '127.0.0.1', CONFIG_SERVICE_DATA_DIR: join(root, 'data'), CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child!.once('exit', (code) => done(code)));
    for (let i = 0; i < 300 && !output.includes('listening on'); i++) await new Promise((done) => setTimeout(done, 100));
    expect(output).toContain(`listening on http://127.0.0.1:${port}`);

    const baseUrl = `http://127.0.0.1:${port}`;
    const admin = new HttpClient(baseUrl, ADMIN_KEY);
    expect((await admin.get('/health')).json).toMatchObject({ status: 'ok' });
    // The web console is part of the server's own files.
    const console = await admin.get('/console/');
    expect(console.status).toBe(200);
    expect(console.headers.get('content-type')).toContain('text/html');
    const watch = openWatch(baseUrl, { apiKey: ADMIN_KEY, namespaces: ['smoke'] });
    await watch.ready();
    const written = await admin.put('/api/v1/configs/greeting?namespace=smoke', { value: 'hello from the image' });
    expect(written.status).toBe(201);
    await watch.waitForFrames('the change', (frames) => frames.some((frame) => frame.type === 'change'));
    expect(watch.changes()).toMatchObject([{ key: 'greeting', value: 'hello from the image', revision: written.json.revision }]);

    child.kill('SIGTERM');
    expect((await watch.closed).code).toBe(1001);
    expect(await exited).toBe(0);
    child = undefined;
  });
});
