import { ForbiddenError, InternalError, UnauthorizedError, UnavailableError, WATCH_CLOSE_CODES, isConfigServiceError } from '@config-service/core';
import type { ConfigServiceError, ChangeEvent } from '@config-service/core';
import type { ClientTimers, WebSocketFactory, WebSocketLike } from './platform';

/** The server promises a heartbeat at least every 30 s; silence far beyond that is a dead link. */
const SILENCE_LIMIT_MS = 75_000;
const OPEN_TIMEOUT_MS = 15_000;

export interface WatchRequest {
  baseUrl: string;
  namespaces: readonly string[];
  since: number | undefined;
  headers: Record<string, string>;
  accessToken: string | undefined;
  createWebSocket: WebSocketFactory;
  timers: ClientTimers;
  /** Parses a frame's JSON text (lossless or native, as the client was made). */
  parse: (text: string) => unknown;
}

export interface WatchHandlers {
  onReady(revision: number): void;
  onChange(event: ChangeEvent): void;
  onHeartbeat(revision: number): void;
  /** Called once, whatever ended the connection; `error` is set for every end but `stop()`. */
  onClosed(code: number, error: ConfigServiceError | undefined): void;
}

export interface WatchConnection {
  /** Closes without calling back as a failure. */
  stop(): void;
}

export function watchUrl(request: Pick<WatchRequest, 'baseUrl' | 'namespaces' | 'since' | 'accessToken'>): string {
  const url = new URL(`${request.baseUrl.replace(/\/+$/, '')}/ws/v1/configs/updates`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const namespace of request.namespaces) url.searchParams.append('namespace', namespace);
  if (request.since !== undefined) url.searchParams.set('since', String(request.since));
  if (request.accessToken !== undefined) url.searchParams.set('access_token', request.accessToken);
  return url.toString();
}

/** One watch connection: parses frames, watches for silence, reports how it ended. */
export function openWatch(request: WatchRequest, handlers: WatchHandlers): WatchConnection {
  let socket: WebSocketLike;
  let ended = false;
  let serverError: { code: string; message: string } | undefined;
  const { timers } = request;
  let silenceTimer: unknown;

  /** Ends the connection once; false when it had already ended. */
  const finish = (closeCode: number | undefined): boolean => {
    if (ended) return false;
    ended = true;
    timers.clearTimeout(silenceTimer);
    socket.onopen = socket.onmessage = socket.onclose = null;
    // Closing a socket that is still connecting makes ws emit 'error' afterwards: with no
    // listener that is an uncaught exception in the host process.
    socket.onerror = () => undefined;
    try {
      socket.close(closeCode);
    } catch {
      // Closing a socket that never opened may throw; it is gone either way.
    }
    return true;
  };
  const end = (code: number, error: ConfigServiceError | undefined) => {
    if (finish(code >= 4000 || code === 1000 ? 1000 : undefined)) handlers.onClosed(code, error);
  };
  const armSilenceTimer = (limitMs: number) => {
    timers.clearTimeout(silenceTimer);
    silenceTimer = timers.setTimeout(() => end(1006, new UnavailableError(`the watch at ${request.baseUrl} went silent for ${limitMs / 1000} s`)), limitMs);
  };

  try {
    socket = request.createWebSocket(watchUrl(request), request.headers);
  } catch (error) {
    // A typed error from the platform (no WebSocket implementation) keeps its type: it is permanent.
    const failure = isConfigServiceError(error) ? error : new UnavailableError(`could not open the watch at ${request.baseUrl}: ${(error as Error).message}`, { cause: error });
    queueMicrotask(() => handlers.onClosed(1006, failure));
    return { stop() {} };
  }
  armSilenceTimer(OPEN_TIMEOUT_MS);

  socket.onopen = () => armSilenceTimer(SILENCE_LIMIT_MS);
  socket.onmessage = (event) => {
    if (ended) return;
    armSilenceTimer(SILENCE_LIMIT_MS);
    let message: { type?: unknown; revision?: unknown; code?: unknown; message?: unknown };
    try {
      message = request.parse(frameText(event.data)) as typeof message;
    } catch (error) {
      end(1007, new InternalError(`the watch sent a frame that is not JSON`, { cause: error }));
      return;
    }
    switch (message.type) {
      case 'change':
        handlers.onChange(message as unknown as ChangeEvent);
        break;
      case 'ready':
        handlers.onReady(Number(message.revision));
        break;
      case 'heartbeat':
        handlers.onHeartbeat(Number(message.revision));
        break;
      case 'error':
        serverError = { code: String(message.code), message: String(message.message) };
        break;
      default:
        // Unknown message types are for newer clients.
        break;
    }
  };
  let transportError: string | undefined;
  socket.onerror = (event) => {
    // The close event follows with the code. Node's WebSocket says why the connection failed
    // (ECONNREFUSED, a TLS error); a browser's says nothing, by design.
    transportError = errorMessageOf(event);
  };
  socket.onclose = (event) => end(event.code, closeError(event.code, event.reason || transportError || '', serverError, request.baseUrl));

  return {
    stop() {
      finish(1000);
    },
  };
}

function closeError(code: number, reason: string, serverError: { code: string; message: string } | undefined, baseUrl: string): ConfigServiceError {
  const detail = serverError?.message ?? (reason || `closed with code ${code}`);
  switch (code) {
    case WATCH_CLOSE_CODES.unauthorized:
      return new UnauthorizedError(`the watch was refused: ${detail}`);
    case WATCH_CLOSE_CODES.forbidden:
      return new ForbiddenError(`the watch was refused: ${detail}`);
    default:
      return new UnavailableError(`the watch at ${baseUrl} closed (${code}): ${detail}`);
  }
}

function errorMessageOf(event: unknown): string | undefined {
  const { message, error } = (event ?? {}) as { message?: unknown; error?: { message?: unknown } };
  const text = typeof message === 'string' && message ? message : error?.message;
  return typeof text === 'string' && text ? text : undefined;
}

function frameText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return new TextDecoder().decode(data as ArrayBuffer);
  return String(data);
}

