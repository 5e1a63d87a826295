import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import { PROBLEM_CONTENT_TYPE, WATCH_CLOSE_CODES, isConfigServiceError, rolesAllow } from '@config-service/core';
import { forbiddenNamespaces, parseWatchQuery, changeEventJson, type Principal, type WatchQuery, type ValueCodec } from '@config-service/contract';
import type { Authenticator, PresentedCredentials } from '../services/authenticator';
import type { ChangeLogStore } from '../storage/change-log-store';
import type { ChangeHub } from '../changes/change-hub';
import { WatchSession, closeWithError, closeWithin, type WatchSessionDeps } from './watch-session';
import { CredentialTally, OpenWatches, Tally } from './open-watches';
import { WatchSocket, ignoreError, onWatchSocketClose, onWatchSocketPong } from './watch-socket';
import type { FailedAuthLimiter } from '../rate-limit/failed-auth-limiter';
import { textFrame } from './text-frame';
import { WatchIndex } from './watch-index';
import { wallClockMs } from '../changes/wall-clock';
import { credentialsOf as credentialsFromHeaders } from '../http/middleware/authenticate';

export const WATCH_PATH = '/ws/v1/configs/updates';

/** What the watch reports to metrics; kept as plain callbacks so watch/ needs no metrics library. */
export interface WatchObserver {
  watchersChanged(open: number): void;
  changesSent(count: number): void;
  closed(code: number): void;
  /** A change was written to every live watcher it matched, `seconds` after its commit. */
  notified(seconds: number): void;
}

export interface WatchServerOptions {
  hub: ChangeHub;
  log: ChangeLogStore;
  authenticator: Authenticator;
  codec: ValueCodec;
  logger: Logger;
  observer?: WatchObserver;
  /** @default 15000 (the contract asks for at least every 30 s) */
  heartbeatMs?: number;
  /** A watcher with more than this waiting to be sent is closed with 4008. @default 1 MiB */
  maxBufferedBytes?: number;
  /** How many revisions back `since` may reach; older gets 4010. @default 1000000 */
  retentionRevisions?: number;
  /** How often open watches check that their credential is still valid. With the key cache's 500 ms, a key revoked on any replica closes its watches within 1 s. @default 250 */
  revalidateMs?: number;
  /** @default 500 */
  replayBatch?: number;
  /** Failed authentications per address and key prefix: over it, the upgrade is refused with 429. */
  failedAuth?: FailedAuthLimiter;
  /** Open (and opening) watches allowed from one address and on one credential. @default 1000 */
  maxPerAddress?: number;
  maxPerCredential?: number;
}

/** What authenticating an upgrade came to: a principal, or the error to close with. */
type Admission = { principal: Principal } | { error: unknown };

/**
 * `WS /ws/v1/configs/updates` on `ws`. Before the upgrade: the query (400 problem+json), the
 * failed-authentication limit and the connection limits per address and per credential (429),
 * then the credential is checked; its refusal is sent after the upgrade as 4001/4003 (which is
 * what browsers can see), and the socket is destroyed 1 s later whatever the client does.
 * Feeds every session from the hub in revision order, and pings each peer every heartbeat:
 * one that has not answered the previous ping is dropped.
 */
