import { Command, InvalidArgumentError } from 'commander';
import { serveCommand } from './cli/serve-command';
import { rotateSecretsCommand } from './cli/rotate-secrets-command';
import { SERVER_VERSION } from './version';

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

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`config-service: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
