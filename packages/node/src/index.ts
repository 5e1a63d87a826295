export { createClient } from './create-client';
export type { NodeClientOptions, NodeRequestClientOptions } from './create-client';
export { loadConfig } from './load-config';
export type { LoadConfigOptions } from './load-config';
export { createFileSnapshotStore } from './file-snapshot-store';
export {
  ConfigClient,
  RequestConfigClient,
  SnapshotError,
  ReceivedValueError,
} from '@config-service/client';
export {
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
  ConfigTypes,
} from '@config-service/core';
