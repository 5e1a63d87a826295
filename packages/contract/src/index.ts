// The contract engine and its storage port.
export { ConfigEngine } from './engine/config-engine';
export type { ConfigEngineOptions, WriteResult, Page, Listing } from './engine/config-engine';
export type {
  ConfigStore,
  EntryRef,
  WriteTransaction,
  StoredEntry,
  StoredHistoryItem,
  ChangeToCommit,
  NamespaceStats,
  ListPage,
  StoredSchema,
  SchemaToStore,
  SchemaTransaction,
} from './engine/config-store';
export { GroupCommit } from './engine/group-commit';
export type { GroupCommitOptions, RunBatch, UnitOutcome, WriteWork } from './engine/group-commit';
export { SchemaEngine } from './engine/schema-engine';
export type { SchemaWriteResult, SchemaLookup } from './engine/schema-engine';
export { ChangeFeed } from './engine/change-feed';
export type { CommittedChange, ChangeListener } from './engine/change-feed';
export { plainValueCodec } from './engine/value-codec';
export type { ValueCodec } from './engine/value-codec';
export type { AuditRecord, StoredAuditRecord } from './engine/audit-record';
export { apiKeyAudit, configChangeAudit, secretsAudit } from './engine/audit-records';
// The in-memory adapter of the port (the MSW mock's store).
export { MemoryConfigStore } from './memory/memory-config-store';
export type { MemoryConfigStoreOptions, AuditSink } from './memory/memory-config-store';
// Transport-neutral operations: what the server's routes and the mock's handlers serve.
export { configOperations, CONFIG_ROUTES } from './http/config-operations';
export type { ConfigOperations, ConfigOperationName } from './http/config-operations';
export type { Operation, OperationRequest, OperationResult, OperationRoute, OperationMethod } from './http/operation';
// Response bodies, as text with stored JSON spliced in.
export { keySchemaJson, schemaListJson } from './wire/wire-format';
export { entryJson, historyItemJson, listingJson, historyPageJson, namespacesJson, apiKeyJson, auditPageJson } from './wire/wire-format';
export { changeEventJson } from './wire/change-event-json';
// The one OpenAPI document.
export { buildOpenApiDocument } from './openapi/openapi-document';
// The contract's server-side rules.
export { checkPreconditions } from './rules/preconditions';
export type { Preconditions } from './rules/preconditions';
export { assertAllowed, canAccessNamespace, actorFor, SYSTEM_ACTOR } from './rules/access-policy';
export type { Principal, Actor } from './rules/access-policy';
export { validate } from './rules/validate';
export { encodeValue, encodeMetadata, sameJson } from './rules/value-rules';
export type { WriteInput } from './rules/value-rules';
export { apiKeyPrefix, isWellFormedApiKey, newApiKeyRecord, principalOfKey, apiKeyInfo, createdApiKey, apiKeyCreatedDetails, API_KEY_PREFIX_LENGTH } from './rules/api-key-rules';
export type { ApiKeyRecord } from './rules/api-key-rules';
export { auditChangesJson } from './rules/audit-changes';
export type { AuditChanges } from './rules/audit-changes';
export { etagFor, readPreconditions, notModified } from './rules/conditional-headers';
export type { HeaderReader } from './rules/conditional-headers';
export { assertJsonContentType } from './rules/json-content-type';
export { parseWatchQuery, forbiddenNamespaces, watchMatches } from './rules/watch-query';
export type { WatchQuery } from './rules/watch-query';
// Request and response schemas (zod), for validation and the OpenAPI document.
export {
  NamespaceNameSchema,
  KeyNameSchema,
  MetadataSchema,
  CreateConfigRequestSchema,
  PutConfigRequestSchema,
  RollbackRequestSchema,
  NamespaceQuerySchema,
  ListQuerySchema,
  HistoryQuerySchema,
  RoleSchema,
  CreateApiKeyRequestSchema,
  ConfigEntrySchema,
  HistoryItemSchema,
  NamespaceListingSchema,
  HistoryPageSchema,
  NamespaceListSchema,
  ApiKeyInfoSchema,
  CreatedApiKeySchema,
  ApiKeyListSchema,
  ProblemSchema,
  TokenRequestSchema,
  TokenResponseSchema,
  CredentialInfoSchema,
  AuditQuerySchema,
  AuditPageSchema,
  AUDIT_ENTITY_TYPES,
  KeySchemaSchema,
  SchemaListSchema,
  SchemaDocumentSchema,
} from './wire/schemas';
export type { CreateConfigRequest, PutConfigRequest, RollbackRequest, CreateApiKeyRequest, AuditEntityType } from './wire/schemas';
