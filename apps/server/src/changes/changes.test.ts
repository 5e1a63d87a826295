import { describe, expect, it } from 'vitest';
import type { CommittedChange } from '@config-service/contract';
import type { ChangeLogStore } from '../storage/change-log-store';
import { LruEntryCache } from '../cache/lru-entry-cache';
import { markerFor } from '../cache/entry-cache';
import type { BusDelivery } from './change-bus';
import { createChanges } from './changes';

const change = (revision: number): CommittedChange => ({
  namespace: 'ns',
  key: 'k',
  version: revision,
  revision,
  action: 'updated',
  valueJson: String(revision),
  secret: false,
  actor: 'tester',
  at: new Date(),
});

/** A change log that holds what the test says was committed. */
function logOf(committed: CommittedChange[]): ChangeLogStore {
  return {
    headRevision: async () => 0,
    changesSince: async (after, limit) => committed.filter((c) => c.revision > after).slice(0, limit),
  };
}

describe('the changes room', () => {
  it('takes a change announced on the feed to this replica\'s cache at once, then through the bus and the hub in order', async () => {
    const committed = [change(1)];
    const local = new LruEntryCache();
    const deliveries: BusDelivery[] = [];
    const changes = createChanges({ log: logOf(committed), local, pollIntervalMs: 60_000, onDelivery: (d) => deliveries.push(d), onError: () => undefined });
    const dispatched: number[] = [];
    changes.hub.subscribe((c) => dispatched.push(c.revision));
    await changes.start();

    changes.feed.announce(committed[0]!);
    // Before the write could answer: the marker is in, so the next read goes past any older entry.
    expect(local.get('ns', 'k')).toEqual(markerFor(1));
    expect(deliveries).toEqual([]);
    await new Promise((done) => setImmediate(done));
    expect(deliveries.map((d) => [d.change.revision, d.origin])).toEqual([[1, 'local']]);
    expect(dispatched).toEqual([1]);
    expect(changes.hub.head).toBe(1);
    await changes.stop();
  });
});
