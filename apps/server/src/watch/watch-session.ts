import type { Writable } from 'node:stream';
import { WebSocket } from 'ws';
import { WATCH_CLOSE_CODES, type WatchCloseCode } from '@config-service/core';
import { changeEventJson, type CommittedChange, type ValueCodec } from '@config-service/contract';
import type { ChangeLogStore } from '../storage/change-log-store';
import type { ChangeHub } from '../changes/change-hub';
import type { SharedFilter } from './watch-filter';
import type { CredentialTally } from './open-watches';

/** What every session of a server shares (one object for all of them). */
export interface WatchSessionDeps {
  hub: ChangeHub;
  log: ChangeLogStore;
  codec: ValueCodec;
  /** Past this many bytes waiting to be sent, the watcher is too slow: 4008. */
  maxBufferedBytes: number;
  replayBatch: number;
  /** Called once per frame of a change sent during replay (live sends are counted by the caller). */
  onChangeSent(): void;
  onClosed(session: WatchSession, code: number): void;
}

type State = 'replaying' | 'live' | 'closed';

/**
 * One watcher. Replays from the change log, then takes live changes from the hub. `position`
 * is the revision up to which every change was considered (sent if it matched), so the order
 * is strict and nothing is sent twice: a change at or below it is dropped, wherever it came from.
 */
export class WatchSession {
  private state: State = 'replaying';
  private position = 0;
  /** Answered the last ping (the heartbeat drops a peer that did not). */
  alive = true;

  /**
   * @param wire the socket under `ws`: live change frames, framed once for every watcher, are
   * written to it directly. `ws` without compression writes each frame to the socket at once,
   * in call order, so these frames and its own (ready, heartbeat, close) stay in order, and
   * `ws.bufferedAmount` counts both.
   */
  constructor(
    readonly ws: WebSocket,
    private readonly wire: Writable,
    readonly filter: SharedFilter,
    private readonly deps: WatchSessionDeps,
    /** The credential it was opened with, checked again for all its sessions at once. */
    readonly credential: CredentialTally,
  ) {}

  get isOpen(): boolean {
    return this.state !== 'closed';
  }

  /** Replay is over: every change the hub dispatched from now on reaches this session. */
  get isLive(): boolean {
    return this.state === 'live';
  }

  /**
   * The server is shutting down: closes with 1001 after every frame already sent. `ws` queues
   * the close frame behind them, so the client reads them all, then reconnects with `since`.
   */
  goAway(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close(1001, 'the server is shutting down: reconnect with since');
    this.deps.onClosed(this, 1001);
  }

  /** Replays the changes after `since` (none without it), then goes live and says `ready`. */
  async start(since: number | undefined): Promise<void> {
    this.position = since ?? this.deps.hub.head;
    while (this.state === 'replaying') {
      // Checked and switched in one tick: the hub dispatches nothing in between, so the first
      // live change is head + 1 at most.
      if (this.position >= this.deps.hub.head) {
        this.state = 'live';
        this.sendControl(`{"type":"ready","revision":${this.position}}`);
        return;
      }
      let changes: CommittedChange[];
      try {
        changes = await this.deps.log.changesSince(this.position, this.deps.replayBatch);
      } catch {
        // The database is away; the watcher waits, as it would for a quiet stream.
        await new Promise((done) => setTimeout(done, 500));
        continue;
      }
      for (const change of changes) {
        if (this.state !== 'replaying') return;
        if (change.revision <= this.position) continue;
        this.position = change.revision;
        if (!this.filter.matches(change)) continue;
        // Replay is paced by the socket rather than cut off: a client catching up is not slow.
        const text = changeEventJson(change, this.deps.codec);
        if (this.ws.bufferedAmount > this.deps.maxBufferedBytes / 2) await this.sendAndFlush(text);
        else this.ws.send(text);
        this.deps.onChangeSent();
      }
      if (changes.length === 0) await new Promise((done) => setTimeout(done, 50));
    }
  }

  /**
   * A change from the hub, in revision order, that this watcher's filter matches (the index
   * chose it); `frame` is its complete WebSocket frame, the same bytes for every session. True
   * when it was sent (the caller counts them: one metric update per change, not per watcher).
   */
  deliver(change: CommittedChange, frame: Buffer): boolean {
    if (this.state !== 'live' || change.revision <= this.position) return false;
    this.position = change.revision;
    if (this.ws.readyState !== WebSocket.OPEN) return false;
    if (this.ws.bufferedAmount > this.deps.maxBufferedBytes) {
      this.failTooSlow();
      return false;
    }
    this.wire.write(frame);
    return true;
  }

  /** A bookmark: every matching change at or below `position` has been sent before it. */
  heartbeat(): void {
    if (this.state === 'closed') return;
    if (this.state === 'live') this.position = Math.max(this.position, this.deps.hub.head);
    this.sendControl(`{"type":"heartbeat","revision":${this.position}}`);
  }

  /** Sends an `error` frame and closes with its code. */
  fail(code: WatchCloseCode, message: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    closeWithError(this.ws, code, message);
    this.deps.onClosed(this, code);
  }

  /** The peer went away. */
  closed(code: number): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.deps.onClosed(this, code);
  }

  private sendControl(text: string): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > this.deps.maxBufferedBytes && this.state === 'live') {
      this.failTooSlow();
      return;
    }
    this.ws.send(text);
  }

  private failTooSlow(): void {
    this.fail(WATCH_CLOSE_CODES.tooSlow, `the client did not keep up: more than ${this.deps.maxBufferedBytes} bytes were waiting`);
  }

  private sendAndFlush(text: string): Promise<void> {
    return new Promise((done) => this.ws.send(text, () => done()));
  }
}

/** How long a closed watch's peer gets to answer the close, once it could read it, before its socket is destroyed. */
export const CLOSE_GRACE_MS = 1000;

/**
 * The contract's way to end a watch: an `error` frame, then the close with the same code. The
 * socket is destroyed CLOSE_GRACE_MS after the frame reached the peer's side (was flushed to the
 * kernel) if the peer has not finished the close by then (ws alone would wait 30 s). A peer that
 * is not reading at all (4008) cannot get the frame; ws's own 30 s close timeout ends it.
 */
export function closeWithError(ws: WebSocket, code: WatchCloseCode, message: string): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  ws.send(JSON.stringify({ type: 'error', code, message }), () => destroyAfterGrace(ws));
  ws.close(code, message.slice(0, 120));
}

/** A close with no error frame (nothing queued before it): the grace starts now. */
export function closeWithin(ws: WebSocket, code: number, reason: string): void {
  ws.close(code, reason);
  destroyAfterGrace(ws);
}

function destroyAfterGrace(ws: WebSocket): void {
  setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
}
