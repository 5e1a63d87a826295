import { WATCH_CLOSE_CODES, isConfigServiceError, rolesAllow, type WatchCloseCode } from '@config-service/core';
import { type Principal, forbiddenNamespaces, parseWatchQuery, watchMatches, type WatchQuery } from '@config-service/contract';
import { changeEventJson, type CommittedChange } from '@config-service/contract';
import type { ApiKeyRegistry } from '../auth/api-key-registry';
import type { InMemoryConfigStore } from '../store/in-memory-config-store';

/** The two ends of one WebSocket, however it is carried (MSW's `client`, or a test double). */
export interface WatchConnection {
  url: URL;
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface WatchSessionOptions {
  store: InMemoryConfigStore;
  keys: ApiKeyRegistry;
  /** @default 15000 (the contract asks for at least one every 30 s) */
  heartbeatMs?: number;
  /** How many revisions back `since` may reach (older: 4010). @default no limit */
  changeLogRetention?: number;
}

/**
 * A refused handshake as a browser sees one (the server answers a malformed watch URL with a
 * 400 before the upgrade): the socket closes with 1006, never having carried a frame.
 */
export const HANDSHAKE_REFUSED = 1006;

/**
 * One watch, as the server runs it: check the query, authenticate (`?access_token=`: an
 * intercepted WebSocket carries no headers), check role and namespaces, replay the change log
 * after `since`, send `ready`, then live changes and heartbeats. Replay, `ready` and the
 * subscription happen in one synchronous step, and a change enters the log and reaches
 * the subscribers in one step too, so a connection sees strictly increasing revisions with no
 * gap and no duplicate.
 */
export class WatchSession {
  private readonly cleanups: (() => void)[] = [];
  private closed = false;
  private position = 0;

  constructor(
    private readonly connection: WatchConnection,
    private readonly options: WatchSessionOptions,
  ) {}

  /** Whether the session has ended (either side closed). */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Runs the handshake; from here the session streams, or it has closed. */
  start(): void {
    const { store, keys } = this.options;
    let request: WatchQuery;
    try {
      request = parseWatchQuery(this.connection.url.searchParams);
    } catch (error) {
      this.end(HANDSHAKE_REFUSED, `the watch request is malformed: ${(error as Error).message}`);
      return;
    }
    let principal: Principal;
    try {
      principal = keys.authenticate({ accessToken: request.accessToken });
    } catch (error) {
      this.fail(WATCH_CLOSE_CODES.unauthorized, isConfigServiceError(error) ? error.message : 'unauthorized');
      return;
    }
    if (!rolesAllow(principal.roles, 'reader')) return this.fail(WATCH_CLOSE_CODES.forbidden, 'watching needs the reader role');
    const forbidden = forbiddenNamespaces(request, principal);
    if (forbidden.length > 0) {
      return this.fail(WATCH_CLOSE_CODES.forbidden, `the key "${principal.name}" may not read the namespace "${forbidden[0]}"`);
    }
    const retention = this.options.changeLogRetention;
    const oldest = Math.max(store.oldestReplayableRevision, retention === undefined ? 0 : store.revision - retention);
    if (request.since !== undefined && request.since < oldest) {
      return this.fail(
        WATCH_CLOSE_CODES.revisionCompacted,
        `revision ${request.since} is no longer kept (the oldest is ${oldest}): list again, then watch since the listing's revision`,
      );
    }
    if (request.since !== undefined && request.since > store.revision) {
      // One store, so a client ahead of it holds state from another life of the mock (a reset,
      // a reload): resuming would silently skip changes, listing again would not.
      return this.fail(WATCH_CLOSE_CODES.revisionCompacted, `revision ${request.since} is ahead of the latest revision ${store.revision}: list again`);
    }

    this.position = request.since ?? store.revision;
    for (const change of store.changesAfter(this.position)) this.deliver(request, principal, change);
    this.position = store.revision;
    this.send(`{"type":"ready","revision":${this.position}}`);
    this.cleanups.push(store.subscribe((change) => this.deliver(request, principal, change)));
    this.cleanups.push(
      keys.onRevoked((keyId) => {
        if (keyId === principal.keyId) this.fail(WATCH_CLOSE_CODES.unauthorized, 'the API key of this watch was deleted');
      }),
    );
    const expiry = request.accessToken ? keys.tokenExpiry(request.accessToken) : null;
    if (expiry !== null) {
      this.timer(setTimeout(() => this.fail(WATCH_CLOSE_CODES.unauthorized, 'the access token has expired'), Math.max(0, expiry - Date.now())));
    }
    this.timer(setInterval(() => this.send(`{"type":"heartbeat","revision":${this.position}}`), this.options.heartbeatMs ?? 15_000));
  }

  /** Ends the session with an `error` frame carrying the close code as its `code`, then that close. */
  fail(code: WatchCloseCode, message: string): void {
    if (this.closed) return;
    this.send(JSON.stringify({ type: 'error', code, message }));
    this.end(code, message);
  }

  /** Stops listening; called when the client closed. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private end(code: number, reason: string): void {
    this.dispose();
    this.connection.close(code, reason.slice(0, 120));
  }

  private deliver(request: WatchQuery, principal: Principal, change: CommittedChange): void {
    if (this.closed || change.revision <= this.position) return;
    this.position = change.revision;
    if (watchMatches(request, principal, change)) this.send(changeEventJson(change));
  }

  private send(text: string): void {
    if (!this.closed) this.connection.send(text);
  }

  private timer(handle: ReturnType<typeof setTimeout>): void {
    // In Node a pending heartbeat or expiry must not keep a test process alive.
    (handle as { unref?: () => void }).unref?.();
    this.cleanups.push(() => clearTimeout(handle));
  }
}
