import { describe, expect, it } from 'vitest';
import { ValidationError } from '@config-service/core';
import { ChangeFeed, ConfigEngine, MemoryConfigStore, SYSTEM_ACTOR } from '../index';

const fiftyProperties = {
  type: 'object',
  properties: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`p${i}`, { type: 'integer', minimum: 0 }])),
  required: ['p0'],
};

describe('SchemaEngine', () => {
  it('compiles a schema once per version: no write compiles, on this engine or on another over the same store', async () => {
    const store = new MemoryConfigStore();
    const engine = new ConfigEngine({ store, feed: new ChangeFeed() });
    await engine.schemas.put(SYSTEM_ACTOR, 'ns', 'k', fiftyProperties);
    expect(engine.schemas.compilations).toBe(1);
    for (let i = 0; i < 50; i += 1) await engine.put(SYSTEM_ACTOR, 'ns', 'k', { value: { p0: i, p1: 2 } });
    await expect(engine.put(SYSTEM_ACTOR, 'ns', 'k', { value: { p1: -1 } })).rejects.toBeInstanceOf(ValidationError);
    expect(engine.schemas.compilations).toBe(1);

    // Another replica meets the schema version on its first write, and compiles it that once.
    const replica = new ConfigEngine({ store, feed: new ChangeFeed() });
    for (let i = 0; i < 10; i += 1) await replica.put(SYSTEM_ACTOR, 'ns', 'k', { value: { p0: 100 + i } });
    expect(replica.schemas.compilations).toBe(1);

    // A new version is compiled once when it is stored, and the replica's next write meets it.
    await engine.schemas.put(SYSTEM_ACTOR, 'ns', 'k', { ...fiftyProperties, required: [] });
    expect(engine.schemas.compilations).toBe(2);
    await replica.put(SYSTEM_ACTOR, 'ns', 'k', { value: {} });
    expect(replica.schemas.compilations).toBe(2);
  });

  it('a refused schema stores nothing and a refused value writes nothing', async () => {
    const store = new MemoryConfigStore();
    const engine = new ConfigEngine({ store, feed: new ChangeFeed() });
    await expect(engine.schemas.put(SYSTEM_ACTOR, 'ns', 'k', { type: 'nope' })).rejects.toBeInstanceOf(ValidationError);
    await expect(engine.schemas.get('ns', 'k')).rejects.toThrow(/has no schema/);
    await engine.schemas.put(SYSTEM_ACTOR, 'ns', 'k', { type: 'string' });
    await expect(engine.create(SYSTEM_ACTOR, 'ns', 'k', { value: 1 })).rejects.toMatchObject({ errors: [{ path: '/value', message: 'must be string' }] });
    expect(store.revision).toBe(0);
  });
});
