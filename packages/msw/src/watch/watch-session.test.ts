import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryConfigStore } from '../store/in-memory-config-store';
import { ApiKeyRegistry } from '../auth/api-key-registry';
import { WatchHub } from './watch-hub';
import type { WatchConnection } from './watch-session';

interface Frame {
  type: string;
  revision?: number;
  key?: string;
  namespace?: string;
  value?: unknown;
  code?: number;
}

/** A connection that records what the session sent and how it closed. */
function fakeConnection(query: string) {
  const frames: Frame[] = [];
  const closes: { code: number; reason: string }[] = [];
  const connection: WatchConnection = {
    url: new URL(`ws://config-service.mock/ws/v1/configs/updates${query}`),
    send: (text) => frames.push(JSON.parse(text) as Frame),
    close: (code, reason) => closes.push({ code, reason }),
  };
  return { connection, frames, closes };
}

function setup(heartbeatMs = 15_000) {
  const store = new InMemoryConfigStore();
  const keys = new ApiKeyRegistry();
  const reader = keys.create({ name: 'reader', roles: ['reader'] });
  const token = keys.issueToken(reader.key).access_token;
  const hub = new WatchHub({ store, keys, heartbeatMs });
  const watch = (query: string) => {
    const fake = fakeConnection(query);
    const close = hub.open(fake.connection);
    return { ...fake, close };
  };
  return { store, keys, reader, token, hub, watch };
}

const changes = (frames: Frame[]) => frames.filter((frame) => frame.type === 'change').map((frame) => `${frame.revision}:${frame.namespace}/${frame.key}`);

afterEach(() => {
  vi.useRealTimers();
});

