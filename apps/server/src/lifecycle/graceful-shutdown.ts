import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { HealthService } from '../services/health-service';
import type { WatchServer } from '../watch/watch-server';
import type { InFlightRequests } from './in-flight-requests';

export interface ShutdownParts {
  server: Server;
  health: HealthService;
  requests: InFlightRequests;
  watch: WatchServer;
  /** The last revision committed in the database. */
  committedRevision(): Promise<number>;
  /** Brings this replica's ordered change stream up to what the database holds. */
  catchUp(): Promise<void>;
  /** Closes everything else (bus, Redis, database). */
  release(): Promise<void>;
  logger: Logger;
}

export interface ShutdownResult {
  /** False when the time ran out and requests or watchers were cut. */
  clean: boolean;
  durationMs: number;
}

/** Time kept back from the timeout for closing the database and Redis. */
const RELEASE_RESERVE_MS = 500;
/** How long connections opened before the listener closed get to send a request. */
const IDLE_CONNECTION_GRACE_MS = 500;

/**
 * The contract's shutdown: `/health` says `draining` at once, the listener closes (no new
 * connections), requests in flight finish, each watcher is sent every change committed up to
 * now and closed with 1001, then the stores close. Everything is bounded by `timeoutMs`.
 */
export async function shutDownGracefully(parts: ShutdownParts, timeoutMs: number): Promise<ShutdownResult> {
  const started = Date.now();
  const deadline = started + Math.max(timeoutMs - Math.min(RELEASE_RESERVE_MS, timeoutMs / 5), 0);
  const { server, health, requests, watch, logger } = parts;
  health.startDraining();
  requests.startDraining();
  // net's close stops accepting but, unlike http's, leaves idle keep-alive connections open:
  // a request already on its way over one is served (with `Connection: close`), not reset.
  NetServer.prototype.close.call(server);
  const listenerClosedAt = Date.now();
  let clean = await requests.idle(deadline);

  let revision = 0;
  try {
    revision = await beforeDeadline(parts.committedRevision(), deadline);
    await beforeDeadline(parts.catchUp(), deadline);
  } catch (error) {
    clean = false;
    logger.warn({ err: error }, 'shutdown: could not read the change log; watchers get what this replica has');
  }
  await watch.drain(revision, deadline);
  // A connection accepted just before the listener closed may not have sent its request yet,
  // and a pooled one may be sending one now: closing them would reset a request the client
  // rightly sent. They are served (with `Connection: close`) for a short grace first.
  await pause(Math.min(listenerClosedAt + IDLE_CONNECTION_GRACE_MS, deadline) - Date.now());
  clean = (await requests.idle(deadline)) && clean;
  server.closeIdleConnections();
  if (requests.count > 0) clean = false;
  server.closeAllConnections();
  await parts.release();
  return { clean, durationMs: Date.now() - started };
}

function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((done) => setTimeout(done, ms)) : Promise.resolve();
}

function beforeDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the shutdown timeout was reached')), Math.max(0, deadline - Date.now()));
    }),
  ]).finally(() => clearTimeout(timer));
}
