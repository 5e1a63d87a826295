import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port';
import { stopProcess } from './stop-process';
import { waitFor } from './wait-for';

export interface PostgresServer {
  /** Superuser URL of the `postgres` database. */
  url: string;
  /** The postmaster's pid: `postgres` is spawned directly (no pg_ctl), so it is the child's. */
  pid: number;
  /** Stops it (fast shutdown: open connections are cut), waits `downMs`, starts it again on the same data and port. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** The directory of Debian's PostgreSQL server binaries, newest version first; null if absent. */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : null;
}

/**
 * A throwaway PostgreSQL: a fresh cluster in a temp dir on a free loopback port, durability
 * off (it is thrown away). As root it runs as the `postgres` user, which initdb requires.
 */
export async function startPostgres(options: { port?: number } = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (Debian package `postgresql`)');
  const dir = mkdtempSync(join(tmpdir(), 'cs-pg-'));
  const dataDir = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const pgUser = asRoot ? lookupUid('postgres') : null;
  if (asRoot && !pgUser) throw new Error('running as root but there is no `postgres` user to run PostgreSQL as');
  if (pgUser) chownSync(dir, pgUser.uid, pgUser.gid);

  // Spawned directly as the postgres user (not through runuser) so signals reach postgres itself.
  const asUser = pgUser ? { uid: pgUser.uid, gid: pgUser.gid } : {};

  const init = spawnSync(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'], {
    encoding: 'utf8',
    cwd: dir,
    ...asUser,
  });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);

  const port = options.port ?? (await freePort());
  const args = [
    '-D', dataDir, '-p', String(port), '-k', dir,
    '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off',
    '-c', 'full_page_writes=off', '-c', 'max_connections=300', '-c', 'log_min_messages=fatal',
  ];
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let stderr = '';
  const launch = async (): Promise<ChildProcess> => {
    const child: ChildProcess = spawn(join(bin, 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, ...asUser });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    try {
      await waitFor('PostgreSQL to accept connections', async () => {
        if (child.exitCode !== null) throw new Error(`postgres exited: ${stderr}`);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.end();
        return true;
      });
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return child;
  };
  let child = await launch();
  return {
    url,
    // Defined once it accepted connections: spawn failing never gets here.
    get pid() {
      return child.pid!;
    },
    async restart(downMs = 0) {
      // SIGINT: PostgreSQL's fast shutdown (open connections are cut).
      await stopProcess(child, 'SIGINT');
      await new Promise((done) => setTimeout(done, downMs));
      child = await launch();
    },
    async stop() {
      // SIGINT: PostgreSQL's fast shutdown.
      await stopProcess(child, 'SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function lookupUid(user: string): { uid: number; gid: number } | null {
  const result = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const group = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (result.status !== 0 || group.status !== 0) return null;
  return { uid: Number(result.stdout.trim()), gid: Number(group.stdout.trim()) };
}

/** Makes a fresh, uniquely named database on the server at `adminUrl` and returns its URL. */
export async function createScratchDatabase(adminUrl: string): Promise<string> {
  const name = `cs_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
