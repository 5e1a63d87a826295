import WebSocket from 'ws';
import { waitFor } from './wait-for';

/** A frame as received (parsed with plain JSON.parse; tests use small numbers). */
export interface ReceivedFrame {
  type: 'change' | 'ready' | 'heartbeat' | 'error';
  revision?: number;
  code?: number;
  message?: string;
  namespace?: string;
  key?: string;
  version?: number;
  action?: string;
  value?: unknown;
  [field: string]: unknown;
}

export interface WatchOptions {
  namespaces?: string[];
  key?: string;
  prefix?: string;
  since?: number;
  /** Sent as X-API-Key. */
  apiKey?: string;
  /** Sent as ?access_token=. */
  accessToken?: string;
  /** Other query parameters, as they are (for malformed-input tests). */
  extraQuery?: Record<string, string>;
}

export interface WatchClient {
  frames: ReceivedFrame[];
  /** The `change` frames, in arrival order. */
  changes(): ReceivedFrame[];
  /** Resolves with the close code (and reason) once the connection is closed. */
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves once the `ready` frame arrived; rejects if the watch closes first. */
  ready(): Promise<ReceivedFrame>;
  waitForFrames(what: string, predicate: (frames: ReceivedFrame[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops reading from the socket (the server's send buffer then fills). */
  pause(): void;
  resume(): void;
  close(): void;
  /** Abrupt close without a handshake. */
  terminate(): void;
  socket: WebSocket;
}

/** The watch URL for `baseUrl` (http://…) with the given filters. */
export function watchUrl(baseUrl: string, options: WatchOptions = {}): string {
  const url = new URL('/ws/v1/configs/updates', baseUrl.replace(/^http/, 'ws'));
  for (const namespace of options.namespaces ?? []) url.searchParams.append('namespace', namespace);
  if (options.key !== undefined) url.searchParams.set('key', options.key);
  if (options.prefix !== undefined) url.searchParams.set('prefix', options.prefix);
  if (options.since !== undefined) url.searchParams.set('since', String(options.since));
  if (options.accessToken !== undefined) url.searchParams.set('access_token', options.accessToken);
  for (const [name, value] of Object.entries(options.extraQuery ?? {})) url.searchParams.append(name, value);
  return url.toString();
}

/** Opens a watch and records every frame; a black-box client over `ws`. */
export function openWatch(baseUrl: string, options: WatchOptions = {}): WatchClient {
  const socket = new WebSocket(watchUrl(baseUrl, options), {
    headers: options.apiKey ? { 'x-api-key': options.apiKey } : {},
    perMessageDeflate: false,
  });
  const frames: ReceivedFrame[] = [];
  let onReady: (frame: ReceivedFrame) => void = () => undefined;
  const ready = new Promise<ReceivedFrame>((resolve) => (onReady = resolve));
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as ReceivedFrame;
    frames.push(frame);
    if (frame.type === 'ready') onReady(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
    socket.on('error', () => undefined);
  });
  return {
    frames,
    changes: () => frames.filter((frame) => frame.type === 'change'),
    closed,
    ready: () => Promise.race([ready, closed.then((c) => Promise.reject(new Error(`closed with ${c.code} before ready: ${c.reason}`)))]),
    waitForFrames: (what, predicate, timeoutMs = 15_000) => waitFor(what, async () => predicate(frames), timeoutMs, 20).then(() => undefined),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => socket.close(),
    terminate: () => socket.terminate(),
    socket,
  };
}

/** The revisions of the change frames, in the order received (asserts nothing: callers check the order). */
export function revisionsOf(frames: ReceivedFrame[]): number[] {
  return frames.filter((frame) => frame.type === 'change').map((frame) => frame.revision as number);
}
