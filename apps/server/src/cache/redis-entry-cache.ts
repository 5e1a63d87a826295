import type { Redis } from 'ioredis';
import type { StoredEntry } from '@config-service/contract';
import type { CacheSlot } from './entry-cache';

export interface RedisEntryCacheOptions {
  client: Redis;
  /** Keys are `<prefix>entry:<namespace>/<key>`. @default 'config-service:' */
  prefix?: string;
  /** @default 1 hour */
  ttlMs?: number;
}

/*
 * The compare-and-set, atomic in Redis: the stored text starts with "<revision>|<m or e>|", and
 * a slot is written only if its revision is higher, or equal with an entry replacing a marker.
 * So whatever order writers and slow readers arrive in, the newest revision stays.
 */
const OFFER_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
  local bar = string.find(current, '|', 1, true)
  local currentRevision = tonumber(string.sub(current, 1, bar - 1))
  local newRevision = tonumber(ARGV[1])
  if currentRevision > newRevision then return 0 end
  if currentRevision == newRevision then
    if not (string.sub(current, bar + 1, bar + 1) == 'm' and ARGV[2] == 'e') then return 0 end
  end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2] .. '|' .. ARGV[3], 'PX', ARGV[4])
return 1`;

interface Header {
  ns: string;
  k: string;
  ver: number;
  del: boolean;
  sec: boolean;
  ca: number;
  ua: number;
  by: string;
  /** Lengths of the value and metadata texts that follow; -1 for null. */
  vl: number;
  ml: number;
}

type ScriptClient = Redis & {
  configServiceOfferEntry(key: string, revision: string, kind: string, payload: string, ttlMs: string): Promise<number>;
};

/**
 * The shared cache of every replica. Entries are kept at rest (a secret's value sealed), so
 * Redis never holds a secret in clear. Fails fast when Redis is down (the caller reads the
 * database instead): the injected client should have its offline queue disabled.
 */
export class RedisEntryCache {
  private readonly client: ScriptClient;
  private readonly prefix: string;
  private readonly ttlMs: string;

  constructor(options: RedisEntryCacheOptions) {
    this.client = options.client as ScriptClient;
    this.prefix = `${options.prefix ?? 'config-service:'}entry:`;
    this.ttlMs = String(options.ttlMs ?? 60 * 60 * 1000);
    if (typeof this.client.configServiceOfferEntry !== 'function') {
      this.client.defineCommand('configServiceOfferEntry', { numberOfKeys: 1, lua: OFFER_SCRIPT });
    }
  }

  /** False while Redis is not connected: callers skip it rather than wait. */
  get available(): boolean {
    return this.client.status === 'ready';
  }

  async get(namespace: string, key: string): Promise<CacheSlot | undefined> {
    const text = await this.client.get(this.prefix + namespace + '/' + key);
    return text === null ? undefined : decodeSlot(text);
  }

  async offer(namespace: string, key: string, slot: CacheSlot): Promise<void> {
    await this.client.configServiceOfferEntry(
      this.prefix + namespace + '/' + key,
      String(slot.revision),
      slot.entry ? 'e' : 'm',
      slot.entry ? encodeEntry(slot.entry) : '',
      this.ttlMs,
    );
  }
}

function encodeEntry(entry: StoredEntry): string {
  const header: Header = {
    ns: entry.namespace,
    k: entry.key,
    ver: entry.version,
    del: entry.deleted,
    sec: entry.secret,
    ca: entry.createdAt.getTime(),
    ua: entry.updatedAt.getTime(),
    by: entry.updatedBy,
    vl: entry.valueJson === null ? -1 : entry.valueJson.length,
    ml: entry.metadataJson === null ? -1 : entry.metadataJson.length,
  };
  return `${JSON.stringify(header)}\n${entry.valueJson ?? ''}${entry.metadataJson ?? ''}`;
}

function decodeSlot(text: string): CacheSlot | undefined {
  const bar = text.indexOf('|');
  const revision = Number(text.slice(0, bar));
  if (bar < 0 || !Number.isSafeInteger(revision)) return undefined;
  if (text[bar + 1] === 'm') return { revision, entry: null };
  const body = text.slice(bar + 3);
  const newline = body.indexOf('\n');
  if (newline < 0) return undefined;
  const header = JSON.parse(body.slice(0, newline)) as Header;
  const rest = body.slice(newline + 1);
  const valueEnd = Math.max(header.vl, 0);
  return {
    revision,
    entry: {
      namespace: header.ns,
      key: header.k,
      valueJson: header.vl < 0 ? null : rest.slice(0, valueEnd),
      metadataJson: header.ml < 0 ? null : rest.slice(valueEnd, valueEnd + header.ml),
      secret: header.sec,
      version: header.ver,
      revision,
      deleted: header.del,
      createdAt: new Date(header.ca),
      updatedAt: new Date(header.ua),
      updatedBy: header.by,
    },
  };
}
