import type { RequestListener } from 'node:http';

/**
 * Counts the HTTP requests being served, so a shutdown can wait for them. Once draining, every
 * response says `Connection: close`: a keep-alive client leaves this process after its next
 * answer instead of sending more requests to it.
 */
export class InFlightRequests {
  private active = 0;
  private draining = false;
  private readonly waiters = new Set<() => void>();
  /** Every response's close listener: one function, not a closure per request. */
  private readonly finished = () => {
    this.active--;
    if (this.active === 0) for (const wake of this.waiters) wake();
  };

  get count(): number {
    return this.active;
  }

  track(listener: RequestListener): RequestListener {
    return (req, res) => {
      this.active++;
      if (this.draining) res.setHeader('Connection', 'close');
      res.on('close', this.finished);
      listener(req, res);
    };
  }

  startDraining(): void {
    this.draining = true;
  }

  /** Resolves when no request is being served, or at `deadline` (epoch ms); true if idle. */
  async idle(deadline: number): Promise<boolean> {
    if (this.active === 0) return true;
    let wake!: () => void;
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((done) => {
      wake = done;
      this.waiters.add(wake);
      timer = setTimeout(done, Math.max(0, deadline - Date.now()));
    });
    clearTimeout(timer);
    this.waiters.delete(wake);
    return this.active === 0;
  }
}
