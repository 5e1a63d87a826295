import type { ConfigValueOf } from '@config-service/core';
import { ErrorCode, StandardResolutionReasons, type Client, type FlagEvaluationOptions } from '@openfeature/web-sdk';
import { evaluationFor, type EvaluationMethods, type TypedDetails } from '../shared/typed-flags';

/** An OpenFeature web client's evaluations in one namespace, typed from its keys' schemas (`config-service codegen`). */
export interface TypedFlags<N extends string> {
  readonly namespace: N;
  /** The flag's value, read with `getBooleanValue`, `getNumberValue`, `getStringValue` or `getObjectValue` as the default's type says. */
  value<K extends string>(key: K, defaultValue: ConfigValueOf<N, K>, options?: FlagEvaluationOptions): ConfigValueOf<N, K>;
  /** The same with the evaluation details (reason, variant, metadata, error). */
  details<K extends string>(key: K, defaultValue: ConfigValueOf<N, K>, options?: FlagEvaluationOptions): TypedDetails<ConfigValueOf<N, K>>;
}

/**
 * Typed evaluations over an OpenFeature web client backed by this package's provider: no
 * generic and no cast, and a default of the wrong type is a compile error. A web client has one
 * context for the page, so the namespace read is the provider's (its `namespace` option or the
 * context's `namespace`): when that is not `namespace`, the types would not hold, and the default
 * is returned with INVALID_CONTEXT.
 * @example
 * const web = typedFlags(OpenFeature.getClient(), 'web');
 * const text = web.value('banner.text', ''); // string, from the key's schema
 */
export function typedFlags<N extends string>(client: Client, namespace: N): TypedFlags<N> {
  const methods = client as unknown as EvaluationMethods;
  const details = (key: string, defaultValue: unknown, options?: FlagEvaluationOptions): TypedDetails<never> => {
    const result = evaluationFor(methods, 'Details', defaultValue)(key, defaultValue, options) as TypedDetails<never>;
    const readFrom = result.flagMetadata.namespace;
    if (readFrom === undefined || readFrom === namespace) return result;
    return {
      flagKey: key,
      flagMetadata: {},
      value: defaultValue as never,
      reason: StandardResolutionReasons.ERROR,
      errorCode: ErrorCode.INVALID_CONTEXT,
      errorMessage: `typed for the namespace "${namespace}", but the provider read "${String(readFrom)}": set it in the provider's namespace option or the context`,
    };
  };
  return { namespace, value: (key, defaultValue, options) => details(key, defaultValue, options).value, details: details as TypedFlags<N>['details'] };
}
