import { z } from 'zod';
import { withResponseHeaders } from './response-headers';
import { ofrepPaths } from './ofrep-paths';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { PROBLEM_CONTENT_TYPE } from '@config-service/core';
import {
  AuditPageSchema,
  AuditQuerySchema,
  TokenRequestSchema,
  TokenResponseSchema,
  CredentialInfoSchema,
  ApiKeyListSchema,
  CreateApiKeyRequestSchema,
  CreateConfigRequestSchema,
  CreatedApiKeySchema,
  ConfigEntrySchema,
  HistoryPageSchema,
  KeyNameSchema,
  ListQuerySchema,
  HistoryQuerySchema,
  NamespaceListSchema,
  NamespaceListingSchema,
  NamespaceNameSchema,
  ProblemSchema,
  PutConfigRequestSchema,
  RollbackRequestSchema,
  KeySchemaSchema,
  SchemaListSchema,
  SchemaDocumentSchema,
} from '../wire/schemas';

/*
 * The one OpenAPI 3.1 document, rendered from the same zod schemas the server and the mock
 * validate with, and served by both. Choices the wire contract leaves open are written into
 * the descriptions here.
 */

const problem = (description: string) => ({ description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } });
const json = (description: string, schema: z.ZodType, headers?: Record<string, z.ZodString>) => ({
  description,
  content: { 'application/json': { schema } },
  ...(headers ? { headers: z.object(headers) } : {}),
});

const etagHeader = z.string().meta({ description: 'The entry version as an entity tag: `"<version>"`.', example: '"4"' });
const schemaEtagHeader = z.string().meta({ description: 'The schema version as an entity tag: `"<version>"`.', example: '"2"' });
const locationHeader = z.string().meta({ description: 'Where the entry is read.' });

const commonErrors: ZodOpenApiResponsesObject = {
  '400': problem('`validation_failed`: a bad name, body, query parameter, header or cursor.'),
  '401': problem('`unauthorized`: no credential, or an unknown, expired or revoked one. Carries `WWW-Authenticate`.'),
  '403': problem('`forbidden`: the role or the namespace scope of the key does not allow this.'),
  '429': problem('`rate_limited`: too many requests for this credential, or too many failed authentications from this address or for this key prefix; carries `Retry-After` (seconds).'),
  '503': problem('`unavailable`: the database cannot be reached, or its disk is full (the detail then starts `insufficient_storage`).'),
};
const bodyErrors: ZodOpenApiResponsesObject = {
  '413': problem('`payload_too_large`: the body is over 4 MiB (1 KiB on `/api/v1/auth/token`; refused from `Content-Length` before reading, or as soon as a streamed body passes it), the encoded value over 1 MiB or the metadata over 16 KiB.'),
  '415': problem('`unsupported_media_type`: the body is not `application/json` in UTF-8.'),
};
const conditionalHeaders = z.object({
  'if-match': z.string().optional().meta({
    description: 'Write only if the live version is one of these tags (`"3"`, `W/"3"`, a bare `3`, or `*`); 412 `version_conflict` with `current_version` otherwise.',
  }),
  'if-none-match': z.string().optional().meta({ description: 'On PUT only `*`: create only, 412 if the key exists.' }),
});
const namespaceQuery = z.object({
  namespace: NamespaceNameSchema.optional().meta({ description: 'Default `default`.' }),
});
const keyPath = z.object({
  key: KeyNameSchema.meta({ description: 'The key. The literal key `namespace` is reserved (400), so `/api/v1/configs/namespace/{namespace}` never means a key.' }),
});

// operationId is required: generated clients name their methods by it (and Redocly's rules ask for it).
function op(summary: string, role: string, operation: Omit<ZodOpenApiOperationObject, 'summary'> & { operationId: string }): ZodOpenApiOperationObject {
  return { summary, description: `Needs the **${role}** role.${operation.description ? ` ${operation.description}` : ''}`, ...operation };
}

