import { WATCH_CLOSE_CODES } from '@config-service/core';
import { WatchSession, type WatchConnection, type WatchSessionOptions } from './watch-session';

/** Every open watch of one mock, so a reset can close them all. */
export class WatchHub {
  private readonly sessions = new Set<WatchSession>();

  constructor(private readonly options: WatchSessionOptions) {}

  /** Starts a watch on `connection`; the returned function is to be called when the socket closes. */
  open(connection: WatchConnection): () => void {
    const session = new WatchSession(connection, this.options);
    this.sessions.add(session);
    session.start();
    // A watch refused at the handshake is not open, whenever its close event arrives.
    if (session.isClosed) this.sessions.delete(session);
    return () => {
      session.dispose();
      this.sessions.delete(session);
    };
  }

  /** How many watches are open. */
  get size(): number {
    return this.sessions.size;
  }

  /**
   * Closes every open watch with 4010: after a reset the changes it would resume from are
   * gone, so a client must list again rather than resume.
   */
  closeAll(message = 'the mock was reset: list again, then watch since the listing\'s revision'): void {
    for (const session of [...this.sessions]) session.fail(WATCH_CLOSE_CODES.revisionCompacted, message);
    this.sessions.clear();
  }
}
