import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { HttpClient } from '../harness/http-client';
import { metricSample } from '../harness/metric-sample';

/*
 * Concurrent writers over HTTP. On PostgreSQL many transactions really run at once (a pool of
 * connections); the same test on SQLite checks the single-writer path gives the same answers.
 */
describe.each(serverTargets())('concurrency on $name', (target) => {
  let running: RunningTarget;
  let admin: HttpClient;

  beforeAll(async () => {
    if (!target.available) return;
    running = await target.start();
    admin = new HttpClient(running.baseUrl, running.adminKey);
  });
  afterAll(async () => {
    await running?.stop();
  });

  it.skipIf(!target.available)('20 clients racing If-Match updates of one key: distinct versions, no lost update', async () => {
    const path = '/api/v1/configs/counter?namespace=race';
    expect((await admin.put(path, { value: { writer: 'init', n: 0 } })).status).toBe(201);
    const accepted: { writer: number; attempt: number; version: number }[] = [];
    let conflicts = 0;

    await Promise.all(
      Array.from({ length: 20 }, async (_, writer) => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const current = await admin.get(path);
          expect(current.status).toBe(200);
          const res = await admin.put(path, { value: { writer, attempt } }, { headers: { 'if-match': current.headers.get('etag')! } });
          if (res.status === 200) accepted.push({ writer, attempt, version: res.json.version });
          else {
            expect(res.status, res.text).toBe(412);
            expect(res.json.code).toBe('version_conflict');
            conflicts++;
          }
        }
      }),
    );

    const versions = accepted.map((a) => a.version);
    expect(new Set(versions).size).toBe(versions.length);
    expect(accepted.length).toBeGreaterThan(0);
    const final = await admin.get(path);
    expect(final.json.version).toBe(1 + accepted.length);

    // Every accepted write is in history at the version it was given: nothing was overwritten unseen.
    const history = await admin.get('/api/v1/configs/counter/history?namespace=race&limit=1000');
    expect(history.json.items).toHaveLength(1 + accepted.length);
    const byVersion = new Map(history.json.items.map((item: { version: number; value: unknown }) => [item.version, item.value]));
    for (const a of accepted) expect(byVersion.get(a.version)).toEqual({ writer: a.writer, attempt: a.attempt });
    console.log(`[concurrency:${target.name}] If-Match race: ${accepted.length} accepted, ${conflicts} refused with 412`);
  });

  it.skipIf(!target.available)('8 writers on different keys while a reader polls: listing revisions never go backwards', async () => {
    const ns = 'ordered';
    let writing = true;
    const writers = Array.from({ length: 8 }, async (_, writer) => {
      for (let i = 0; i < 40; i++) {
        const res = await admin.put(`/api/v1/configs/key-${writer}?namespace=${ns}`, { value: i });
        expect(res.status, res.text).toBeLessThan(300);
      }
    });
    let lastRevision = 0;
    let polls = 0;
    const seen = new Map<string, number>();
    const reader = (async () => {
      while (writing) {
        const res = await admin.get(`/api/v1/configs/namespace/${ns}?limit=1000`);
        expect(res.status).toBe(200);
        const listing = res.json as { revision: number; items: { key: string; version: number; revision: number }[] };
        expect(listing.revision).toBeGreaterThanOrEqual(lastRevision);
        for (const item of listing.items) {
          // Nothing in a listing is newer than the revision it reports…
          expect(item.revision).toBeLessThanOrEqual(listing.revision);
          // …and a change not seen before must be newer than every revision already reported.
          if (seen.get(item.key) !== item.version) {
            expect(item.revision).toBeGreaterThan(lastRevision);
            seen.set(item.key, item.version);
          }
        }
        lastRevision = listing.revision;
        polls++;
      }
    })();
    await Promise.all(writers);
    writing = false;
    await reader;
    expect(polls).toBeGreaterThan(1);
    const final = await admin.get(`/api/v1/configs/namespace/${ns}`);
    expect(final.json.items).toHaveLength(8);
    for (const item of final.json.items) expect(item.version).toBe(40);
    console.log(`[concurrency:${target.name}] reader polled ${polls} listings while 8 writers made 320 changes`);
  });

  it.skipIf(!target.available)(
    '24 writers with mixed preconditions, committed in shared transactions: each acknowledged write once in history, each 412 left nothing, revisions contiguous',
    async () => {
      const ns = 'mixed';
      const keys = ['k0', 'k1', 'k2'];
      for (const key of keys) expect((await admin.put(`/api/v1/configs/${key}?namespace=${ns}`, { value: { setup: key } })).status).toBe(201);
      const batchSum = async () => {
        const text = (await admin.get('/metrics')).text;
        const of = (name: string) => metricSample(text, `config_write_batch_size_${name}`) ?? NaN;
        return { sum: of('sum'), count: of('count') };
      };
      const batchesBefore = await batchSum();
      type Acknowledged = { key: string; version: number; revision: number; value: unknown; deleted?: boolean };
      const acknowledged: Acknowledged[] = [];
      let refused = 0;
      // Refused PUTs alone: of the 6 writers racing to create each `fresh-{round}`, 5 always are.
      let refusedWrites = 0;
      const write = async (key: string, body: unknown, headers: Record<string, string>) => {
        const res = await admin.put(`/api/v1/configs/${key}?namespace=${ns}`, body, { headers });
        if (res.status === 412) {
          expect(res.json.code).toBe('version_conflict');
          refused++;
          refusedWrites++;
          return;
        }
        expect(res.status, res.text).toBeLessThan(300);
        acknowledged.push({ key, version: res.json.version, revision: res.json.revision, value: (body as { value: unknown }).value });
      };
      await Promise.all(
        Array.from({ length: 24 }, async (_, writer) => {
          for (let round = 0; round < 6; round++) {
            const key = keys[(writer + round) % keys.length]!;
            const value = { writer, round };
            switch ((writer + round) % 4) {
              case 0:
                await write(key, { value }, {});
                break;
              case 1: {
                // The version just read: accepted only if nobody wrote in between.
                const current = await admin.get(`/api/v1/configs/${key}?namespace=${ns}`);
                await write(key, { value }, { 'if-match': current.headers.get('etag')! });
                break;
              }
              case 2:
                // Creates `fresh-{round}` once: of the writers racing for it, one wins.
                await write(`fresh-${round}`, { value }, { 'if-none-match': '*' });
                break;
              default: {
                // A version that does not exist yet: always refused.
                const res = await admin.delete(`/api/v1/configs/${key}?namespace=${ns}`, { headers: { 'if-match': '"100000"' } });
                expect(res.status).toBe(412);
                refused++;
              }
            }
          }
        }),
      );
      expect(refusedWrites).toBeGreaterThanOrEqual(30);
      const names = [...keys, ...Array.from({ length: 6 }, (_, round) => `fresh-${round}`)];
      const revisions: number[] = [];
      for (const key of names) {
        const history = await admin.get(`/api/v1/configs/${key}/history?namespace=${ns}&limit=1000`);
        const items = (history.status === 200 ? history.json.items : []) as { version: number; revision: number; value: unknown; action: string }[];
        const mine = acknowledged.filter((write) => write.key === key);
        const setup = keys.includes(key) ? 1 : 0;
        // Nothing but the setup and the acknowledged writes: a refused write left no version.
        expect(items, key).toHaveLength(setup + mine.length);
        const byVersion = new Map(items.map((item) => [item.version, item]));
        for (const write of mine) expect(byVersion.get(write.version), `${key} v${write.version}`).toMatchObject({ revision: write.revision, value: write.value });
        expect(new Set(items.map((item) => item.version)).size).toBe(items.length);
        revisions.push(...items.map((item) => item.revision));
      }
      // Every fresh key was created exactly once.
      for (let round = 0; round < 6; round++) expect(acknowledged.filter((write) => write.key === `fresh-${round}`).length).toBe(1);
      // The namespace's revisions are one contiguous run: none lost, none given twice.
      revisions.sort((a, b) => a - b);
      expect(revisions).toEqual(Array.from({ length: revisions.length }, (_, i) => revisions[0]! + i));
      const batchesAfter = await batchSum();
      const units = batchesAfter.sum - batchesBefore.sum;
      const transactions = batchesAfter.count - batchesBefore.count;
      // Every write reached the store as one unit, refused ones too (their check runs in the transaction).
      expect(units).toBe(acknowledged.length + refused);
      // Writers that queued shared transactions.
      expect(transactions).toBeLessThan(units);
      console.log(
        `[concurrency:${target.name}] mixed preconditions: ${acknowledged.length} acknowledged, ${refused} refused with 412, ${units} writes in ${transactions} transactions`,
      );
    },
    120_000,
  );
});
