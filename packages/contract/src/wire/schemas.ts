import { z } from 'zod';
import { isLosslessNumber } from 'lossless-json';
import {
  DEFAULT_LIST_LIMIT,
  HISTORY_ACTIONS,
  KEY_PATTERN,
  MAX_LIST_LIMIT,
  NAMESPACE_PATTERN,
  RESERVED_KEYS,
  ROLES,
  AUDIT_ENTITY_TYPES,
  type AuditEntityType,
  type ConfigEntry,
  type HistoryItem,
} from '@config-service/core';

/*
 * Request and response schemas: the server validates with them and renders OpenAPI from
 * them, so the contract is written once. Bodies are parsed with lossless-json, so a number
 * arrives as a LosslessNumber; `losslessInt` accepts both forms where a plain count is meant.
 */

const jsonValue = z
  .unknown()
  .refine((value) => value !== undefined, { message: 'is required' })
  .meta({ description: 'Any JSON value; numbers keep every digit.' });

export const NamespaceNameSchema = z
  .string()
  .regex(NAMESPACE_PATTERN, `must match ${NAMESPACE_PATTERN.source}`)
  .meta({ id: 'NamespaceName', example: 'payments' });

export const KeyNameSchema = z
  .string()
  .regex(KEY_PATTERN, `must match ${KEY_PATTERN.source}`)
  .refine((key) => !RESERVED_KEYS.has(key), { message: 'is a reserved key' })
  .meta({ id: 'KeyName', example: 'stripe.timeout_ms' });

// A custom check rather than z.record: z.record copies members into a new object by
// assignment, which turns a "__proto__" member into the new object's prototype. The object is
// kept as parsed (lossless-json defines every member as an own property).
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !isLosslessNumber(value);

export const MetadataSchema = z
  .custom<Record<string, unknown>>(isPlainObject, { message: 'must be a JSON object or null' })
  .meta({ override: { type: 'object', additionalProperties: true } })
  .nullable()
  .meta({ id: 'Metadata', description: 'A JSON object or null, at most 16 KiB encoded.' });

function losslessInt(min: number) {
  return z.preprocess(
    (value) => (isLosslessNumber(value) ? Number(value.value) : value),
    z.number().int().min(min).max(Number.MAX_SAFE_INTEGER),
  );
}

export const CreateConfigRequestSchema = z
  .strictObject({
    namespace: NamespaceNameSchema.optional(),
    key: KeyNameSchema,
    value: jsonValue,
    metadata: MetadataSchema.optional(),
    secret: z.boolean().optional(),
  })
  .meta({ id: 'CreateConfigRequest' });
export type CreateConfigRequest = z.infer<typeof CreateConfigRequestSchema>;

export const PutConfigRequestSchema = z
  .strictObject({
    value: jsonValue,
    metadata: MetadataSchema.optional().meta({
      description: 'Omitted: the current metadata is kept (null on create). null clears it.',
    }),
    secret: z.boolean().optional().meta({ description: 'Omitted: the current flag is kept (false on create).' }),
  })
  .meta({ id: 'PutConfigRequest' });
export type PutConfigRequest = z.infer<typeof PutConfigRequestSchema>;

export const RollbackRequestSchema = z
  .strictObject({ version: losslessInt(1).meta({ description: 'The version whose value to restore.' }) })
  .meta({ id: 'RollbackRequest' });
export type RollbackRequest = z.infer<typeof RollbackRequestSchema>;

const limitParam = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .meta({ description: `1 to ${max}; default ${fallback}.` });

export const NamespaceQuerySchema = z.strictObject({ namespace: NamespaceNameSchema.optional() });

export const ListQuerySchema = z.strictObject({
  prefix: z.string().max(255).optional().meta({ description: 'Only keys that start with this.' }),
  limit: limitParam(MAX_LIST_LIMIT, DEFAULT_LIST_LIMIT),
  cursor: z.string().max(1024).optional().meta({ description: 'next_cursor of the previous page.' }),
});

export const HistoryQuerySchema = z.strictObject({
  namespace: NamespaceNameSchema.optional(),
  limit: limitParam(MAX_LIST_LIMIT, DEFAULT_LIST_LIMIT),
  cursor: z.string().max(1024).optional(),
});

export const RoleSchema = z.enum(ROLES as ['reader', 'writer', 'admin']).meta({ id: 'Role' });

