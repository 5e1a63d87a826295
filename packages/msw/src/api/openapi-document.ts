import { z } from 'zod';
import {
  ApiKeyListSchema,
  AuditPageSchema,
  ConfigEntrySchema,
  CreateApiKeyRequestSchema,
  CreateConfigRequestSchema,
  CreatedApiKeySchema,
  HistoryPageSchema,
  NamespaceListSchema,
  NamespaceListingSchema,
  PROBLEM_CONTENT_TYPE,
  ProblemSchema,
  PutConfigRequestSchema,
  RollbackRequestSchema,
  TokenRequestSchema,
  TokenResponseSchema,
  CredentialInfoSchema,
} from '@config-service/core';

/*
 * A smaller OpenAPI 3.1 document than the server's: every route the mock answers, its
 * statuses and its schemas (rendered from the same core zod schemas the server uses), without
 * the server's prose. It describes the mock, so a client generator or a docs page can be
 * pointed at it during development.
 */

const SCHEMAS = {
  ConfigEntry: ConfigEntrySchema,
  NamespaceListing: NamespaceListingSchema,
  HistoryPage: HistoryPageSchema,
  NamespaceList: NamespaceListSchema,
  CreateConfigRequest: CreateConfigRequestSchema,
  PutConfigRequest: PutConfigRequestSchema,
  RollbackRequest: RollbackRequestSchema,
  CreateApiKeyRequest: CreateApiKeyRequestSchema,
  CreatedApiKey: CreatedApiKeySchema,
  ApiKeyList: ApiKeyListSchema,
  TokenRequest: TokenRequestSchema,
  TokenResponse: TokenResponseSchema,
  CredentialInfo: CredentialInfoSchema,
  AuditPage: AuditPageSchema,
  Problem: ProblemSchema,
} satisfies Record<string, z.ZodType>;

type SchemaName = keyof typeof SCHEMAS;

interface OperationSpec {
  summary: string;
  /** null: public. */
  role: 'reader' | 'writer' | 'admin' | 'api key' | null;
  body?: SchemaName;
  /** The body may be left out (the token exchange takes the key as a header instead). */
  bodyOptional?: boolean;
  /** Status → the schema of a JSON answer, null for none; errors get Problem. */
  ok: Record<string, SchemaName | null>;
  errors: number[];
}

const common = [400, 401, 403];
const withBody = [...common, 413, 415];

const OPERATIONS: Record<string, Record<string, OperationSpec>> = {
  '/api/v1/configs': {
    post: { summary: 'Create an entry', role: 'writer', body: 'CreateConfigRequest', ok: { 201: 'ConfigEntry' }, errors: [...withBody, 409] },
  },
  '/api/v1/configs/{key}': {
    get: { summary: 'Read an entry', role: 'reader', ok: { 200: 'ConfigEntry', 304: null }, errors: [...common, 404] },
    put: { summary: 'Create or replace an entry (upsert)', role: 'writer', body: 'PutConfigRequest', ok: { 200: 'ConfigEntry', 201: 'ConfigEntry' }, errors: [...withBody, 412] },
    delete: { summary: 'Delete an entry', role: 'writer', ok: { 204: null }, errors: [...common, 404, 412] },
  },
  '/api/v1/configs/namespace/{namespace}': {
    get: { summary: 'List a namespace', role: 'reader', ok: { 200: 'NamespaceListing' }, errors: common },
  },
  '/api/v1/configs/{key}/history': {
    get: { summary: 'History of a key', role: 'reader', ok: { 200: 'HistoryPage' }, errors: [...common, 404] },
  },
  '/api/v1/configs/{key}/rollback': {
    post: { summary: 'Roll back to an earlier version', role: 'writer', body: 'RollbackRequest', ok: { 200: 'ConfigEntry' }, errors: [...withBody, 404, 409, 412] },
  },
  '/api/v1/namespaces': { get: { summary: 'List namespaces', role: 'reader', ok: { 200: 'NamespaceList' }, errors: common } },
  '/api/v1/auth/token': {
    post: { summary: 'Exchange an API key for an access token', role: 'api key', body: 'TokenRequest', bodyOptional: true, ok: { 200: 'TokenResponse' }, errors: [400, 401, 415] },
  },
  '/api/v1/auth/self': { get: { summary: 'Describe the calling credential', role: 'reader', ok: { 200: 'CredentialInfo' }, errors: common } },
  '/api/v1/audit': { get: { summary: 'The audit log, newest first', role: 'admin', ok: { 200: 'AuditPage' }, errors: common } },
  '/api/v1/apikeys': {
    post: { summary: 'Create an API key', role: 'admin', body: 'CreateApiKeyRequest', ok: { 201: 'CreatedApiKey' }, errors: withBody },
    get: { summary: 'List API keys', role: 'admin', ok: { 200: 'ApiKeyList' }, errors: common },
  },
  '/api/v1/apikeys/{id}': { delete: { summary: 'Delete (revoke) an API key', role: 'admin', ok: { 204: null }, errors: [...common, 404] } },
  '/health': { get: { summary: 'Readiness', role: null, ok: { 200: null }, errors: [] } },
  '/health/live': { get: { summary: 'Liveness', role: null, ok: { 200: null }, errors: [] } },
  '/metrics': { get: { summary: 'Prometheus metrics', role: null, ok: { 200: null }, errors: [] } },
  '/openapi.json': { get: { summary: 'This document', role: null, ok: { 200: null }, errors: [] } },
  '/docs': { get: { summary: 'A page that lists the operations of this document', role: null, ok: { 200: null }, errors: [] } },
};

const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });

function operation(spec: OperationSpec): object {
  const responses: Record<string, object> = {};
  for (const [status, schema] of Object.entries(spec.ok)) {
    responses[status] = schema ? { description: 'OK', content: { 'application/json': { schema: ref(schema) } } } : { description: 'OK' };
  }
  for (const status of spec.errors) responses[String(status)] = { description: 'Problem', content: { [PROBLEM_CONTENT_TYPE]: { schema: ref('Problem') } } };
  return {
    summary: spec.summary,
    ...(spec.role === null ? { security: [] } : { description: `Needs the ${spec.role} role.` }),
    ...(spec.body ? { requestBody: { required: !spec.bodyOptional, content: { 'application/json': { schema: ref(spec.body) } } } } : {}),
    responses,
  };
}

/** The mock's OpenAPI 3.1 document. */
export function buildOpenApiDocument(): object {
  const schemas: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    schemas[name] = z.toJSONSchema(schema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' });
  }
  const paths: Record<string, Record<string, object>> = {};
  for (const [path, methods] of Object.entries(OPERATIONS)) {
    paths[path] = Object.fromEntries(Object.entries(methods).map(([method, spec]) => [method, operation(spec)]));
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'config-service (MSW mock)',
      version: '1',
      description: 'The in-memory mock of config-service from @config-service/msw. The watch is `WS /ws/v1/configs/updates`.',
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas,
    },
    security: [{ apiKey: [] }, { bearer: [] }],
    paths,
  };
}
