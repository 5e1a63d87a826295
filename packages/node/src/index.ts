export { createClient } from './create-client';
export type { NodeClientOptions, NodeRequestClientOptions } from './create-client';
export { loadConfig } from './load-config';
export type { LoadConfigOptions } from './load-config';
export { createFileSnapshotStore } from './file-snapshot-store';
export {
  ConfigClient,
  RequestConfigClient,
  SnapshotError,
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
  ConfigEntry,
  HistoryItem,
  HistoryPage,
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
  BackoffOptions,
  AccessToken,
  TokenProvider,
  SnapshotStore,
  ValueSchema,
  JsonValue,
} from '@config-service/core';
