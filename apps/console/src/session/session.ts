import { createClient, rolesAllow, type CredentialInfo, type RequestConfigClient } from './sdk';

/**
 * A signed-in console. The API key lives only inside `client` (memory): the SDK trades it for
 * short-lived access tokens and renews each before it expires; the per-namespace live clients
 * borrow those tokens (`client.accessToken()`), never the key. Nothing goes to localStorage or
 * sessionStorage, so closing the tab signs out.
 */
export interface Session {
  baseUrl: string;
  /** REST calls that are not tied to one namespace: namespaces, API keys, audit. */
  client: RequestConfigClient;
  identity: CredentialInfo;
  canWrite: boolean;
  isAdmin: boolean;
}

/** Exchanges the key for a token and learns the key's roles; throws the SDK's typed errors. */
export async function signIn(baseUrl: string, apiKey: string): Promise<Session> {
  const client = createClient({ baseUrl, apiKey, mode: 'request', useAccessTokens: true });
  const identity = await client.whoami();
  return {
    baseUrl,
    client,
    identity,
    canWrite: rolesAllow(identity.roles, 'writer'),
    isAdmin: rolesAllow(identity.roles, 'admin'),
  };
}

export async function signOut(session: Session): Promise<void> {
  await session.client.close();
}
