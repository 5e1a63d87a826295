/*
 * Headers the pipeline puts on responses, declared once in `components.headers` and referenced
 * from every response that carries them, so generated clients and linters see them.
 */

type Json = Record<string, unknown>;

const HEADERS: Record<string, Json> = {
  'X-Request-Id': {
    description: 'The id of this request, also in the problem body (`request_id`) and the log line.',
    schema: { type: 'string' },
  },
  RateLimit: {
    description: 'IETF draft 7: `limit=<n>, remaining=<n>, reset=<seconds>` for this credential (per address without one).',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': { description: 'IETF draft 7: `<limit>;w=60`.', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } },
  'WWW-Authenticate': { description: 'The accepted schemes: `Bearer` and `ApiKey` (header `X-API-Key`).', schema: { type: 'string' } },
};

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** Which of HEADERS a response carries: every one a request id; rate limits under /api and /ofrep. */
function headersFor(path: string, status: string): string[] {
  const names = ['X-Request-Id'];
  if (path.startsWith('/api/') || path.startsWith('/ofrep/')) names.push('RateLimit', 'RateLimit-Policy');
  if (status === '429') names.push('Retry-After');
  if (status === '401') names.push('WWW-Authenticate');
  return names;
}

export function withResponseHeaders<T extends object>(document: T): T {
  const doc = document as Json;
  const components = (doc.components ??= {}) as Json;
  components.headers = { ...(components.headers as Json | undefined), ...HEADERS };
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const operation of Object.values(item)) {
      const responses = (operation as Json | undefined)?.responses as Record<string, Json> | undefined;
      if (!responses) continue;
      for (const [status, response] of Object.entries(responses)) {
        if ('$ref' in response) continue;
        const headers = (response.headers ??= {}) as Json;
        for (const name of headersFor(path, status)) headers[name] ??= ref(name);
      }
    }
  }
  return document;
}
