import { DEFAULT_NAMESPACE, parseJsonText, type ConfigEntry, type JsonValue } from '@config-service/core';
import { Command, InvalidArgumentError } from 'commander';
import { api, remoteOf, requireKey, withRemoteOptions, reaching } from './remote';
import { print, showValue } from './output';

const namespaceOption = ['-n, --namespace <ns>', 'the namespace', DEFAULT_NAMESPACE] as const;
const keyPath = (key: string, namespace: string, suffix = '') => `/api/v1/configs/${encodeURIComponent(key)}${suffix}?namespace=${encodeURIComponent(namespace)}`;

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a whole number, 1 or more');
  return parsed;
}

/** A value given on the command line: JSON when it parses as JSON, else the text as a string. */
function valueArgument(text: string, asString: boolean): unknown {
  if (asString) return text;
  try {
    return parseJsonText(text);
  } catch {
    return text;
  }
}

const entryLine = (entry: ConfigEntry<JsonValue>) =>
  `${entry.namespace}/${entry.key} = ${showValue(entry.value)}  (version ${entry.version}, revision ${entry.revision}${entry.secret ? ', secret' : ''})`;

/** `get`, `set`, `delete`, `history`, `rollback`, `watch`: one key at a time against a server. */
export function registerConfigCommands(program: Command): void {
  withRemoteOptions(program.command('get'))
    .description('print a value (--output json: the whole entry)')
    .argument('<key>')
    .option(...namespaceOption)
    .action(async (key: string, options: { namespace: string }, command: Command) => {
      const entry = await api<ConfigEntry<JsonValue>>(remoteOf(command), 'GET', keyPath(key, options.namespace));
      print(command, entry, () => showValue(entry.value));
    });

  withRemoteOptions(program.command('set'))
    .description('create or replace a value; VALUE is JSON (5, true, {"a":1}, "text") or else taken as a string')
    .argument('<key>')
    .argument('<value>')
    .option(...namespaceOption)
    .option('--string', 'take VALUE as a string even if it parses as JSON')
    .option('--secret', 'store it encrypted (readers still get it in clear)')
    .option('--if-version <n>', 'only if the key is still at this version (else exit 4)', positiveInteger)
    .action(async (key: string, value: string, options: { namespace: string; string?: boolean; secret?: boolean; ifVersion?: number }, command: Command) => {
      const body: Record<string, unknown> = { value: valueArgument(value, Boolean(options.string)) };
      if (options.secret) body.secret = true;
      const headers: Record<string, string> = options.ifVersion ? { 'if-match': `"${options.ifVersion}"` } : {};
      const entry = await api<ConfigEntry<JsonValue>>(remoteOf(command), 'PUT', keyPath(key, options.namespace), body, headers);
      print(command, entry, () => entryLine(entry));
    });

  withRemoteOptions(program.command('delete'))
    .description('delete a key (its history stays)')
    .argument('<key>')
    .option(...namespaceOption)
    .option('--if-version <n>', 'only if the key is still at this version (else exit 4)', positiveInteger)
    .action(async (key: string, options: { namespace: string; ifVersion?: number }, command: Command) => {
      const headers: Record<string, string> = options.ifVersion ? { 'if-match': `"${options.ifVersion}"` } : {};
      await api(remoteOf(command), 'DELETE', keyPath(key, options.namespace), undefined, headers);
      print(command, { deleted: true, namespace: options.namespace, key }, () => `deleted ${options.namespace}/${key}`);
    });

  withRemoteOptions(program.command('history'))
    .description("a key's versions, newest first")
    .argument('<key>')
    .option(...namespaceOption)
    .option('--limit <n>', 'how many', positiveInteger, 20)
    .action(async (key: string, options: { namespace: string; limit: number }, command: Command) => {
      const page = await api<{ items: { version: number; revision: number; action: string; value: JsonValue; created_at: string; created_by: string }[] }>(
        remoteOf(command),
        'GET',
        `${keyPath(key, options.namespace, '/history')}&limit=${options.limit}`,
      );
      print(command, page, () => page.items.map((item) => `v${item.version}  r${item.revision}  ${item.action.padEnd(11)} ${item.created_at}  ${item.created_by}  ${showValue(item.value)}`).join('\n'));
    });

  withRemoteOptions(program.command('rollback'))
    .description("make a new version with an earlier version's value")
    .argument('<key>')
    .argument('<version>', 'the version whose value to bring back', positiveInteger)
    .option(...namespaceOption)
    .action(async (key: string, version: number, options: { namespace: string }, command: Command) => {
      const entry = await api<ConfigEntry<JsonValue>>(remoteOf(command), 'POST', keyPath(key, options.namespace, '/rollback'), { version });
      print(command, entry, () => entryLine(entry));
    });

  withRemoteOptions(program.command('watch'))
    .description('print every change of the namespaces as it happens (one JSON line each with --output json); Ctrl-C stops')
    .option('-n, --namespace <ns...>', 'the namespaces', [DEFAULT_NAMESPACE])
    .action(async (options: { namespace: string[] }, command: Command) => {
      const remote = remoteOf(command);
      const { createClient } = await import('@config-service/node');
      const client = createClient({ baseUrl: remote.url, apiKey: requireKey(remote), namespaces: options.namespace });
      client.onError((error) => process.stderr.write(`watch: ${(error as Error).message}; reconnecting\n`));
      for (const namespace of options.namespace) {
        client.subscribe({ namespace }, (change) => {
          const event = { namespace: change.namespace, key: change.key, action: change.action, version: change.version, revision: change.revision, value: change.value ?? null };
          print(command, event, () => `r${change.revision} ${change.action} ${change.namespace}/${change.key}${change.action === 'deleted' ? '' : ` = ${showValue(change.value)}`}`);
        });
      }
      await reaching(remote, () => client.ready());
      process.stderr.write(`watching ${options.namespace.join(', ')} at ${remote.url}\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          client.close();
          done();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
