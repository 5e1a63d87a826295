export { ConfigServiceWebProvider } from './config-service-web-provider';
export type { ConfigServiceWebProviderOptions } from './config-service-web-provider';
export type { ProviderCoreOptions } from '../shared/provider-core';
export { typedFlags } from './typed-flags';
export type { TypedFlags } from './typed-flags';
export type { TypedDetails } from '../shared/typed-flags';