export const CreateApiKeyRequestSchema = z
  .strictObject({
    name: z.string().min(1).max(100).regex(/^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/, 'printable ASCII, no leading or trailing space'),
    roles: z.array(RoleSchema).min(1).max(3),
    namespaces: z.array(NamespaceNameSchema).min(1).max(1000).nullable().optional(),
    expires_at: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .meta({ id: 'CreateApiKeyRequest' });
export type CreateApiKeyRequest = z.infer<typeof CreateApiKeyRequestSchema>;

const timestamp = z.iso.datetime();

export const ConfigEntrySchema = z
  .object({
    namespace: z.string(),
    key: z.string(),
    value: z.unknown(),
    version: z.number().int(),
    revision: z.number().int(),
    secret: z.boolean(),
    metadata: MetadataSchema,
    created_at: timestamp,
    updated_at: timestamp,
    updated_by: z.string(),
  })
  .meta({ id: 'ConfigEntry' }) satisfies z.ZodType<ConfigEntry, unknown>;

export const HistoryItemSchema = z
  .object({
    version: z.number().int(),
    revision: z.number().int(),
    action: z.enum(HISTORY_ACTIONS as ['created', 'updated', 'deleted', 'rolled_back']),
    value: z.unknown(),
    created_at: timestamp,
    created_by: z.string(),
  })
  .meta({ id: 'HistoryItem' }) satisfies z.ZodType<HistoryItem, unknown>;

export const NamespaceListingSchema = z
  .object({
    namespace: z.string(),
    revision: z.number().int(),
    items: z.array(ConfigEntrySchema),
    next_cursor: z.string().nullable(),
  })
  .meta({ id: 'NamespaceListing' });

export const HistoryPageSchema = z
  .object({ items: z.array(HistoryItemSchema), next_cursor: z.string().nullable() })
  .meta({ id: 'HistoryPage' });

export const NamespaceListSchema = z
  .object({
    items: z.array(z.object({ name: z.string(), config_count: z.number().int(), updated_at: timestamp })),
  })
  .meta({ id: 'NamespaceList' });

export const ApiKeyInfoSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    namespaces: z.array(z.string()).nullable(),
    prefix: z.string(),
    created_at: timestamp,
    expires_at: timestamp.nullable(),
    last_used_at: timestamp.nullable(),
  })
  .meta({ id: 'ApiKeyInfo' });

export const CreatedApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    namespaces: z.array(z.string()).nullable(),
    created_at: timestamp,
    expires_at: timestamp.nullable(),
    key: z.string().meta({ description: 'Shown only in this response.' }),
  })
  .meta({ id: 'CreatedApiKey' });

export const ApiKeyListSchema = z.object({ items: z.array(ApiKeyInfoSchema) }).meta({ id: 'ApiKeyList' });

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    request_id: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    current_version: z.number().int().nullable().optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details.' });

export const TokenRequestSchema = z
  .strictObject({ api_key: z.string().min(1).max(512).optional() })
  .meta({ id: 'TokenRequest', description: 'The key in `api_key`, or in the X-API-Key header with no body or `{}` (what HTTP helpers send).' });

export const TokenResponseSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().meta({ description: 'Seconds until the token expires.' }),
  })
  .meta({ id: 'TokenResponse' });

export { AUDIT_ENTITY_TYPES, type AuditEntityType };

export const AuditQuerySchema = z.object({
  entity_type: z.enum(AUDIT_ENTITY_TYPES).optional(),
  entity_id: z.string().min(1).max(400).optional().meta({ description: '`namespace/key` for config, the key id for apikey.' }),
  user_id: z.string().min(1).max(100).optional().meta({ description: 'The name of the key that acted.' }),
  action: z.string().min(1).max(50).optional().meta({ description: 'created, updated, deleted, rolled_back, token_issued, rotated' }),
  since: z.iso.datetime({ offset: true }).optional().meta({ description: 'Only rows created at or after this time.' }),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  cursor: z.string().max(1024).optional(),
});

export const AuditPageSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.number().int(),
        action: z.string(),
        entity_type: z.enum(AUDIT_ENTITY_TYPES),
        entity_id: z.string(),
        user_id: z.string(),
        changes: z.record(z.string(), z.unknown()).nullable().meta({ description: 'What changed; never a secret value.' }),
        request_id: z.string().nullable(),
        created_at: timestamp,
      }),
    ),
    next_cursor: z.string().nullable(),
  })
  .meta({ id: 'AuditPage' });

/** A key's JSON Schema as the schema routes return it. */
export const KeySchemaSchema = z
  .object({
    namespace: z.string(),
    key: z.string(),
    schema: z.unknown().meta({ description: 'The JSON Schema (draft 2020-12), as it was stored.' }),
    version: z.number().int().meta({ description: 'Per key, +1 on every change, never reused (not after a delete either).' }),
    updated_at: timestamp,
    updated_by: z.string(),
  })
  .meta({ id: 'KeySchema' });

export const SchemaListSchema = z
  .object({
    namespace: z.string(),
    items: z.array(z.object({ key: z.string(), schema: z.unknown(), version: z.number().int() })),
  })
  .meta({ id: 'SchemaList', description: 'Every schema of the namespace, sorted by key.' });

/** The body of `PUT /configs/{key}/schema`: the schema itself, an object or a boolean. */
export const SchemaDocumentSchema = z
  .union([z.record(z.string(), z.unknown()), z.boolean()])
  .meta({ id: 'JsonSchemaDocument', description: 'A JSON Schema, draft 2020-12.' });

export const CredentialInfoSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    roles: z.array(RoleSchema),
    namespaces: z.array(z.string()).nullable().meta({ description: 'null: every namespace.' }),
  })
  .meta({ id: 'CredentialInfo', description: 'The calling credential: what a console needs to decide what to show.' });
