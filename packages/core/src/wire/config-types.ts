import type { JsonValue } from './config-entry';

/**
 * The value types of keys, by namespace and key, for typed reads. Empty here; the module
 * `config-service codegen` writes fills it in by declaration merging:
 *
 * @example
 * declare module '@config-service/core' {
 *   interface ConfigTypes {
 *     payments: { 'stripe.timeout_ms': number };
 *   }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface -- filled in by declaration merging
export interface ConfigTypes {}

/** A namespace with generated types. */
export type TypedNamespace = keyof ConfigTypes & string;

/**
 * The type of `key` read in namespace `N`: its generated type; `unknown` for a key with no
 * schema in a namespace that has generated types; plain JSON in a namespace that has none.
 */
export type ConfigValueOf<N extends string, K extends string> = N extends TypedNamespace
  ? K extends keyof ConfigTypes[N]
    ? ConfigTypes[N][K]
    : unknown
  : JsonValue;