export class WatchServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    // The sessions are tracked here (by credential); ws's own set would cost a listener closure per socket.
    clientTracking: false,
    perMessageDeflate: false,
    maxPayload: 64 * 1024,
    WebSocket: WatchSocket,
  });
  /** The open sessions by what they match: a change visits only its watchers. */
  private readonly index = new WatchIndex<WatchSession>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribe: () => void;
  private readonly retentionRevisions: number;
  /** Watches open or being opened, by client address and by credential (whose entries also hold its sessions). */
  private readonly perAddress: OpenWatches<Tally>;
  private readonly perCredential: OpenWatches<CredentialTally>;
  /** What every session shares. */
  private readonly sessionDeps: WatchSessionDeps;
  private openSessions = 0;
  private draining = false;

  constructor(private readonly options: WatchServerOptions) {
    this.retentionRevisions = options.retentionRevisions ?? 1_000_000;
    this.perAddress = new OpenWatches(options.maxPerAddress ?? 1000, 'from this address');
    this.perCredential = new OpenWatches(options.maxPerCredential ?? 1000, 'with this credential');
    this.sessionDeps = {
      hub: options.hub,
      log: options.log,
      codec: options.codec,
      maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
      replayBatch: options.replayBatch ?? 500,
      onChangeSent: () => options.observer?.changesSent(1),
      onClosed: (closed, code) => {
        this.index.remove(closed);
        if (closed.credential.sessions.delete(closed)) {
          closed.credential.filters.release(closed.filter);
          options.observer?.watchersChanged(--this.openSessions);
        }
        options.observer?.closed(code);
      },
    };
    this.unsubscribe = options.hub.subscribe((change, publishedAt) => {
      let frame: Buffer | undefined;
      let sent = 0;
      this.index.forEachMatch(change, (session) => {
        // Rendered and framed once, and only if some session matches: every session writes the same bytes.
        frame ??= textFrame(Buffer.from(changeEventJson(change, options.codec)));
        if (session.deliver(change, frame)) sent++;
      });
      if (sent > 0) options.observer?.changesSent(sent);
      if (frame && publishedAt !== undefined) options.observer?.notified(Math.max(0, wallClockMs() - publishedAt) / 1000);
    });
    const every = (ms: number, work: () => void) => {
      const timer = setInterval(work, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(options.heartbeatMs ?? 15_000, () => {
      for (const session of this.sessions()) {
        if (!session.alive) {
          session.ws.terminate();
          continue;
        }
        session.alive = false;
        session.ws.ping();
        session.heartbeat();
      }
    });
    every(options.revalidateMs ?? 250, () => void this.revalidate());
  }

  /** Takes an upgrade request; false when it is not for the watch path. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WATCH_PATH) return false;
    if (this.draining) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n');
      return true;
    }
    let query: WatchQuery;
    try {
      query = parseWatchQuery(url.searchParams);
    } catch (error) {
      rejectUpgrade(socket, error);
      return true;
    }
    void this.admit(req, socket, head, query);
    return true;
  }

  private async admit(req: IncomingMessage, socket: Duplex, head: Buffer, query: WatchQuery): Promise<void> {
    socket.on('error', ignoreError);
    const credentials = credentialsOf(req, query);
    const address = req.socket.remoteAddress ?? '';
    const credential = credentialDigest(credentials);
    try {
      await this.options.failedAuth?.check(req);
      this.perAddress.assertRoom(address);
      if (credential) this.perCredential.assertRoom(credential);
    } catch (error) {
      rejectUpgrade(socket, error);
      return;
    }
    // Counted from now until the socket closes, whatever becomes of it (refused by the
    // handshake, closed with an error, or a session): a flood of slow upgrades counts too.
    hold(socket, {
      address: this.perAddress.take(address, (name, counts) => new Tally(name, counts)),
      credential: credential ? this.perCredential.take(credential, (name, counts) => new CredentialTally(name, counts, credentials)) : undefined,
    });
    let admission: Admission;
    try {
      admission = { principal: await this.options.authenticator.authenticate(credentials) };
    } catch (error) {
      admission = { error };
      if (isConfigServiceError(error) && error.code === 'unauthorized') this.options.failedAuth?.recordFailure(req);
    }
    if (socket.destroyed) return;
    const tally = heldBy(socket)?.credential;
    this.wss.handleUpgrade(req, socket, head, (ws) => void this.accept(ws as WatchSocket, socket, query, tally, admission));
  }

  /**
   * Shutting down: no new watch is accepted; every session is handed the changes the hub has
   * dispatched up to `revision` (replaying ones finish their replay), then closed with 1001.
   * Resolves when every socket has closed, or at `deadline` (epoch ms), when the rest are cut.
   */
  async drain(revision: number, deadline: number): Promise<void> {
    this.draining = true;
    const pause = () => new Promise((done) => setTimeout(done, 10));
    while (Date.now() < deadline && [...this.sessions()].some((session) => session.isOpen && !session.isLive)) await pause();
    while (Date.now() < deadline && this.options.hub.head < revision) await pause();
    const sessions = [...this.sessions()];
    const sockets = sessions.map((session) => session.ws);
    for (const session of sessions) session.goAway();
    while (Date.now() < deadline && sockets.some((ws) => ws.readyState !== ws.CLOSED)) await pause();
    for (const ws of sockets) if (ws.readyState !== ws.CLOSED) ws.terminate();
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const timer of this.timers) clearInterval(timer);
    for (const session of [...this.sessions()]) {
      session.ws.terminate();
      this.index.remove(session);
      if (session.credential.sessions.delete(session)) session.credential.filters.release(session.filter);
    }
    await new Promise<void>((done) => this.wss.close(() => done()));
  }

  /** Every open session (each is in its credential's entry). */
  private *sessions(): Generator<WatchSession> {
    for (const tally of this.perCredential.values()) yield* tally.sessions;
  }

  private async accept(ws: WatchSocket, socket: Duplex, query: WatchQuery, credential: CredentialTally | undefined, admission: Admission): Promise<void> {
    ws.on('error', ignoreError);
    (socket as Socket).setKeepAlive(true, 30_000);
    if ('error' in admission) {
      const { error } = admission;
      if (isConfigServiceError(error) && error.code === 'unauthorized') return closeWithError(ws, WATCH_CLOSE_CODES.unauthorized, error.message);
      this.options.logger.warn({ err: error, path: WATCH_PATH }, 'watch authentication failed');
      closeWithin(ws, 1013, 'try again later: the credential could not be checked');
      return;
    }
    const { principal } = admission;
    if (!rolesAllow(principal.roles, 'reader')) return closeWithError(ws, WATCH_CLOSE_CODES.forbidden, 'watching needs the reader role');
    // The requested namespaces this key may not read (each makes the watch 4003).
    const forbidden = forbiddenNamespaces(query, principal);
    if (forbidden.length > 0) {
      return closeWithError(ws, WATCH_CLOSE_CODES.forbidden, `the key "${principal.name}" may not read the namespace "${forbidden[0]}"`);
    }
    const floor = this.options.hub.head - this.retentionRevisions;
    if (query.since !== undefined && query.since < floor) {
      return closeWithError(ws, WATCH_CLOSE_CODES.revisionCompacted, `revision ${query.since} is no longer kept (the oldest is ${floor}): list again, then watch since the listing's revision`);
    }
    if (ws.readyState !== ws.OPEN) return;
    if (this.draining) {
      ws.close(1001, 'the server is shutting down: reconnect with since');
      return;
    }
    // A principal comes only from presented credentials, which always have an entry.
    if (!credential) throw new Error('an authenticated watch without a credential entry');

    const shared = credential.filters.take(principal, query);
    const session = new WatchSession(ws, socket, shared, this.sessionDeps, credential);
    credential.sessions.add(session);
    this.index.add(session, shared.indexRoute);
    ws.session = session;
    ws.on('pong', onWatchSocketPong);
    ws.on('close', onWatchSocketClose);
    this.options.observer?.watchersChanged(++this.openSessions);
    await session.start(query.since);
  }

  /**
   * Closes, with 4001, the watches whose key was revoked or whose token expired. Each distinct
   * credential is checked once, however many watches share it.
   */
  private async revalidate(): Promise<void> {
    const open = [...this.perCredential.values()].filter((tally) => tally.sessions.size > 0);
    for (const { credentials, sessions } of open) {
      try {
        await this.options.authenticator.authenticate(credentials);
      } catch (error) {
        if (!isConfigServiceError(error) || error.code !== 'unauthorized') continue;
        for (const session of [...sessions]) session.fail(WATCH_CLOSE_CODES.unauthorized, error.message);
      }
    }
  }
}

