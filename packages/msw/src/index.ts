export type { Preconditions, Principal } from '@config-service/core';
export { createConfigMock, createConfigHandlers } from './create-config-mock';
export type { ConfigMock, ConfigMockOptions } from './create-config-mock';
export { DEFAULT_BASE_URL } from './mock-base-url';
export { InMemoryConfigStore } from './store/in-memory-config-store';
export type { ChangeListener, InMemoryConfigStoreOptions, ActorLike } from './store/in-memory-config-store';
export type { SeedEntry } from './store/seed';
export type {
  StoredEntry,
  StoredHistoryItem,
  CommittedChange,
  NamespaceStats,
  WriteInput,
  WriteResult,
  Listing,
  Page,
} from './store/stored-types';
export { ApiKeyRegistry, DEFAULT_ADMIN_KEY } from './auth/api-key-registry';
export type { SeedApiKey, ApiKeyRegistryOptions, IssuedToken, PresentedCredentials } from './auth/api-key-registry';
export { SYSTEM_ACTOR } from '@config-service/core';
export type { Actor } from '@config-service/core';
export { AuditLog } from './audit/audit-log';
export type { AuditRecord, AuditQuery, AuditEntityType } from './audit/audit-log';
export { MockApi } from './api/mock-api';
export type { MockApiOptions } from './api/mock-api';
export type { WatchConnection } from './watch/watch-session';
