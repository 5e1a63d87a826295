import type { ConfigValueOf } from '@config-service/core';
import type { Client, EvaluationContext, FlagEvaluationOptions } from '@openfeature/server-sdk';
import { evaluationFor, type EvaluationMethods, type TypedDetails } from '../shared/typed-flags';

/** An OpenFeature client's evaluations in one namespace, typed from its keys' schemas (`config-service codegen`). */
export interface TypedFlags<N extends string> {
  readonly namespace: N;
  /** The flag's value, read with `getBooleanValue`, `getNumberValue`, `getStringValue` or `getObjectValue` as the default's type says. */
  value<K extends string>(key: K, defaultValue: ConfigValueOf<N, K>, context?: EvaluationContext, options?: FlagEvaluationOptions): Promise<ConfigValueOf<N, K>>;
  /** The same with the evaluation details (reason, variant, metadata, error). */
  details<K extends string>(key: K, defaultValue: ConfigValueOf<N, K>, context?: EvaluationContext, options?: FlagEvaluationOptions): Promise<TypedDetails<ConfigValueOf<N, K>>>;
}

/**
 * Typed evaluations over an OpenFeature server client backed by this package's provider: no
 * generic and no cast, and a default of the wrong type is a compile error. The namespace goes
 * into each evaluation's context.
 * @example
 * const payments = typedFlags(OpenFeature.getClient(), 'payments');
 * const timeoutMs = await payments.value('stripe.timeout_ms', 3000); // number, from the key's schema
 */
export function typedFlags<N extends string>(client: Client, namespace: N): TypedFlags<N> {
  const methods = client as unknown as EvaluationMethods;
  const evaluate = (part: 'Value' | 'Details') => (key: string, defaultValue: unknown, context?: EvaluationContext, options?: FlagEvaluationOptions) =>
    evaluationFor(methods, part, defaultValue)(key, defaultValue, { ...context, namespace }, options) as never;
  return { namespace, value: evaluate('Value'), details: evaluate('Details') };
}
