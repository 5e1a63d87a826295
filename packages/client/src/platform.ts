/*
 * What the shared client needs from its platform, injected by @config-service/node and
 * @config-service/browser. Nothing here touches a global at import time.
 */

/** The part of a WebSocket (browser `WebSocket`, `ws`, isomorphic-ws) the watch uses. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

/** Opens a WebSocket; `headers` are sent where the platform can (not in browsers). */
export type WebSocketFactory = (url: string, headers: Record<string, string>) => WebSocketLike;

/** Where a snapshot of the synced state is kept between processes. */
export interface SnapshotStore {
  /** Where it lives, for messages (a file path, a localStorage key). */
  readonly location: string;
  /** The stored text, or null when there is none. */
  load(): Promise<string | null>;
  /** Replaces the stored text as a whole: a reader sees the old or the new text, never a mix. */
  save(text: string): Promise<void>;
}

/** A pending timer, as the platform's `setTimeout` returned it. */
export type TimerHandle = unknown;

/**
 * The clock and timers: backoff, polling, token renewal, the watch's silence limit and the
 * snapshot's coalescing all wait through these, so a host (or a test) decides what time is.
 */
export interface ClientTimers {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  /** Accepts undefined, for a timer that was never set. */
  clearTimeout(handle: TimerHandle | undefined): void;
}

export interface ClientPlatform {
  /** Resolved per request, so that a fetch patched later (MSW) is the one used. */
  fetch: () => typeof fetch;
  createWebSocket: WebSocketFactory;
  /**
   * Whether the WebSocket can carry an `X-API-Key` header; browsers cannot, so they exchange
   * the key for an access token and pass it as `?access_token=`.
   */
  webSocketHeaders: boolean;
  timers: ClientTimers;
}
