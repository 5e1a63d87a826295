import { spawn } from 'node:child_process';
import { SERVER_CORE, pin } from './pinning';
import { BENCH_DIR, serverScriptArgs } from './server-script';

/** Migrations, warm-up and the PUTs take seconds; a run that takes this long is stuck. */
const TIMEOUT_MS = 300_000;

/** Milliseconds of each write, in order. */
export interface InProcessWriteTimes {
  /** `ConfigEngine.put` on the server's store, no HTTP. */
  engine: number[];
  /** The store's write of the same rows, none of the engine's rules. */
  store: number[];
}

/**
 * The server's own write path with no HTTP in front (apps/server/src/storage/in-process-write-times.ts,
 * run from source with tsx), on the server core: what storage alone and the contract engine
 * over it cost per PUT, to set beside the HTTP figures. The writes go back to back, so the core
 * never idles between them: a lower bound (after an idle wait the same PUT took 2.3x as long
 * on this machine).
 */
export async function measureInProcessWrites(database: { dataDir: string } | { url: string }, puts: number, warmup: number): Promise<InProcessWriteTimes> {
  const child = spawn(process.execPath, serverScriptArgs('storage/in-process-write-times.ts', database, ['--puts', String(puts), '--warmup', String(warmup)]), {
    cwd: BENCH_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  // 'close', not 'exit': only then has all of its output been read.
  const closed = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  let code: number | null;
  try {
    pin(child.pid!, SERVER_CORE);
    code = await closed;
  } catch (error) {
    child.kill('SIGKILL');
    await closed.catch(() => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
  if (code !== 0) throw new Error(`in-process-write-times exited with ${code}: ${err.slice(-2000)}`);
  return JSON.parse(out) as InProcessWriteTimes;
}
