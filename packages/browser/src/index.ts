export { createClient } from './create-client';
export type { BrowserClientOptions, BrowserRequestClientOptions } from './create-client';
export { loadConfig } from './load-config';
export type { LoadConfigOptions } from './load-config';
export { createLocalStorageSnapshotStore, DEFAULT_SNAPSHOT_KEY } from './local-storage-snapshot-store';
export {
  ConfigClient,
  RequestConfigClient,
  SnapshotError,
  ConfigServiceError,
  isConfigServiceError,
  ValidationError,
  ReceivedValueError,
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
  WriteOptions,
  SetOptions,
  HistoryOptions,
  BackoffOptions,
  AccessToken,
  TokenProvider,
  SnapshotStore,
  ValueSchema,
  JsonValue,
  ValueCheck,
  ConfigTypes,
} from '@config-service/core';
