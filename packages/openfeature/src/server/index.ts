export { ConfigServiceProvider } from './config-service-provider';
export type { ConfigServiceProviderOptions } from './config-service-provider';
export type { ProviderCoreOptions } from '../shared/provider-core';
export { typedFlags } from './typed-flags';
export type { TypedFlags } from './typed-flags';
export type { TypedDetails } from '../shared/typed-flags';
