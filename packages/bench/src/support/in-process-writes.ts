import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_CORE, pin } from './pinning';
import { percentiles, type Percentiles } from './notify-rounds';

const SCRIPT = fileURLToPath(new URL('../../../../apps/server/src/storage/in-process-write-times.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface InProcessWrites {
  /** `ConfigEngine.put` on the server's store, no HTTP. */
  engine: Percentiles;
  /** The store's write of the same rows, none of the engine's rules. */
  store: Percentiles;
}

/**
 * The server's own write path with no HTTP in front (apps/server/src/storage/in-process-write-times.ts,
 * run from source with tsx), on the server core: what storage alone and the contract engine
 * over it cost per PUT, to set beside the HTTP figures. The writes go back to back, so the core
 * never idles between them: a lower bound (after an idle wait the same PUT took 2.3x as long
 * on this machine).
 */
export async function measureInProcessWrites(database: { dataDir: string } | { url: string }, puts: number, warmup: number): Promise<InProcessWrites> {
  const where = 'url' in database ? ['--database-url', database.url] : ['--data-dir', database.dataDir];
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, ...where, '--puts', String(puts), '--warmup', String(warmup)], {
    cwd: BENCH_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  pin(child.pid!, SERVER_CORE);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`in-process-write-times exited with ${code}: ${err.slice(-2000)}`);
  const times = JSON.parse(out) as { engine: number[]; store: number[] };
  return { engine: percentiles(times.engine), store: percentiles(times.store) };
}
