import type { ChangeEvent, JsonValue } from './config-entry';

/**
 * The close codes of `WS /ws/v1/configs/updates`. Each close with one of them follows an
 * `error` frame whose `code` is the same number.
 */
export const WATCH_CLOSE_CODES = {
  /** No credential, or an unknown, expired or revoked one. */
  unauthorized: 4001,
  /** The role or the namespace scope of the key does not allow this watch. */
  forbidden: 4003,
  /** The client did not read fast enough: its outbound buffer overflowed. */
  tooSlow: 4008,
  /** `since` is older than the change log the server keeps: list again, then watch. */
  revisionCompacted: 4010,
} as const;

export type WatchCloseCode = (typeof WATCH_CLOSE_CODES)[keyof typeof WATCH_CLOSE_CODES];

/** Sent once, when the replay from `since` is done (at once without `since`). */
export interface WatchReadyFrame {
  type: 'ready';
  /** Every matching change at or below this revision has been sent. */
  revision: number;
}

/** A bookmark: nothing matching at or below `revision` is still to come. */
export interface WatchHeartbeatFrame {
  type: 'heartbeat';
  revision: number;
}

/** Sent right before the server closes the connection with `code`. */
export interface WatchErrorFrame {
  type: 'error';
  code: WatchCloseCode;
  message: string;
}

/** Every JSON text frame the server sends on a watch. */
export type WatchFrame<T = JsonValue> = ChangeEvent<T> | WatchReadyFrame | WatchHeartbeatFrame | WatchErrorFrame;
