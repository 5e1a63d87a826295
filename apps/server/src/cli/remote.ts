import { fromProblem, parseJsonText, stringifyJson, type ConfigEntry, type JsonValue } from '@config-service/core';
import { Option, type Command } from 'commander';
import { CliError, EXIT, UnreachableError } from './cli-errors';

export interface RemoteOptions {
  url: string;
  apiKey?: string;
}

/** `--url` and `--api-key` (or their variables) on every command that talks to a server. */
export function withRemoteOptions(command: Command): Command {
  return command
    .addOption(new Option('--url <url>', 'the server').env('CONFIG_SERVICE_URL').default('http://localhost:8080'))
    .addOption(new Option('--api-key <key>', 'an API key (prefer the variable: arguments show up in `ps`)').env('CONFIG_SERVICE_API_KEY'));
}

export function remoteOf(command: Command): RemoteOptions {
  const options = command.optsWithGlobals() as { url: string; apiKey?: string };
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new CliError(`--url "${options.url}" is not a URL`, EXIT.usage, 'give it as http://host:port');
  }
  return { url: url.toString().replace(/\/+$/, ''), ...(options.apiKey ? { apiKey: options.apiKey } : {}) };
}

export function requireKey(remote: RemoteOptions): string {
  if (!remote.apiKey) throw new CliError('no API key given', EXIT.auth, 'pass --api-key or set CONFIG_SERVICE_API_KEY (the admin key is in the data dir\'s admin-key file)');
  return remote.apiKey;
}

/** Turns a fetch that never reached the server into the CLI's "is it running?" error. */
export async function reaching<T>(remote: RemoteOptions, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TypeError && /fetch failed/.test(error.message)) throw new UnreachableError(remote.url, error);
    const cause = (error as { cause?: unknown })?.cause;
    if (cause instanceof TypeError && /fetch failed/.test(cause.message)) throw new UnreachableError(remote.url, cause);
    throw error;
  }
}

/** A request on the HTTP API for what the SDK does not cover (listings with versions, keys). */
export async function api<T>(remote: RemoteOptions, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await reaching(remote, () =>
    fetch(`${remote.url}${path}`, {
      method,
      headers: { 'x-api-key': requireKey(remote), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: stringifyJson(body) } : {}),
    }),
  );
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? parseJsonText(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!res.ok) throw fromProblem(parsed, res.status);
  return parsed as T;
}

/** Every entry of a namespace, with versions, following the cursor. */
export async function listEntries(remote: RemoteOptions, namespace: string): Promise<{ revision: number; entries: ConfigEntry<JsonValue>[] }> {
  const entries: ConfigEntry<JsonValue>[] = [];
  let cursor: string | null = null;
  let revision = 0;
  do {
    const query = new URLSearchParams({ limit: '1000', ...(cursor ? { cursor } : {}) });
    const page: { revision: number; items: ConfigEntry<JsonValue>[]; next_cursor: string | null } = await api(
      remote,
      'GET',
      `/api/v1/configs/namespace/${encodeURIComponent(namespace)}?${query}`,
    );
    if (revision === 0) revision = Number(page.revision);
    entries.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return { revision, entries };
}
