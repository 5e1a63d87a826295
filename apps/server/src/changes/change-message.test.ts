import { describe, expect, it } from 'vitest';
import type { CommittedChange } from '@config-service/contract';
import { decodeChangeMessage, encodeChangeMessage } from './change-message';

const change: CommittedChange = {
  namespace: 'payments',
  key: 'stripe.timeout_ms',
  version: 7,
  revision: 1042,
  action: 'updated',
  valueJson: '{"n":12345678901234567890.5,\n"s":"line\\nbreak"}',
  secret: false,
  actor: 'deployer',
  at: new Date('2026-11-24T12:31:00.000Z'),
};

describe('change messages between replicas', () => {
  it('carry the value text byte for byte, newlines and big numbers included', () => {
    const decoded = decodeChangeMessage(encodeChangeMessage('replica-a', change, 123));
    expect(decoded).toEqual({ origin: 'replica-a', publishedAt: 123, change });
  });

  it('carry a deletion as a null value', () => {
    const deleted = { ...change, action: 'deleted' as const, valueJson: null };
    expect(decodeChangeMessage(encodeChangeMessage('r', deleted))?.change).toEqual(deleted);
  });

  it('ignore what is not a change message', () => {
    expect(decodeChangeMessage('hello')).toBeNull();
    expect(decodeChangeMessage('{not json\n1')).toBeNull();
    expect(decodeChangeMessage('{"a":1}\n1')).toBeNull();
  });
});
