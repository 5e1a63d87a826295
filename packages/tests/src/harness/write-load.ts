import { randomUUID } from 'node:crypto';
import { HttpClient } from './http-client';

export interface AcknowledgedWrite {
  namespace: string;
  key: string;
  value: string;
  version: number;
}

export interface WriteLoad {
  /** Writes the server acknowledged (2xx), in the order answered. */
  acknowledged: AcknowledgedWrite[];
  /** How many answers each status got; 0: the request failed without an answer (server gone). */
  statuses: Map<number, number>;
  /** Every value sent, acknowledged or not: what must never appear in a log. */
  sent: string[];
  /** Stops the writers and resolves when they are done. */
  stop(): Promise<void>;
}

/**
 * `writers` loops, each PUTting values no one could guess (so a log line carrying one is found by
 * grep) to keys of its own, as fast as the server answers. Records every answer.
 */
export function startWriteLoad(baseUrl: string, apiKey: string, options: { writers?: number; namespace?: string } = {}): WriteLoad {
  const client = new HttpClient(baseUrl, apiKey);
  const namespace = options.namespace ?? 'load';
  const acknowledged: AcknowledgedWrite[] = [];
  const statuses = new Map<number, number>();
  const sent: string[] = [];
  let running = true;
  const loop = async (writer: number) => {
    for (let n = 0; running; n++) {
      const key = `w${writer}-k${n % 20}`;
      const value = `value-${randomUUID()}`;
      sent.push(value);
      let status = 0;
      let version = 0;
      try {
        const result = await client.put(`/api/v1/configs/${key}?namespace=${namespace}`, { value, metadata: { note: `meta-${value}` } });
        status = result.status;
        version = result.json?.version ?? 0;
      } catch {
        status = 0;
        await new Promise((done) => setTimeout(done, 20));
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 200 || status === 201) acknowledged.push({ namespace, key, value, version });
      if (status === 503) await new Promise((done) => setTimeout(done, 20));
    }
  };
  const loops = Array.from({ length: options.writers ?? 4 }, (_, writer) => loop(writer));
  return {
    acknowledged,
    statuses,
    sent,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/**
 * The acknowledged writes the server does not show: each must be in its key's history with the
 * value sent, and the live entry must be at that version or later.
 */
export async function missingWrites(baseUrl: string, apiKey: string, acknowledged: AcknowledgedWrite[]): Promise<string[]> {
  const client = new HttpClient(baseUrl, apiKey);
  const byKey = new Map<string, AcknowledgedWrite[]>();
  for (const write of acknowledged) {
    const name = `${write.namespace}/${write.key}`;
    byKey.set(name, [...(byKey.get(name) ?? []), write]);
  }
  const problems: string[] = [];
  for (const [name, writes] of byKey) {
    const { namespace, key } = writes[0]!;
    const history = new Map<number, unknown>();
    let cursor: string | null = null;
    do {
      const page = await client.get(`/api/v1/configs/${key}/history?namespace=${namespace}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      if (page.status !== 200) {
        problems.push(`${name}: history ${page.status}`);
        break;
      }
      for (const item of page.json.items as { version: number; value: unknown }[]) history.set(item.version, item.value);
      cursor = page.json.next_cursor;
    } while (cursor);
    for (const write of writes) {
      if (history.get(write.version) !== write.value) problems.push(`${name}: acknowledged version ${write.version} is not in the history with its value`);
    }
    const live = await client.get(`/api/v1/configs/${key}?namespace=${namespace}`);
    const newest = Math.max(...writes.map((write) => write.version));
    if (live.status !== 200 || live.json.version < newest) problems.push(`${name}: live ${live.status} version ${live.json?.version}, acknowledged ${newest}`);
  }
  return problems;
}
