import { ValidationError } from '../errors/errors';
import type { AccessToken, TokenProvider } from './client-types';

export interface CredentialOptions {
  /** An API key, sent as `X-API-Key` (or exchanged for access tokens, see `useAccessTokens`). */
  apiKey?: string;
  /** A bearer token, or a function that returns a fresh one; sent as `Authorization: Bearer`. */
  token?: string | TokenProvider;
  /**
   * Exchange `apiKey` for short-lived access tokens (`POST /api/v1/auth/token`) and send those
   * instead, refreshing each before it expires.
   * @default false in Node, true in browsers (a browser WebSocket cannot send headers)
   */
  useAccessTokens?: boolean;
}

/** A token is renewed once less than this share of its lifetime is left. */
const REFRESH_WHEN_LEFT = 0.2;
const MIN_REFRESH_MARGIN_MS = 5_000;

interface CachedToken {
  value: string;
  /** Epoch ms after which it is renewed before use; Infinity when its expiry is unknown. */
  renewAt: number;
  /** Epoch ms at which the server stops accepting it; Infinity when unknown. */
  expiresAt: number;
}

/**
 * The client's credential: an API key header, or bearer tokens that are renewed before they
 * expire (one renewal in flight at a time) and dropped when the server refuses them.
 */
export class ClientAuth {
  readonly #apiKey: string | undefined;
  readonly #provider: TokenProvider | undefined;
  #cached: CachedToken | undefined;
  #pending: Promise<CachedToken> | undefined;

  constructor(options: CredentialOptions, exchange: (apiKey: string) => Promise<AccessToken>, tokensByDefault: boolean) {
    if (options.apiKey === undefined && options.token === undefined) {
      throw new ValidationError('createClient needs a credential: pass `apiKey` or `token`');
    }
    const useTokens = options.useAccessTokens ?? tokensByDefault;
    const apiKey = options.apiKey;
    if (options.token !== undefined) {
      const token = options.token;
      this.#provider = typeof token === 'string' ? () => token : token;
    } else if (useTokens && apiKey !== undefined) {
      this.#provider = () => exchange(apiKey);
    } else {
      this.#apiKey = apiKey;
    }
  }

  /** Whether requests carry bearer tokens (and so the WebSocket an `access_token`). */
  get usesTokens(): boolean {
    return this.#provider !== undefined;
  }

  async headers(): Promise<Record<string, string>> {
    if (this.#apiKey !== undefined) return { 'x-api-key': this.#apiKey };
    return { authorization: `Bearer ${await this.token()}` };
  }

  /** The current bearer token, renewed first if it is about to expire. */
  async token(): Promise<string> {
    const cached = this.#cached;
    if (cached && Date.now() < cached.renewAt) return cached.value;
    this.#pending ??= this.#renew().finally(() => {
      this.#pending = undefined;
    });
    return (await this.#pending).value;
  }

  /**
   * The current token with what is left of its lifetime, renewed first if due: what another
   * client given it as its `token` provider needs to renew in step.
   */
  async accessToken(): Promise<AccessToken> {
    const value = await this.token();
    const expiresAt = this.#cached?.value === value ? this.#cached.expiresAt : Infinity;
    if (!Number.isFinite(expiresAt)) return { access_token: value };
    return { access_token: value, expires_in: Math.max(0, Math.floor((expiresAt - Date.now()) / 1000)) };
  }

  /** When the current token is due for renewal (epoch ms); Infinity for API keys and unknown expiry. */
  get renewAt(): number {
    return this.#cached?.renewAt ?? Infinity;
  }

  /** After a 401: the next use fetches a new token. */
  invalidate(): void {
    this.#cached = undefined;
  }

  async #renew(): Promise<CachedToken> {
    const provider = this.#provider;
    if (!provider) throw new ValidationError('this client authenticates with an API key, not tokens');
    const issuedAt = Date.now();
    const result = await provider();
    const token: AccessToken = typeof result === 'string' ? { access_token: result } : result;
    const lifetimeMs = token.expires_in === undefined ? Infinity : token.expires_in * 1000;
    const margin = Math.max(MIN_REFRESH_MARGIN_MS, lifetimeMs * REFRESH_WHEN_LEFT);
    const renewAt = Number.isFinite(lifetimeMs) ? issuedAt + Math.max(0, lifetimeMs - margin) : Infinity;
    const expiresAt = Number.isFinite(lifetimeMs) ? issuedAt + lifetimeMs : Infinity;
    this.#cached = { value: token.access_token, renewAt, expiresAt };
    return this.#cached;
  }
}
