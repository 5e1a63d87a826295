import { ROLES, type ApiKeyInfo, type CreatedApiKey, type Role } from '@config-service/core';
import { Command, Option } from 'commander';
import { api, remoteOf, withRemoteOptions } from './remote';
import { print } from './output';

/** `keys create|list|revoke`, through the server's admin API. */
export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('manage API keys (needs an admin key)');

  withRemoteOptions(keys.command('create'))
    .description('make a key; it is printed once and never again')
    .argument('<name>', 'what `updated_by` and the audit log will show')
    .addOption(new Option('--role <role...>', 'roles').choices([...ROLES]).makeOptionMandatory())
    .option('-n, --namespace <ns...>', 'namespaces it may use (default: every namespace)')
    .option('--expires-at <iso-date>', 'when it stops working')
    .action(async (name: string, options: { role: Role[]; namespace?: string[]; expiresAt?: string }, command: Command) => {
      const body = { name, roles: options.role, ...(options.namespace ? { namespaces: options.namespace } : {}), ...(options.expiresAt ? { expires_at: options.expiresAt } : {}) };
      const created = await api<CreatedApiKey>(remoteOf(command), 'POST', '/api/v1/apikeys', body);
      print(command, created, () => `${created.key}\n(id ${created.id}; store it now: it is not shown again)`);
    });

  withRemoteOptions(keys.command('list'))
    .description('every key, without the secret part')
    .action(async (_options: object, command: Command) => {
      const list = await api<{ items: ApiKeyInfo[] }>(remoteOf(command), 'GET', '/api/v1/apikeys');
      print(command, list, () =>
        list.items
          .map((key) => `${key.id}  ${key.name.padEnd(20)} ${key.roles.join(',').padEnd(20)} ${key.namespaces ? key.namespaces.join(',') : '*'}${key.expires_at ? `  expires ${key.expires_at}` : ''}`)
          .join('\n'),
      );
    });

  withRemoteOptions(keys.command('revoke'))
    .description('revoke a key by id; it and its tokens stop working within a second')
    .argument('<id>')
    .action(async (id: string, _options: object, command: Command) => {
      await api(remoteOf(command), 'DELETE', `/api/v1/apikeys/${encodeURIComponent(id)}`);
      print(command, { revoked: id }, () => `revoked ${id}`);
    });
}
