export { createConfigMock, createConfigHandlers } from './create-config-mock';
export type { ConfigMock, ConfigMockOptions } from './create-config-mock';
export { DEFAULT_BASE_URL } from './mock-base-url';
export { InMemoryConfigStore } from './store/in-memory-config-store';
export type { ChangeListener, InMemoryConfigStoreOptions } from './store/in-memory-config-store';
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
export type { Preconditions } from './store/preconditions';
export { ApiKeyRegistry, DEFAULT_ADMIN_KEY } from './auth/api-key-registry';
export type { SeedApiKey, ApiKeyRegistryOptions, IssuedToken, PresentedCredentials } from './auth/api-key-registry';
export type { Principal } from './auth/access-policy';
export { MockApi } from './api/mock-api';
export type { MockApiOptions } from './api/mock-api';
export { WATCH_CLOSE_CODES } from './watch/watch-session';
export type { WatchCloseCode } from './watch/watch-session';
