import type { ConfigValueOf, TypedNamespace } from '../wire/config-types';

/**
 * Read options for a namespace with generated types (see ConfigTypes): the namespace must be
 * named, since the client's default namespace is not known to the type system. Without a key
 * type `K`, no default; with one, a default of the key's type.
 */
export type TypedReadOptions<N extends TypedNamespace, K extends string | never = never> = [K] extends [never]
  ? { namespace: N; default?: undefined; schema?: undefined }
  : { namespace: N; default: NoInfer<ConfigValueOf<N, K>>; schema?: undefined };

/**
 * Read options of the untyped (generic) reads: any namespace but one with generated types, so
 * that a wrong default for a typed key is a compile error rather than a fallback to `get<T>`.
 */
export interface UntypedReadOptions<N extends string> {
  /** @default the client's `defaultNamespace` */
  namespace?: N & (N extends TypedNamespace ? never : unknown);
}
