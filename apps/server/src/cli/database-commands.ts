import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { Database, OpenDatabaseOptions } from '../storage/open-database';
import { CliError, EXIT } from './cli-errors';
import { print } from './output';

const SQLITE_FILE = 'config.db';

/** The server's settings, read as `serve` reads them (zod loads only when needed). */
async function serverConfig() {
  return (await import('../config/server-config')).readServerConfig(process.env);
}

/** The ORM loads only when a database command runs. */
async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return (await import('../storage/open-database')).openDatabase(options);
}

/** `migrate`, `backup`, `restore`: on the database the server's variables name, not through a server. */
export function registerDatabaseCommands(program: Command): void {
  program
    .command('migrate')
    .description('bring the database schema (DATABASE_URL, or the SQLite file in CONFIG_SERVICE_DATA_DIR) up to date, then exit; `serve` does it too')
    .action(async (_options: object, command: Command) => {
      const config = await serverConfig();
      const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      await db.close();
      print(command, { database: db.kind, location: db.location, migrated: true }, () => `schema up to date (${db.kind} at ${db.location})`);
    });

  program
    .command('backup')
    .description('copy the embedded SQLite database to a file, consistently, while the server runs (SQLite VACUUM INTO)')
    .argument('<file>', 'the backup to write (must not exist)')
    .action(async (file: string, _options: object, command: Command) => {
      const dataDir = await embeddedDataDir(true);
      const target = resolve(file);
      if (existsSync(target)) throw new CliError(`${target} already exists`, EXIT.conflict, 'choose a new file name: a backup never overwrites');
      const db = await openDatabase({ dataDir });
      try {
        // One statement, one read transaction: a snapshot of a single commit, whatever the
        // server writes meanwhile (WAL mode lets it go on writing).
        await db.em().getConnection().execute('vacuum into ?', [target]);
      } finally {
        await db.close();
      }
      const summary = await describeFile(target);
      print(command, { file: target, bytes: statSync(target).size, ...summary }, () => `backed up ${summary.entries} entries (revision ${summary.revision}) to ${target}`);
    });

  program
    .command('restore')
    .description('replace the embedded SQLite database with a backup; stop the server first')
    .argument('<file>', 'a file written by `config-service backup`')
    .option('--force', 'replace an existing database')
    .action(async (file: string, options: { force?: boolean }, command: Command) => {
      const dataDir = await embeddedDataDir();
      const source = resolve(file);
      if (!existsSync(source)) throw new CliError(`${source} does not exist`, EXIT.notFound);
      const current = join(resolve(dataDir), SQLITE_FILE);
      if (existsSync(current) && !options.force) {
        throw new CliError(`a database already exists at ${current}`, EXIT.conflict, 'stop the server, then run again with --force to replace it');
      }
      // Checked (and migrated, if it is from an older version) on a copy, then moved in whole.
      const scratch = mkdtempSync(join(tmpdir(), 'config-service-restore-'));
      try {
        copyFileSync(source, join(scratch, SQLITE_FILE));
        const summary = await describeFile(join(scratch, SQLITE_FILE));
        const staged = `${current}.restoring`;
        rmSync(staged, { force: true });
        const db = await openDatabase({ dataDir: scratch });
        try {
          await db.em().getConnection().execute('vacuum into ?', [staged]);
        } finally {
          await db.close();
        }
        for (const suffix of ['-wal', '-shm']) rmSync(`${current}${suffix}`, { force: true });
        renameSync(staged, current);
        print(command, { file: current, ...summary }, () => `restored ${summary.entries} entries (revision ${summary.revision}) into ${current}`);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
}

async function embeddedDataDir(mustExist = false): Promise<string> {
  const config = await serverConfig();
  if (config.databaseUrl) {
    throw new CliError('backup and restore are for the embedded SQLite database; DATABASE_URL names PostgreSQL', EXIT.usage, 'use pg_dump / pg_restore (or your provider\'s snapshots) for PostgreSQL');
  }
  const file = join(resolve(config.dataDir), SQLITE_FILE);
  if (mustExist && !existsSync(file)) {
    throw new CliError(`no database at ${file}`, EXIT.notFound, 'set CONFIG_SERVICE_DATA_DIR to the data directory the server uses');
  }
  return config.dataDir;
}

/** Opens a database file (a backup) on its own and checks it: integrity, entries, revision. */
async function describeFile(file: string): Promise<{ entries: number; revision: number }> {
  const scratch = mkdtempSync(join(tmpdir(), 'config-service-check-'));
  let db: Database | undefined;
  try {
    copyFileSync(file, join(scratch, SQLITE_FILE));
    db = await openDatabase({ dataDir: scratch });
    const connection = db.em().getConnection();
    const [check] = await connection.execute<{ integrity_check: string }[]>('pragma integrity_check');
    if (check?.integrity_check !== 'ok') throw new CliError(`${file} is damaged: ${check?.integrity_check}`, EXIT.invalid, 'use another backup');
    const [count] = await connection.execute<{ n: number }[]>('select count(*) as n from configurations where deleted = 0');
    const [head] = await connection.execute<{ r: number | null }[]>('select max(revision) as r from configuration_history');
    return { entries: Number(count?.n ?? 0), revision: Number(head?.r ?? 0) };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file} is not a config-service database: ${(error as Error).message}`, EXIT.invalid, 'give a file written by `config-service backup`');
  } finally {
    await db?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}
