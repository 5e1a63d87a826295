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
  /**
   * `ws`: the `ws` package, which can send headers (a real server). `global`: the global
   * WebSocket class, as a browser has it, which sends none; MSW intercepts only this one.
   * @default 'ws'
   */
  transport?: 'ws' | 'global';
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
  /** Calls `listener` with the text of every frame, as it came (before parsing). */
  onRawFrame(listener: (text: string) => void): void;
  /** Stops reading from the socket (the server's send buffer then fills); `ws` transport only. */
  pause(): void;
  resume(): void;
  close(): void;
  /** Abrupt close without a handshake (a plain close on the `global` transport). */
  terminate(): void;
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

/** The two sockets the client runs on, reduced to what it needs. */
interface Socket {
  onText(listener: (text: string) => void): void;
  onClose(listener: (code: number, reason: string) => void): void;
  pause(): void;
  resume(): void;
  close(): void;
  terminate(): void;
}

function wsSocket(url: string, options: WatchOptions): Socket {
  const socket = new WebSocket(url, { headers: options.apiKey ? { 'x-api-key': options.apiKey } : {}, perMessageDeflate: false });
  socket.on('error', () => undefined);
  return {
    onText: (listener) => socket.on('message', (data) => listener(String(data))),
    onClose: (listener) => socket.on('close', (code, reason) => listener(code, String(reason))),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => socket.close(),
    terminate: () => socket.terminate(),
  };
}

function globalSocket(url: string, options: WatchOptions): Socket {
  if (options.apiKey !== undefined) throw new Error('the global WebSocket sends no headers: pass an accessToken instead of an apiKey');
  const socket = new globalThis.WebSocket(url);
  const unsupported = () => {
    throw new Error('the global WebSocket cannot pause reading');
  };
  return {
    onText: (listener) => socket.addEventListener('message', (event) => listener(String(event.data))),
    onClose: (listener) => socket.addEventListener('close', (event) => listener(event.code, event.reason)),
    pause: unsupported,
    resume: unsupported,
    close: () => socket.close(),
    terminate: () => socket.close(),
  };
}

/** Opens a watch and records every frame; a black-box client over `ws` or the global WebSocket. */
export function openWatch(baseUrl: string, options: WatchOptions = {}): WatchClient {
  const url = watchUrl(baseUrl, options);
  const socket = options.transport === 'global' ? globalSocket(url, options) : wsSocket(url, options);
  const frames: ReceivedFrame[] = [];
  let onReady: (frame: ReceivedFrame) => void = () => undefined;
  const ready = new Promise<ReceivedFrame>((resolve) => (onReady = resolve));
  socket.onText((text) => {
    const frame = JSON.parse(text) as ReceivedFrame;
    frames.push(frame);
    if (frame.type === 'ready') onReady(frame);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.onClose((code, reason) => resolve({ code, reason })));
  return {
    frames,
    changes: () => frames.filter((frame) => frame.type === 'change'),
    closed,
    ready: () => Promise.race([ready, closed.then((c) => Promise.reject(new Error(`closed with ${c.code} before ready: ${c.reason}`)))]),
    waitForFrames: (what, predicate, timeoutMs = 15_000) => waitFor(what, async () => predicate(frames), timeoutMs, 20).then(() => undefined),
    onRawFrame: (listener) => socket.onText(listener),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => socket.close(),
    terminate: () => socket.terminate(),
  };
}

/** The revisions of the change frames, in the order received (asserts nothing: callers check the order). */
export function revisionsOf(frames: ReceivedFrame[]): number[] {
  return frames.filter((frame) => frame.type === 'change').map((frame) => frame.revision as number);
}