/** What an upgrading socket counts against, until it closes. */
interface Hold {
  address: Tally;
  credential: CredentialTally | undefined;
}

const HOLD = Symbol('watch hold');
type HoldingSocket = Duplex & { [HOLD]?: Hold | undefined };

function hold(socket: Duplex, counted: Hold): void {
  (socket as HoldingSocket)[HOLD] = counted;
  socket.on('close', releaseHold);
  // Closed while it waited for its checks (its close event may be gone already).
  if (socket.destroyed) releaseHold.call(socket);
}

function heldBy(socket: Duplex): Hold | undefined {
  return (socket as HoldingSocket)[HOLD];
}

/** Shared by every socket (a listener, `this` is the socket): gives its places back once. */
function releaseHold(this: Duplex): void {
  const counted = (this as HoldingSocket)[HOLD];
  if (!counted) return;
  (this as HoldingSocket)[HOLD] = undefined;
  counted.address.release();
  counted.credential?.release();
}

function credentialsOf(req: IncomingMessage, query: WatchQuery): PresentedCredentials {
  const fromHeaders = credentialsFromHeaders(req);
  return { apiKey: fromHeaders.apiKey, accessToken: fromHeaders.accessToken ?? query.accessToken };
}

/**
 * Who a watch counts against: a digest of the credential the authenticator uses (the key when
 * one is presented, else the token), never the credential itself. The form is part of it: the
 * watches of one group are revalidated with one group member's credentials, so the same string
 * presented as a key and as a token (one valid, the other refused) must not share a group.
 */
function credentialDigest(credentials: PresentedCredentials): string | undefined {
  const [form, presented] = credentials.apiKey ? ['k', credentials.apiKey] : ['t', credentials.accessToken];
  return presented ? `${form}:${createHash('sha256').update(presented).digest('base64url')}` : undefined;
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 429: 'Too Many Requests', 503: 'Service Unavailable' };

/** A watch request refused before the upgrade gets the contract's problem+json, as any HTTP request would. */
function rejectUpgrade(socket: Duplex, error: unknown): void {
  const requestId = randomUUID();
  const status = isConfigServiceError(error) ? error.status : 400;
  const retryAfter = (error as { retryAfter?: number }).retryAfter;
  const body = isConfigServiceError(error)
    ? JSON.stringify(error.toProblem(requestId))
    : JSON.stringify({ type: 'about:blank', title: 'Bad Request', status, detail: 'the watch request is malformed', code: 'validation_failed', request_id: requestId });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      (retryAfter !== undefined ? `Retry-After: ${retryAfter}\r\n` : '') +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
}
