// Type-checked by packages/tests/src/schemas/codegen.test.ts against the module that
// `config-service codegen` wrote from a real server's schemas into generated/ (not committed).
// Each `@ts-expect-error` must be an error, or tsc fails: that is how a wrong use is proven
// to be a compile error.
import { expectTypeOf } from 'vitest';
import type { ConfigClient, RequestConfigClient } from '@config-service/node';
import { useConfig } from '@config-service/react';
import { configSchemas } from './generated/config-types';

declare const client: ConfigClient;
declare const requests: RequestConfigClient;

// No generic, no cast: the type comes from the key's schema.
expectTypeOf(client.get('stripe.timeout_ms', { namespace: 'payments' })).toEqualTypeOf<number | undefined>();
expectTypeOf(client.get('stripe.timeout_ms', { namespace: 'payments', default: 3000 })).toEqualTypeOf<number>();
const retry = client.get('stripe.retry', { namespace: 'payments', default: { attempts: 1 } });
expectTypeOf(retry.attempts).toEqualTypeOf<number>();
expectTypeOf(retry.backoff).toEqualTypeOf<'linear' | 'exponential' | undefined>();
expectTypeOf(client.get('banner.text', { namespace: 'web' })).toEqualTypeOf<string | undefined>();
expectTypeOf(requests.get('stripe.timeout_ms', { namespace: 'payments' })).toEqualTypeOf<Promise<number | undefined>>();

// A key without a schema, in a namespace with generated types, stays unknown.
expectTypeOf(client.get('no.schema', { namespace: 'payments' })).toEqualTypeOf<unknown>();
// A namespace without generated types reads plain JSON, as before.
expectTypeOf(client.get('anything', { namespace: 'untyped' })).toEqualTypeOf<import('@config-service/core').JsonValue | undefined>();

export function TimeoutLabel(): string {
  const timeout = useConfig('stripe.timeout_ms', 3000, { namespace: 'payments' });
  expectTypeOf(timeout).toEqualTypeOf<number>();
  // @ts-expect-error the default must have the key's type
  useConfig('stripe.timeout_ms', 'slow', { namespace: 'payments' });
  return timeout.toFixed(0);
}

// @ts-expect-error a number is not a string
export const wrongType: string = client.get('stripe.timeout_ms', { namespace: 'payments', default: 3000 });
// @ts-expect-error the default must have the key's type
client.get('stripe.timeout_ms', { namespace: 'payments', default: 'slow' });
// @ts-expect-error `attempts` is a number: no string methods
retry.attempts.toUpperCase();
// @ts-expect-error the value may be absent without a default
client.get('stripe.timeout_ms', { namespace: 'payments' }).toFixed(0);

// The schemas themselves, for the SDK's opt-in check of received values.
expectTypeOf(configSchemas.payments['stripe.timeout_ms'].type).toEqualTypeOf<'integer'>();

// OpenFeature, through the provider's typed view: the value type comes from the schema too.
import { typedFlags } from '@config-service/openfeature/server';
import { typedFlags as typedWebFlags } from '@config-service/openfeature/web';
import type { Client as OpenFeatureClient } from '@openfeature/server-sdk';
import type { Client as OpenFeatureWebClient } from '@openfeature/web-sdk';
declare const openFeature: OpenFeatureClient;
declare const openFeatureWeb: OpenFeatureWebClient;
const paymentFlags = typedFlags(openFeature, 'payments');
expectTypeOf(paymentFlags.value('stripe.timeout_ms', 3000)).toEqualTypeOf<Promise<number>>();
expectTypeOf(paymentFlags.value('stripe.retry', { attempts: 1 })).resolves.toHaveProperty('attempts').toEqualTypeOf<number>();
expectTypeOf(typedWebFlags(openFeatureWeb, 'web').value('banner.text', '')).toEqualTypeOf<string>();
expectTypeOf(typedWebFlags(openFeatureWeb, 'web').details('banner.text', '').value).toEqualTypeOf<string>();
// @ts-expect-error the default must have the key's type
void paymentFlags.value('stripe.timeout_ms', 'slow');
// @ts-expect-error a number flag is not a string
export const wrongFlag: Promise<string> = paymentFlags.value('stripe.timeout_ms', 3000);
