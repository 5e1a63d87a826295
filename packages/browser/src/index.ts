export { createClient } from './create-client';
export type { BrowserClientOptions } from './create-client';
export { createRequestClient } from './create-request-client';
export type { BrowserRequestClientOptions } from './create-request-client';
export { loadConfig } from './load-config';
export type { LoadConfigOptions } from './load-config';
export { createLocalStorageSnapshotStore, DEFAULT_SNAPSHOT_KEY } from './local-storage-snapshot-store';
export {
  ConfigClient,
  RequestConfigClient,
  ConfigAdmin,
  SnapshotError,
  ReceivedValueError,
} from '@config-service/client';
export {
  rolesAllow,
  ConfigServiceError,
  isConfigServiceError,
  ValidationError,
  UnauthorizedError,
  ForbiddenError,
  NotFoundError,
  AlreadyExistsError,
  ConflictError,
  VersionConflictError,
  PayloadTooLargeError,
  RateLimitedError,
  InternalError,
  UnavailableError,
  LosslessNumber,
  isLosslessNumber,
} from '@config-service/core';
export type {
  ClientStatus,
  ConfigChange,
  SubscriptionTarget,
  ChangeListener,
  StatusListener,
  ReadOptions,
  GetOptions,
  ReadyOptions,
  JsonMode,
  WriteOptions,
  SetOptions,
  HistoryOptions,
  ListOptions,
  CreateApiKeyInput,
  AuditQuery,
  BackoffOptions,
  AccessToken,
  TokenProvider,
  SnapshotStore,
  ValueSchema,
  ValueCheck,
} from '@config-service/client';
export type {
  ConfigEntry,
  KeySchema,
  HistoryItem,
  HistoryPage,
  JsonValue,
  AuditItem,
  AuditPage,
  ApiKeyInfo,
  CreatedApiKey,
  CredentialInfo,
  Role,
  NamespaceListing,
  NamespaceSummary,
  ConfigTypes,
} from '@config-service/core';
