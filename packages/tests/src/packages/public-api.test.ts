import { describe, expect, it } from 'vitest';
import * as contract from '@config-service/contract';
import * as core from '@config-service/core';

/*
 * Packages by audience: what the contract package holds beyond the wire types of core (the
 * engine, the rules, server-side names such as `assertAllowed` and `SYSTEM_ACTOR`) is for the
 * server and the contract's own adapters; no package a user of the SDKs imports re-exports it.
 */

const contractOnly = Object.keys(contract).filter((name) => !(name in core));

const SDK_ENTRIES = {
  '@config-service/node': () => import('@config-service/node'),
  '@config-service/browser': () => import('@config-service/browser'),
  '@config-service/react': () => import('@config-service/react'),
  '@config-service/msw': () => import('@config-service/msw'),
  '@config-service/openfeature/server': () => import('@config-service/openfeature/server'),
  '@config-service/openfeature/web': () => import('@config-service/openfeature/web'),
  '@config-service/schema': () => import('@config-service/schema'),
};

describe('the SDK packages re-export no contract-only name', () => {
  it('knows the names it guards', () => {
    expect(contractOnly).toEqual(expect.arrayContaining(['assertAllowed', 'SYSTEM_ACTOR', 'ConfigEngine', 'checkPreconditions']));
  });

  it.each(Object.entries(SDK_ENTRIES))('%s', async (_, load) => {
    const exported = Object.keys(await load());
    expect(exported.length).toBeGreaterThan(0);
    expect(exported.filter((name) => contractOnly.includes(name))).toEqual([]);
  });
});