describe('WatchSession', () => {
  it('replays the matching changes after since, says ready at the latest revision, then streams live ones in order', async () => {
    const { store, token, watch } = setup();
    await store.put('w', 'a', 'x', { value: 1 });
    await store.put('w', 'b', 'x', { value: 1 });
    await store.put('w', 'a', 'y', { value: 2 });
    const session = watch(`?access_token=${token}&namespace=a&since=1`);
    expect(session.frames).toEqual([
      expect.objectContaining({ type: 'change', revision: 3, namespace: 'a', key: 'y', value: 2 }),
      { type: 'ready', revision: 3 },
    ]);
    await store.put('w', 'b', 'z', { value: 3 });
    await store.delete('w', 'a', 'x');
    expect(session.frames.at(-1)).toMatchObject({ type: 'change', revision: 5, action: 'deleted', value: null, version: 2 });
    expect(changes(session.frames)).toEqual(['3:a/y', '5:a/x']);
    session.close();
    await store.put('w', 'a', 'after', { value: 1 });
    expect(changes(session.frames)).toEqual(['3:a/y', '5:a/x']);
  });

  it('sends only live changes without since, filtered by key and prefix', async () => {
    const { store, token, watch } = setup();
    await store.put('w', 'a', 'old', { value: 0 });
    const byKey = watch(`?access_token=${token}&key=feature.x`);
    const byPrefix = watch(`?access_token=${token}&prefix=feature.`);
    expect(byKey.frames).toEqual([{ type: 'ready', revision: 1 }]);
    await store.put('w', 'a', 'feature.x', { value: true });
    await store.put('w', 'b', 'feature.y', { value: true });
    await store.put('w', 'b', 'other', { value: true });
    expect(changes(byKey.frames)).toEqual(['2:a/feature.x']);
    expect(changes(byPrefix.frames)).toEqual(['2:a/feature.x', '3:b/feature.y']);
  });

  it('never carries events of namespaces outside a scoped key, and refuses to watch them with 4003', async () => {
    const { store, keys, watch } = setup();
    const scoped = keys.create({ name: 'scoped', roles: ['reader'], namespaces: ['mine'] });
    const token = keys.issueToken(scoped.key).access_token;
    const all = watch(`?access_token=${token}`);
    await store.put('w', 'other', 'a', { value: 1 });
    await store.put('w', 'mine', 'a', { value: 1 });
    expect(changes(all.frames)).toEqual(['2:mine/a']);

    const refused = watch(`?access_token=${token}&namespace=other`);
    expect(refused.frames).toEqual([{ type: 'error', code: 4003, message: 'the key "scoped" may not read the namespace "other"' }]);
    expect(refused.closes).toEqual([{ code: 4003, reason: expect.stringContaining('may not read') as string }]);
  });

  it('closes with 4001 without a valid token, and when the key is deleted', async () => {
    const { keys, reader, token, watch } = setup();
    const anonymous = watch('');
    expect(anonymous.frames[0]).toMatchObject({ type: 'error', code: 4001 });
    expect(anonymous.closes[0]?.code).toBe(4001);
    expect(watch('?access_token=not-a-token').closes[0]?.code).toBe(4001);

    const live = watch(`?access_token=${token}`);
    keys.delete(reader.id);
    expect(live.frames.at(-1)).toMatchObject({ type: 'error', code: 4001 });
    expect(live.closes).toEqual([{ code: 4001, reason: 'the API key of this watch was deleted' }]);
  });

  it('closes with 4010 when since is older than the kept log or ahead of the store', async () => {
    const { store, token, watch } = setup();
    for (let i = 0; i < 5; i++) await store.put('w', 'a', `k${i}`, { value: i });
    store.forgetChangesThrough(3);
    expect(watch(`?access_token=${token}&since=2`).closes[0]?.code).toBe(4010);
    const fromFloor = watch(`?access_token=${token}&since=3`);
    expect(changes(fromFloor.frames)).toEqual(['4:a/k3', '5:a/k4']);
    const ahead = watch(`?access_token=${token}&since=9`);
    expect(ahead.frames[0]).toMatchObject({ type: 'error', code: 4010 });
    expect(ahead.closes[0]?.code).toBe(4010);
  });

  it('refuses a malformed watch URL like a refused handshake: 1006 and no frame', async () => {
    const { token, watch } = setup();
    for (const query of ['?since=-1', '?since=abc', '?key=bad%24key', '?namespace=bad/ns', '?prefix=', '?since=1&since=2', '?unknown=1']) {
      const refused = watch(`${query}&access_token=${token}`);
      expect(refused.frames, query).toEqual([]);
      expect(refused.closes[0]?.code, query).toBe(1006);
    }
  });

  it('sends heartbeats with the latest revision, and stops them when closed', async () => {
    vi.useFakeTimers();
    const { store, token, watch } = setup(1000);
    const session = watch(`?access_token=${token}&namespace=quiet`);
    await store.put('w', 'busy', 'a', { value: 1 });
    vi.advanceTimersByTime(1000);
    expect(session.frames).toEqual([
      { type: 'ready', revision: 0 },
      { type: 'heartbeat', revision: 1 },
    ]);
    session.close();
    vi.advanceTimersByTime(5000);
    expect(session.frames).toHaveLength(2);
  });

  it('closes with 4001 when the access token expires', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-11-25T10:00:00.000Z') });
    const store = new InMemoryConfigStore();
    const keys = new ApiKeyRegistry({ tokenTtlSeconds: 30 });
    const key = keys.create({ name: 'r', roles: ['reader'] });
    const hub = new WatchHub({ store, keys });
    const fake = fakeConnection(`?access_token=${keys.issueToken(key.key).access_token}`);
    hub.open(fake.connection);
    vi.advanceTimersByTime(29_999);
    expect(fake.closes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fake.closes).toEqual([{ code: 4001, reason: 'the access token has expired' }]);
  });

  it('closes every open watch with 4010 on reset', async () => {
    const { token, hub, watch } = setup();
    const first = watch(`?access_token=${token}`);
    watch(`?access_token=${token}`);
    expect(hub.size).toBe(2);
    hub.closeAll();
    expect(first.closes[0]?.code).toBe(4010);
    expect(hub.size).toBe(0);
  });
});
