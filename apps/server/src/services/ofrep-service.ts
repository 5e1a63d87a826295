import { createHash } from 'node:crypto';
import { assertAllowed, type ConfigEngine, type Principal, type StoredEntry } from '@config-service/contract';

const PAGE = 1000;
const q = JSON.stringify;

/** A bulk evaluation: the body as text and its entity tag (a digest of that text). */
export interface BulkEvaluation {
  body: string;
  etag: string;
}

/**
 * OpenFeature Remote Evaluation (OFREP) over config values: a value is a flag whose
 * evaluation is the value itself (reason `STATIC`, variant its version). The same entries,
 * roles and namespace scopes as the config routes; bodies are spliced from the stored JSON so
 * numbers keep every digit.
 */
export class OfrepService {
  constructor(private readonly configs: ConfigEngine) {}

  /** One flag; a `NotFoundError` when the key is absent or deleted. */
  async evaluate(principal: Principal, namespace: string, key: string): Promise<string> {
    assertAllowed(principal, 'reader', namespace);
    return evaluationJson(await this.configs.get(namespace, key));
  }

  /** Every flag of a namespace, with an entity tag that changes exactly when the body does. */
  async evaluateAll(principal: Principal, namespace: string): Promise<BulkEvaluation> {
    assertAllowed(principal, 'reader', namespace);
    const flags: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.configs.list(namespace, { limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const entry of page.items) flags.push(evaluationJson(entry));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    const body = `{"flags":[${flags.join(',')}]}`;
    // A digest of the body, not a revision: a change elsewhere does not invalidate this namespace.
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    return { body, etag };
  }
}

function evaluationJson(entry: StoredEntry): string {
  return (
    `{"key":${q(entry.key)},"value":${entry.valueJson ?? 'null'},"reason":"STATIC","variant":${q(String(entry.version))},` +
    `"metadata":{"namespace":${q(entry.namespace)},"version":${entry.version},"revision":${entry.revision}}}`
  );
}
