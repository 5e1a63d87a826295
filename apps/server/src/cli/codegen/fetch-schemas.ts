import { fromProblem } from '@config-service/core';
import type { NamespaceSchemas } from './generate-config-types';

/** Reads `GET /api/v1/schemas?namespace=` for each namespace, with an API key. */
export async function fetchSchemas(baseUrl: string, namespaces: readonly string[], apiKey: string | undefined): Promise<NamespaceSchemas[]> {
  const results: NamespaceSchemas[] = [];
  for (const namespace of namespaces) {
    const url = new URL(`/api/v1/schemas?namespace=${encodeURIComponent(namespace)}`, baseUrl);
    const response = await fetch(url, { headers: { Accept: 'application/json', ...(apiKey ? { 'X-API-Key': apiKey } : {}) } });
    const body = (await response.json().catch(() => null)) as unknown;
    if (!response.ok) throw fromProblem(body, response.status);
    results.push(body as NamespaceSchemas);
  }
  return results;
}
