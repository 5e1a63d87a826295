import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CommittedChange } from '@config-service/contract';
import type { ChangeLogStore } from '../storage/change-log-store';
import type { BusListener, ChangeBus } from './change-bus';
import { ChangeHub } from './change-hub';

/** The change log as the database keeps it: every committed change, by revision. */
class MemoryLog implements ChangeLogStore {
  readonly changes: CommittedChange[] = [];
  reads = 0;
  commit(): CommittedChange {
    const revision = this.changes.length + 1;
    const change: CommittedChange = { namespace: 'ns', key: `k${revision % 3}`, version: revision, revision, action: 'updated', valueJson: String(revision), secret: false, actor: 't', at: new Date() };
    this.changes.push(change);
    return change;
  }
  async changesSince(after: number, limit: number) {
    this.reads++;
    return this.changes.filter((c) => c.revision > after).slice(0, limit);
  }
  async headRevision() {
    return this.changes.length;
  }
}

/** A bus whose deliveries the test controls: it can reorder, repeat or lose them. */
class ManualBus implements ChangeBus {
  listeners = new Set<BusListener>();
  resync = new Set<() => void>();
  publish(change: CommittedChange) {
    this.deliver(change);
  }
  deliver(change: CommittedChange) {
    for (const listener of this.listeners) listener({ change, origin: 'remote', publishedAt: Date.now() });
  }
  subscribe(listener: BusListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onResync(listener: () => void) {
    this.resync.add(listener);
    return () => this.resync.delete(listener);
  }
  async probe() {}
  async close() {}
}

const hubs: ChangeHub[] = [];
afterEach(() => {
  for (const hub of hubs.splice(0)) hub.stop();
});

async function setup(pollIntervalMs = 60_000) {
  const log = new MemoryLog();
  const bus = new ManualBus();
  const hub = new ChangeHub({ log, bus, pollIntervalMs, batchSize: 4 });
  hubs.push(hub);
  const seen: number[] = [];
  hub.subscribe((change) => seen.push(change.revision));
  return { log, bus, hub, seen };
}

/** Until `seen` is `expected` (the hub reads the log asynchronously); fails after 5 s. */
const eventually = (seen: number[], expected: number[]) => vi.waitFor(() => expect(seen).toEqual(expected), { timeout: 5_000, interval: 5 });

describe('ChangeHub', () => {
  it('starts at the head of the log and dispatches the next changes in order', async () => {
    const { log, bus, hub, seen } = await setup();
    log.commit();
    log.commit();
    await hub.start();
    expect(hub.head).toBe(2);
    bus.deliver(log.commit());
    bus.deliver(log.commit());
    expect(seen).toEqual([3, 4]);
  });

  it('holds a change that arrives early and fills the gap from the log', async () => {
    const { log, bus, hub, seen } = await setup();
    await hub.start();
    const [c1, c2, c3] = [log.commit(), log.commit(), log.commit()];
    bus.deliver(c3);
    bus.deliver(c1);
    await eventually(seen, [1, 2, 3]);
    // Late copies of what was already dispatched are dropped.
    bus.deliver(c2);
    bus.deliver(c3);
    expect(seen).toEqual([1, 2, 3]);
  });

  it('finds changes the bus lost on the next poll, across several batches', async () => {
    const { log, hub, seen } = await setup(30);
    await hub.start();
    for (let i = 0; i < 10; i++) log.commit();
    await eventually(seen, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('catches up when the bus reconnects', async () => {
    const { log, bus, hub, seen } = await setup();
    await hub.start();
    log.commit();
    log.commit();
    for (const listener of bus.resync) listener();
    await eventually(seen, [1, 2]);
  });

  it('dispatches strictly increasing revisions whatever the delivery order', async () => {
    const { log, bus, hub, seen } = await setup();
    await hub.start();
    const all = Array.from({ length: 200 }, () => log.commit());
    // Shuffled, with duplicates, with one in ten lost.
    const deliveries = [...all, ...all.slice(50, 80)].filter((c) => c.revision % 10 !== 7);
    for (let i = deliveries.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [deliveries[i], deliveries[j]] = [deliveries[j]!, deliveries[i]!];
    }
    for (const change of deliveries) bus.deliver(change);
    await hub.catchUp();
    await eventually(seen, all.map((c) => c.revision));
  });
});
