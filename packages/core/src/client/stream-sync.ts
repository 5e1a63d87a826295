import { ValidationError } from '../errors/errors';
import { backoffDelay } from './backoff';
import type { BackoffOptions } from './client-types';
import type { ClientPlatform } from './platform';
import type { SyncHost, Synchronizer } from './sync-host';
import { WATCH_CLOSE_CODES } from '../wire/watch';
import { openWatch, type WatchConnection } from './watch-connection';
import { isPermanentFailure } from './permanent-failure';

/**
 * List, then watch from the listing's revision; on a lost connection, reconnect after a
 * jittered backoff with `since` = the last revision seen, so every change arrives exactly
 * once. Only when the server no longer has that revision (4010) is everything listed again.
 */
export class StreamSync implements Synchronizer {
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #connection: WatchConnection | undefined;
  #renewTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    private readonly host: SyncHost,
    private readonly platform: ClientPlatform,
    private readonly backoff: BackoffOptions,
  ) {
    if (!platform.webSocketHeaders && !host.api.auth.usesTokens) {
      throw new ValidationError('a browser WebSocket cannot send an API key header: keep `useAccessTokens` on (the default) or pass `token`');
    }
  }

  start(): void {
    void this.#connect();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    clearTimeout(this.#renewTimer);
    this.#connection?.stop();
    this.#connection = undefined;
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const { store, api } = this.host;
    try {
      for (const namespace of store.namespaces) {
        if (this.host.loaded.has(namespace)) continue;
        const listing = await api.listAll(namespace);
        if (this.#stopped) return;
        this.host.apply(store.replaceNamespace(namespace, listing.pages));
        store.cursor = Math.min(store.cursor ?? Infinity, listing.revision);
        this.host.loaded.add(namespace);
      }
      const inHeaders = this.platform.webSocketHeaders;
      const headers = inHeaders ? await api.auth.headers() : {};
      const accessToken = !inHeaders ? await api.auth.token() : undefined;
      if (this.#stopped) return;
      this.#connection = openWatch(
        {
          baseUrl: api.baseUrl,
          namespaces: store.namespaces,
          since: store.cursor,
          headers,
          accessToken,
          createWebSocket: this.platform.createWebSocket,
          parse: api.json.parse,
        },
        {
          onReady: (revision) => {
            store.cursor = Math.max(store.cursor ?? 0, revision);
            this.#attempt = 0;
            this.host.synced();
          },
          onChange: (event) => {
            // The connection promises increasing revisions; this guards a server that breaks it.
            if (store.cursor !== undefined && event.revision <= store.cursor) return;
            store.cursor = event.revision;
            const change = store.applyEvent(event);
            this.host.apply(change ? [change] : []);
          },
          onHeartbeat: (revision) => {
            store.cursor = Math.max(store.cursor ?? 0, revision);
          },
          onClosed: (code, error) => this.#closed(code, error),
        },
      );
      this.#renewBeforeExpiry();
    } catch (error) {
      if (isPermanentFailure(error)) return this.#giveUp(error);
      this.#retry(error, backoffDelay(this.#attempt++, this.backoff));
    }
  }

  /**
   * The server closes a watch whose token expired (4001). Before that happens, reconnect with
   * a fresh token and `since` = the cursor: no gap, no duplicate, no error.
   */
  #renewBeforeExpiry(): void {
    clearTimeout(this.#renewTimer);
    const auth = this.host.api.auth;
    if (!auth.usesTokens || !Number.isFinite(auth.renewAt)) return;
    this.#renewTimer = setTimeout(() => {
      if (this.#stopped || !this.#connection) return;
      this.#connection.stop();
      this.#connection = undefined;
      void this.#connect();
    }, Math.max(0, auth.renewAt - Date.now()));
  }

  #closed(code: number, error: unknown): void {
    this.#connection = undefined;
    clearTimeout(this.#renewTimer);
    if (this.#stopped) return;
    if (code === WATCH_CLOSE_CODES.revisionCompacted) {
      // The change log no longer reaches back to our cursor: list everything again.
      this.host.loaded.clear();
      this.host.store.cursor = undefined;
      this.#retry(error, 0);
      return;
    }
    // 4001 also ends a watch whose token expired: reconnect with a fresh one, and let the
    // listing that comes first tell a refused credential (401 there is permanent).
    if (code === WATCH_CLOSE_CODES.unauthorized) this.host.api.auth.invalidate();
    else if (isPermanentFailure(error)) return this.#giveUp(error);
    this.#retry(error, backoffDelay(this.#attempt++, this.backoff));
  }

  #giveUp(error: unknown): void {
    if (this.#stopped) return;
    this.stop();
    this.host.gaveUp(error);
  }

  #retry(error: unknown, delayMs: number): void {
    if (this.#stopped) return;
    this.host.failed(error);
    this.#timer = setTimeout(() => void this.#connect(), delayMs);
  }
}
