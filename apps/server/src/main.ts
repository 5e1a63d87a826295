import { Command, InvalidArgumentError } from 'commander';
import { serveCommand } from './cli/serve-command';
import { rotateSecretsCommand } from './cli/rotate-secrets-command';
import { SERVER_VERSION } from './version';
import type { CodegenOptions } from './cli/codegen/codegen-command';

function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new InvalidArgumentError(`must be a whole number, ${min} or more`);
    return parsed;
  };
}

const program = new Command('config-service').version(SERVER_VERSION).description('Self-hosted shared configuration service');

program
  .command('serve', { isDefault: true })
  .description('run the server (configured by environment variables; see the README)')
  .action(serveCommand);

program
  .command('secrets')
  .description('manage encrypted secret values')
  .command('rotate')
  .description('re-encrypt every secret value with CONFIG_SERVICE_ENCRYPTION_KEY; safe to interrupt and run again')
  // A batch of 0 would read nothing and report the rotation done.
  .option('--batch-size <rows>', 'rows per transaction', wholeNumber(1), 100)
  .option('--pause-ms <ms>', 'pause between batches, to spare a busy database', wholeNumber(0), 0)
  .action((options: { batchSize: number; pauseMs: number }) => rotateSecretsCommand(options));

program
  .command('codegen')
  .description("write TypeScript types for the SDK from the namespaces' JSON Schemas (see the README, Typed config)")
  .requiredOption('--url <url>', 'the server, e.g. http://localhost:8080')
  .requiredOption('--namespace <name>', 'a namespace whose schemas to read (repeat for more)', (value: string, previous: string[] = []) => [...previous, value])
  .requiredOption('--out <file.ts>', 'the module to write')
  .option('--check', 'write nothing; exit 1 when the file on disk differs from what would be written')
  .option('--api-key <key>', 'a reader key (default: CONFIG_SERVICE_API_KEY)')
  .action(async (options: CodegenOptions) => {
    // Loaded on demand: the type generator is not needed to serve.
    const { codegenCommand } = await import('./cli/codegen/codegen-command');
    process.exitCode = await codegenCommand(options);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`config-service: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