export function buildOpenApiDocument(version: string): object {
  const document = createDocument({
    openapi: '3.1.0',
    servers: [{ url: '/', description: 'The server that serves this document (every replica serves the same API).' }],
    info: {
      title: 'config-service',
      version,
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Self-hosted shared configuration. Every change takes the next global `revision`; each key has its own `version`. ' +
        'Values are any JSON and keep every digit. Errors are RFC 9457 problem+json with a stable `code`.\n\n' +
        '**Authentication**: an API key in `X-API-Key`, or a short-lived access token (JWT, HS256, 15 minutes by default) from ' +
        '`POST /api/v1/auth/token` as `Authorization: Bearer`. A token stops working as soon as its key is deleted (within 1 s on every replica). ' +
        'Roles: reader ⊂ writer ⊂ admin; a key may be limited to namespaces (403 outside them).\n\n' +
        '**Secrets**: entries with `secret: true` are stored encrypted (AES-256-GCM) in the entry, its history and any cache; ' +
        'readers with access get the plain value; audit rows and logs never contain it.\n\n' +
        '**Rate limits**: per credential per minute (429 `rate_limited` with `Retry-After`); failed token requests are limited per address, and failed ' +
        'authentications on any route or watch per address and per key prefix (checked before the credential is looked at).\n\n' +
        '**Bodies**: the caller and its role are checked before a body is read; bodies must be UTF-8 JSON (invalid bytes: 400); `%00` anywhere in the URL is refused with 400.\n\n' +
        '**Watch**: `WS /ws/v1/configs/updates` (see that path) streams changes in revision order, resumable with `since`, on every replica.\n\n' +
        '**OpenFeature**: `/ofrep/v1/evaluate/flags[/{key}]` implements the OpenFeature Remote Evaluation Protocol, so stock OFREP providers read config values as flags.',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
    },
    security: [{ apiKey: [] }, { bearer: [] }],
    paths: {
      '/api/v1/configs': {
        post: op('Create an entry', 'writer', {
          operationId: 'createConfig',
          description:
            '409 `already_exists` if the key is live. A deleted key may be created again; its version sequence continues. ' +
            "A value that fails the key's JSON Schema is 400 `validation_failed` with `errors[]` pointing into the body (`/value/...`); see `/api/v1/configs/{key}/schema`.",
          requestBody: { required: true, content: { 'application/json': { schema: CreateConfigRequestSchema } } },
          responses: {
            '201': json('Created.', ConfigEntrySchema, { ETag: etagHeader, Location: locationHeader }),
            '409': problem('`already_exists`.'),
            ...commonErrors,
            ...bodyErrors,
          },
        }),
      },
      '/api/v1/configs/{key}': {
        get: op('Read an entry', 'reader', {
          operationId: 'getConfig',
          requestParams: { path: keyPath, query: namespaceQuery, header: z.object({ 'if-none-match': z.string().optional() }) },
          responses: {
            '200': json('The entry.', ConfigEntrySchema, { ETag: etagHeader }),
            '304': { description: '`If-None-Match` names the current version.', headers: z.object({ ETag: etagHeader }) },
            '404': problem('`not_found`: absent or deleted.'),
            ...commonErrors,
          },
        }),
        put: op('Create or replace an entry (upsert)', 'writer', {
          operationId: 'putConfig',
          description:
            'A PUT that changes nothing (same value, metadata and secret flag, key order ignored) answers 200 with the entry as it is and makes no version, history item or event. ' +
            'Omitted `metadata` and `secret` keep their current values. ' +
            "A value that fails the key's JSON Schema is 400 `validation_failed` with `errors[]` pointing into the body (`/value/...`), and nothing is written.",
          requestParams: { path: keyPath, query: namespaceQuery, header: conditionalHeaders },
          requestBody: { required: true, content: { 'application/json': { schema: PutConfigRequestSchema } } },
          responses: {
            '200': json('Updated, or unchanged.', ConfigEntrySchema, { ETag: etagHeader }),
            '201': json('Created.', ConfigEntrySchema, { ETag: etagHeader, Location: locationHeader }),
            '412': problem('`version_conflict`; `current_version` is the live version or null.'),
            ...commonErrors,
            ...bodyErrors,
          },
        }),
        delete: op('Delete an entry', 'writer', {
          operationId: 'deleteConfig',
          description: 'History keeps a `deleted` item; the version sequence goes on if the key is created again.',
          requestParams: { path: keyPath, query: namespaceQuery, header: conditionalHeaders.pick({ 'if-match': true }) },
          responses: {
            '204': { description: 'Deleted.' },
            '404': problem('`not_found`.'),
            '412': problem('`version_conflict`.'),
            ...commonErrors,
          },
        }),
      },
      '/api/v1/configs/namespace/{namespace}': {
        get: op('List a namespace', 'reader', {
          operationId: 'listNamespaceConfigs',
          description:
            'Live entries sorted by key. `revision` is the global revision the listing saw, read in the same snapshot as the items: watch `since` it to miss nothing. ' +
            'An empty or unknown namespace gives 200 with no items.',
          requestParams: { path: z.object({ namespace: NamespaceNameSchema }), query: ListQuerySchema },
          responses: { '200': json('One page.', NamespaceListingSchema), ...commonErrors },
        }),
      },
      '/api/v1/configs/{key}/history': {
        get: op('History of a key', 'reader', {
          operationId: 'getConfigHistory',
          description: 'Newest first. Still readable after a delete; 404 only if the key never existed.',
          requestParams: { path: keyPath, query: HistoryQuerySchema },
          responses: { '200': json('One page.', HistoryPageSchema), '404': problem('`not_found`.'), ...commonErrors },
        }),
      },
      '/api/v1/configs/{key}/rollback': {
        post: op('Roll back to an earlier version', 'writer', {
          operationId: 'rollbackConfig',
          description:
            'Makes a new version (latest + 1, action `rolled_back`) with the value, metadata and secret flag of `version`. Restores a deleted key.',
          requestParams: { path: keyPath, query: namespaceQuery, header: conditionalHeaders.pick({ 'if-match': true }) },
          requestBody: { required: true, content: { 'application/json': { schema: RollbackRequestSchema } } },
          responses: {
            '200': json('The new version.', ConfigEntrySchema, { ETag: etagHeader }),
            '404': problem('`not_found`: no such key or version.'),
            '409': problem("`conflict`: that version is a deletion, or its value fails the key's current schema (`errors[]`, pointers under `/value`)."),
            '412': problem('`version_conflict`.'),
            ...commonErrors,
            ...bodyErrors,
          },
        }),
      },
      '/api/v1/configs/{key}/schema': {
        get: op("Read a key's JSON Schema", 'reader', {
          operationId: 'getConfigSchema',
          requestParams: { path: keyPath, query: namespaceQuery },
          responses: {
            '200': json('The schema.', KeySchemaSchema, { ETag: schemaEtagHeader }),
            '404': problem('`not_found`: the key has no schema.'),
            ...commonErrors,
          },
        }),
        put: op("Set a key's JSON Schema", 'writer', {
          operationId: 'putConfigSchema',
          description:
            'The body is the schema itself (draft 2020-12), as `application/schema+json` or `application/json`; a schema may exist before its key. ' +
            'From then on every create, update and rollback of the key is checked against it, on every store: a value that fails gets 400 `validation_failed` ' +
            '(409 `conflict` for a rollback) with `errors: [{path, message}]`, `path` a JSON Pointer into the request body (`/value/retries`), and nothing is written. ' +
            'A secret is checked in clear, before it is encrypted. Schema changes are versioned per key (ETag `"<version>"`, `If-Match` as for values), ' +
            'take no config revision and are audited (`schema_updated`). A PUT of the same schema answers 200 and makes no version.\n\n' +
            'Schemas are data, never fetched code: `$ref` resolves only inside the schema (anything else is 400). At most 64 KiB (413). ' +
            'Formats (`uri`, `email`, `date-time`, …) are checked; unknown keywords and formats are annotations. ' +
            '`pattern` and `patternProperties` use RE2 syntax and run in linear time (a pattern RE2 cannot run, e.g. a lookahead or a backreference, is 400), ' +
            'so no schema can stall the server; for the same reason `uniqueItems` on items not declared scalar needs `maxItems` ≤ 1000. ' +
            'Values are checked as JSON numbers (IEEE doubles): digits beyond double precision are stored but not seen by `multipleOf` or `maximum`.',
          requestParams: { path: keyPath, query: namespaceQuery, header: conditionalHeaders.pick({ 'if-match': true }) },
          requestBody: { content: { 'application/schema+json': { schema: SchemaDocumentSchema }, 'application/json': { schema: SchemaDocumentSchema } } },
          responses: {
            '200': json('Replaced, or unchanged.', KeySchemaSchema, { ETag: schemaEtagHeader }),
            '201': json('The key had no schema.', KeySchemaSchema, { ETag: schemaEtagHeader }),
            '400': problem('`validation_failed`: not a valid 2020-12 schema, a `$ref` that leaves the document, a pattern RE2 cannot run; `errors[].path` points into the schema.'),
            '409': problem("`conflict`: the key's current value does not satisfy this schema; `errors[].path` points into the value (`/value/...`)."),
            '412': problem('`version_conflict`; `current_version` is the live schema version or null.'),
            '413': problem('`payload_too_large`: the schema is over 64 KiB.'),
            ...commonErrors,
          },
        }),
        delete: op("Remove a key's JSON Schema", 'writer', {
          operationId: 'deleteConfigSchema',
          description: 'Values are no longer checked. Audited (`schema_deleted`); the next schema of the key continues its version sequence.',
          requestParams: { path: keyPath, query: namespaceQuery, header: conditionalHeaders.pick({ 'if-match': true }) },
          responses: { '204': { description: 'Removed.' }, '404': problem('`not_found`: the key has no schema.'), '412': problem('`version_conflict`.'), ...commonErrors },
        }),
      },
      '/api/v1/schemas': {
        get: op('Every JSON Schema of a namespace', 'reader', {
          operationId: 'listSchemas',
          description: 'Sorted by key: what `config-service codegen` reads. An unknown namespace gives 200 with no items.',
          requestParams: { query: namespaceQuery },
          responses: { '200': json('The schemas.', SchemaListSchema), ...commonErrors },
        }),
      },
      '/api/v1/namespaces': {
        get: op('List namespaces', 'reader', {
          operationId: 'listNamespaces',
          description: 'Namespaces with at least one live entry that the caller may read.',
          responses: { '200': json('Namespaces.', NamespaceListSchema), ...commonErrors },
        }),
      },
      '/api/v1/apikeys': {
        post: op('Create an API key', 'admin', {
          operationId: 'createApiKey',
          description: 'The key is in this response only; it is stored as a hash.',
          requestBody: { required: true, content: { 'application/json': { schema: CreateApiKeyRequestSchema } } },
          responses: { '201': json('Created.', CreatedApiKeySchema), ...commonErrors, ...bodyErrors },
        }),
        get: op('List API keys', 'admin', {
          operationId: 'listApiKeys',
          description: 'Active keys; never the key itself, a short prefix to recognise it.',
          responses: { '200': json('Keys.', ApiKeyListSchema), ...commonErrors },
        }),
      },
      '/api/v1/auth/token': {
        post: {
          summary: 'Trade an API key for an access token',
          operationId: 'issueToken',
          description:
            'Send the key as the body `{api_key}`, or as `X-API-Key` with no body or `{}`. The token is a JWT (HS256) with `iss` and `aud` `config-service`, ' +
            '`sub` the key name and `key_id`; it carries the roles of its key as they are when it is used. Failed attempts are rate limited per address. ' +
            'The body is at most 1 KiB (413 beyond). A token without `exp` is never accepted.',
          security: [],
          requestBody: { required: false, content: { 'application/json': { schema: TokenRequestSchema } } },
          responses: {
            '200': json('A token.', TokenResponseSchema),
            '400': commonErrors['400']!,
            '401': commonErrors['401']!,
            '429': commonErrors['429']!,
            ...bodyErrors,
          },
        },
      },
      '/api/v1/auth/self': {
        get: op('Describe the calling credential', 'reader', {
          operationId: 'getCurrentCredential',
          description:
            'The name, roles and namespaces of the API key behind this request (or behind its access token), never the key itself; ' +
            'what the console reads to decide which controls to show.',
          responses: { '200': json('The credential.', CredentialInfoSchema), ...commonErrors },
        }),
      },
      '/api/v1/audit': {
        get: op('Read the audit log', 'admin', {
          operationId: 'listAuditEntries',
          description:
            'Newest first. One row per change (created, updated, deleted, rolled_back) written in the same transaction as the change, ' +
            'and per admin action (API key created/deleted, token_issued, secrets rotated). `user_id` is the acting key name; values of secret entries show as "[secret]".',
          requestParams: { query: AuditQuerySchema },
          responses: { '200': json('One page.', AuditPageSchema), ...commonErrors },
        }),
      },
      '/api/v1/apikeys/{id}': {
        delete: op('Delete (revoke) an API key', 'admin', {
          operationId: 'deleteApiKey',
          requestParams: { path: z.object({ id: z.string() }) },
          responses: { '204': { description: 'Revoked.' }, '404': problem('`not_found`.'), ...commonErrors },
        }),
      },
      '/health': {
        get: {
          summary: 'Readiness',
          operationId: 'getHealth',
          security: [],
          description:
            'Public. 503 when the database cannot be reached; a cache outage, or a write refused for want of disk space in the last 15 s (`storage: down`), ' +
            'is `degraded` with 200. From SIGTERM/SIGINT on, 503 `{"status":"draining","checks":{}}` ' +
            'while requests in flight finish and watchers are handed their committed changes and closed with 1001 (`CONFIG_SERVICE_SHUTDOWN_TIMEOUT_MS`, default 10000). ' +
            'The body is a status report, not a problem.',
          responses: {
            '200': json('Serving.', HealthSchema),
            '503': json('The database cannot be reached, or the server is shutting down (`draining`).', HealthSchema),
          },
        },
      },
      '/health/live': {
        get: { summary: 'Liveness', operationId: 'getLiveness', security: [], responses: { '200': json('The process answers.', z.object({ status: z.literal('ok') })) } },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          operationId: 'getMetrics',
          security: [],
          description:
            'Prometheus text format. Public unless `CONFIG_SERVICE_METRICS_TOKEN` is set: then `Authorization: Bearer <that token>` is required (401 otherwise). ' +
            'With `CONFIG_SERVICE_METRICS_PORT` it is served on that port only (404 here). Namespace labels exist only for namespaces with entries that were read (at most 500). ' +
            '`config_requests_total{method,status}`, `config_request_duration_seconds{method,status}` (histogram), ' +
            '`config_cache_hit_ratio{namespace}`, `config_watchers_open`, `config_watch_events_sent_total`, `config_watch_closes_total{code}`, ' +
            '`config_fanout_lag_seconds` (histogram: another replica publishing a change to this one receiving it), ' +
            '`config_watch_notify_seconds` (summary: commit to the frame written to every matching watcher), `config_revision_head`, ' +
            'and the default Node.js process metrics (`process_*`, `nodejs_*`).',
          responses: { '200': { description: 'text/plain; version=0.0.4' }, '401': { description: 'CONFIG_SERVICE_METRICS_TOKEN is set and the request did not carry it.' } },
        },
      },
      '/ws/v1/configs/updates': {
        get: {
          summary: 'Watch changes (WebSocket)',
          operationId: 'watchConfigs',
          description:
            'Needs the **reader** role. A WebSocket upgrade (`ws://` / `wss://`). Credentials: `X-API-Key`, `Authorization: Bearer`, or ' +
            '`?access_token=` for browsers (never logged). A malformed query is refused before the upgrade with 400 problem+json, ' +
            'and 429 problem+json (with `Retry-After`) when this address or credential has too many open watches (`CONFIG_SERVICE_WATCH_MAX_PER_ADDRESS`, ' +
            '`_PER_CREDENTIAL`) or too many failed authentications. The credential is checked before the upgrade; a refusal is sent as the 4001/4003 close, and ' +
            'the socket is destroyed 1 s after any close the client does not answer. The server pings every heartbeat and drops a peer that did not answer the previous ping.\n\n' +
            'Server frames (JSON text): `{"type":"change", revision, action, namespace, key, version, value, secret, updated_by, updated_at}`; ' +
            '`{"type":"ready","revision":R}` once the replay from `since` is done (at once without `since`); `{"type":"heartbeat","revision":R}` ' +
            'at least every 30 s (15 s by default; a bookmark: nothing matching at or below R is still to come); `{"type":"error","code":4xxx,"message"}` ' +
            'right before a close with that code.\n\n' +
            'Close codes: 4001 no valid credential (also when the key is deleted or the token expires while watching), 4003 the role or namespace ' +
            'scope does not allow the watch, 4008 the client did not read fast enough (its outbound buffer overflowed), 4010 `since` is older ' +
            'than the change log the server replays (`CONFIG_SERVICE_CHANGE_LOG_RETENTION` revisions): list again and watch from the listing\'s ' +
            '`revision`.\n\n' +
            'Guarantees per connection: strictly increasing revisions, no duplicates, no gaps among matching changes; reconnecting with ' +
            '`since` = the last revision seen gives exactly once. A change committed through any replica reaches watchers on every replica.',
          parameters: [
            { name: 'namespace', in: 'query', required: false, description: 'Repeatable. None: every namespace the key may read.', schema: { type: 'array', items: { type: 'string' } }, style: 'form', explode: true },
            { name: 'key', in: 'query', required: false, description: 'Only this key.', schema: { type: 'string' } },
            { name: 'prefix', in: 'query', required: false, description: 'Only keys that start with this.', schema: { type: 'string' } },
            { name: 'since', in: 'query', required: false, description: 'Replay every matching change with a revision above this first.', schema: { type: 'integer', minimum: 0 } },
            { name: 'access_token', in: 'query', required: false, description: 'An access token, for clients that cannot send headers.', schema: { type: 'string' } },
          ],
          responses: {
            '101': { description: 'Switching protocols: the watch is open (authentication follows; failures close with 4001/4003).' },
            '400': problem('`validation_failed`: a malformed or unknown query parameter.'),
          },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', operationId: 'getOpenApiDocument', security: [], responses: { '200': { description: 'OpenAPI 3.1.' } } },
      },
      '/docs': {
        get: { summary: 'A page that renders this document', operationId: 'getDocs', security: [], responses: { '200': { description: 'HTML.' } } },
      },
      ...ofrepPaths,
    },
  });
  return withResponseHeaders(document);
}

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'unavailable', 'draining']),
    checks: z.record(z.string(), z.enum(['ok', 'down'])),
  })
  .meta({ id: 'Health' });
