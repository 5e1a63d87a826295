import { base64 } from './etcd-server';
import type { WriteRequest } from './writers';

/** A put through etcd's JSON gateway, as a client without a gRPC stack writes: one POST per put. */
export function etcdPut(key: string, value: string): WriteRequest {
  return { method: 'POST', path: '/v3/kv/put', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key: base64(key), value: base64(value) }) };
}

/** A PUT of config-service's API with `{"value": value}`. */
export function configPut(apiKey: string, namespace: string, key: string, value: number): WriteRequest {
  return {
    method: 'PUT',
    path: `/api/v1/configs/${key}?namespace=${namespace}`,
    headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
    body: `{"value":${value}}`,
  };
}
