// Type tests: checked by `tsc` (pnpm typecheck), never run.
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import { createClient, type ConfigChange, type ConfigClient, type RequestConfigClient } from './index';

declare const client: ConfigClient;
declare const requests: RequestConfigClient;

expectTypeOf(createClient({ baseUrl: 'http://x', apiKey: 'k' })).toEqualTypeOf<ConfigClient>();
expectTypeOf(createClient({ baseUrl: 'http://x', apiKey: 'k', mode: 'poll' })).toEqualTypeOf<ConfigClient>();
expectTypeOf(createClient({ baseUrl: 'http://x', apiKey: 'k', mode: 'request' })).toEqualTypeOf<RequestConfigClient>();

// Without a default the key may be absent; a default fixes the type; a schema gives its output.
expectTypeOf(client.get('a')).toEqualTypeOf<unknown>();
expectTypeOf(client.get<number>('a')).toEqualTypeOf<number | undefined>();
expectTypeOf(client.get('a', { default: 3000 })).toEqualTypeOf<number>();
const Limits = z.object({ rps: z.number(), burst: z.number().default(10) });
expectTypeOf(client.get('limits', { schema: Limits })).toEqualTypeOf<{ rps: number; burst: number } | undefined>();
expectTypeOf(client.get('limits', { schema: Limits, default: { rps: 1, burst: 1 } })).toEqualTypeOf<{ rps: number; burst: number }>();
// @ts-expect-error the default must be what the schema gives
client.get('limits', { schema: Limits, default: 'none' });

expectTypeOf(requests.get('a', { default: 'x' })).toEqualTypeOf<Promise<string>>();
expectTypeOf(requests.get('limits', { schema: Limits })).toEqualTypeOf<Promise<{ rps: number; burst: number } | undefined>>();

client.subscribe({ prefix: 'stripe.', namespace: 'payments' }, (change) => {
  expectTypeOf(change).toEqualTypeOf<ConfigChange>();
});
// @ts-expect-error a target is a key, a prefix or a namespace
client.subscribe({ keys: ['a'] }, () => {});
