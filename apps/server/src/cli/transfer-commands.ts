import { Command, Option } from 'commander';
import { FORMAT, formatOfPath, readDocument, writeDocument, type ConfigDocument, type DocumentEntry } from './config-document';
import { documentEntryOf, planNamespace, renderPlans, type NamespacePlan } from './namespace-diff';
import { applyPlans, planJson } from './apply-plan';
import { listEntries, remoteOf, withRemoteOptions, api } from './remote';
import { outputOf, print } from './output';
import { CliError, EXIT } from './cli-errors';

/** `export`, `import` and `promote`: namespaces to files and back, and from one namespace to another. */
export function registerTransferCommands(program: Command): void {
  withRemoteOptions(program.command('export'))
    .description('write namespaces (values, secret flags, metadata; not versions) to a JSON or YAML file')
    .option('-n, --namespace <ns...>', 'namespaces to export (default: every namespace the key may read)')
    .option('-f, --file <path>', 'where to write; - for stdout', '-')
    .addOption(new Option('--format <format>', 'json or yaml (default: from the file name)').choices(['json', 'yaml']))
    .option('--include-secrets', 'write secret values in clear (without it a secret is exported with its flag only)')
    .action(async (options: { namespace?: string[]; file: string; format?: string; includeSecrets?: boolean }, command: Command) => {
      const remote = remoteOf(command);
      const names =
        options.namespace ?? (await api<{ items: { name: string }[] }>(remote, 'GET', '/api/v1/namespaces')).items.map((item) => item.name).sort();
      const document: ConfigDocument = { format: FORMAT, exported_at: new Date().toISOString(), namespaces: {} };
      let count = 0;
      for (const namespace of names) {
        const { entries } = await listEntries(remote, namespace);
        document.namespaces[namespace] = Object.fromEntries(entries.map((entry) => [entry.key, documentEntryOf(entry, Boolean(options.includeSecrets))]));
        count += entries.length;
      }
      await writeDocument(options.file, document, formatOfPath(options.file, options.format));
      if (options.file !== '-') print(command, { file: options.file, namespaces: names, entries: count }, () => `exported ${count} entries of ${names.length} namespaces to ${options.file}`);
    });

  withRemoteOptions(program.command('import'))
    .description('make the server hold what a file exported: creates and updates (and with --prune deletes), each conditional on the version read')
    .argument('<file>', 'an export file (JSON or YAML); - for stdin')
    .addOption(new Option('--format <format>', 'json or yaml (default: from the file name)').choices(['json', 'yaml']))
    .option('--dry-run', 'show what would change and change nothing')
    .option('--prune', 'also delete keys of those namespaces that the file does not have')
    .option('-n, --namespace <ns...>', 'only these namespaces of the file')
    .action(async (file: string, options: { format?: string; dryRun?: boolean; prune?: boolean; namespace?: string[] }, command: Command) => {
      const remote = remoteOf(command);
      const document = await readDocument(file, options.format);
      const namespaces = options.namespace ?? Object.keys(document.namespaces);
      for (const namespace of namespaces) {
        if (!document.namespaces[namespace]) throw new CliError(`the file has no namespace "${namespace}"`, EXIT.invalid, `it has: ${Object.keys(document.namespaces).join(', ')}`);
      }
      const plans: NamespacePlan[] = [];
      for (const namespace of namespaces) {
        const { entries } = await listEntries(remote, namespace);
        plans.push(planNamespace(namespace, entries, document.namespaces[namespace]!, Boolean(options.prune)));
      }
      await finish(command, plans, Boolean(options.dryRun));
    });

  withRemoteOptions(program.command('promote'))
    .description('copy one namespace onto another (environments as namespaces): shows the diff, then applies it unless --dry-run')
    .requiredOption('--from <namespace>', 'the source, e.g. staging')
    .requiredOption('--to <namespace>', 'the target, e.g. production')
    .option('--dry-run', 'show the diff and change nothing')
    .option('--prune', 'also delete keys of the target that the source does not have')
    .action(async (options: { from: string; to: string; dryRun?: boolean; prune?: boolean }, command: Command) => {
      if (options.from === options.to) throw new CliError('--from and --to name the same namespace', EXIT.usage);
      const remote = remoteOf(command);
      const source = await listEntries(remote, options.from);
      const wanted: Record<string, DocumentEntry> = Object.fromEntries(source.entries.map((entry) => [entry.key, documentEntryOf(entry)]));
      const target = await listEntries(remote, options.to);
      await finish(command, [planNamespace(options.to, target.entries, wanted, Boolean(options.prune))], Boolean(options.dryRun));
    });
}

async function finish(command: Command, plans: NamespacePlan[], dryRun: boolean): Promise<void> {
  const json = outputOf(command) === 'json';
  if (!json) process.stdout.write(`${renderPlans(plans)}\n`);
  const total = plans.reduce((sum, plan) => sum + plan.changes.length, 0);
  if (dryRun || total === 0) {
    print(command, { dry_run: dryRun, applied: 0, ...(planJson(plans) as object) }, () => (dryRun ? 'dry run: nothing was changed' : 'nothing to change'));
    return;
  }
  const remote = remoteOf(command);
  const { applied } = await applyPlans(remote, plans, !json && process.stderr.isTTY === true);
  print(command, { dry_run: false, applied, ...(planJson(plans) as object) }, () => `applied ${applied} changes`);
}
