export { ConfigClient } from './config-client';
export type { GetOptions, ReadyOptions } from './config-client';
export type { JsonMode } from './json-codec';
export { isPermanentFailure } from './permanent-failure';
export { ReceivedValueError } from './received-value-check';
export type { ValueCheck } from './received-value-check';
export type { TypedReadOptions, UntypedReadOptions } from './typed-read-options';
export { RequestConfigClient } from './request-client';
export { ConfigRemote } from './config-remote';
export { ConfigAdmin } from './config-admin';
export type { CreateApiKeyInput, AuditQuery } from './config-admin';
export { createConfigClient } from './create-config-client';
export { loadClient } from './load-client';
export { SnapshotError } from './snapshot-codec';
export type { ConfigSnapshot } from './snapshot-codec';
export { backoffDelay } from './backoff';
export { validateValue } from './validate-value';
export type {
  ClientMode,
  ClientStatus,
  ConfigChange,
  SubscriptionTarget,
  ChangeListener,
  StatusListener,
  ValueSchema,
  SchemaOutput,
  ReadOptions,
  WriteOptions,
  SetOptions,
  HistoryOptions,
  ListOptions,
  BackoffOptions,
  AccessToken,
  TokenProvider,
} from './client-types';
export type { CredentialOptions } from './client-auth';
export type { BaseClientOptions, LiveClientOptions, RequestClientOptions } from './client-options';
export type { ClientPlatform, WebSocketLike, WebSocketFactory, SnapshotStore } from './platform';
