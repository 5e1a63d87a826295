import { describe, expect, it } from 'vitest';
import type { ClientTimers } from './platform';
import { SnapshotWriter } from './snapshot-writer';

/** Timers that fire only when the test says so: the writer must wait through them, not the host's. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const timers: ClientTimers = {
    now: () => 0,
    setTimeout: (callback, ms) => {
      pending.set(++next, { callback, ms });
      return next;
    },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const fire = () => {
    const due = [...pending.values()];
    pending.clear();
    for (const timer of due) timer.callback();
  };
  return { timers, pending, fire };
}

describe('SnapshotWriter', () => {
  it('coalesces a burst into one write, waiting on the injected timers', async () => {
    const saved: string[] = [];
    let state = 0;
    const { timers, pending, fire } = manualTimers();
    const writer = new SnapshotWriter({ location: 'memory', load: async () => null, save: async (text) => void saved.push(text) }, () => String(++state), () => undefined, timers);
    writer.schedule();
    writer.schedule();
    writer.schedule();
    expect([...pending.values()].map((timer) => timer.ms)).toEqual([20]);
    await new Promise((settled) => setTimeout(settled, 50));
    expect(saved).toEqual([]);
    fire();
    await writer.flush();
    expect(saved).toEqual(['1']);
  });

  it('flush writes what is pending at once and cancels the timer', async () => {
    const saved: string[] = [];
    const { timers, pending } = manualTimers();
    const writer = new SnapshotWriter({ location: 'memory', load: async () => null, save: async (text) => void saved.push(text) }, () => 'state', () => undefined, timers);
    writer.schedule();
    await writer.flush();
    expect(saved).toEqual(['state']);
    expect(pending.size).toBe(0);
  });
});
