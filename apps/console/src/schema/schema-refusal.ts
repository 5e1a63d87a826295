import { schemaIssuesOf } from '../components/lazy';
import type { KeySchema } from '../session/sdk';
import { describeIssues } from './schema-issue';

/**
 * Why a write of `value` is refused before any request is sent: it breaks the key's schema.
 * Undefined when it may go (no schema, or it conforms); the server checks it again.
 */
export async function schemaRefusal(schema: KeySchema | undefined, value: unknown): Promise<Error | undefined> {
  if (!schema) return undefined;
  const broken = await schemaIssuesOf(schema.schema, value);
  if (broken.length === 0) return undefined;
  return new Error(`Not saved: the value does not match this key's schema (${describeIssues(broken)}). Correct the marked fields and try again.`);
}
