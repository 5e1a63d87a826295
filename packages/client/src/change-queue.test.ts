import { describe, expect, it } from 'vitest';
import type { ConfigChange } from './client-types';
import { ChangeQueue } from './change-queue';

const change = (revision: number): ConfigChange => ({
  namespace: 'ns', key: 'k', action: 'updated', value: revision, previousValue: undefined, version: revision, revision, entry: null, source: 'watch',
});

describe('ChangeQueue', () => {
  it('yields buffered and later changes in order, and unsubscribes on break', async () => {
    let unsubscribed = false;
    const queue = new ChangeQueue().attach(() => {
      unsubscribed = true;
    });
    queue.push(change(1));
    queue.push(change(2));
    setTimeout(() => queue.push(change(3)), 5);
    const seen: number[] = [];
    for await (const item of queue) {
      seen.push(item.revision);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(unsubscribed).toBe(true);
  });

  it('ends a waiting iteration when the client closes', async () => {
    const queue = new ChangeQueue();
    const next = queue.next();
    queue.end();
    expect(await next).toEqual({ value: undefined, done: true });
    queue.push(change(1));
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });
});
