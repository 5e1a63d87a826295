import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { registerConfigCommands } from './config-commands';
import { registerKeyCommands } from './key-commands';
import { registerTransferCommands } from './transfer-commands';
import { registerDatabaseCommands } from './database-commands';
import { registerCodegenCommands } from './codegen-commands';
import { describeFailure, EXIT } from './cli-errors';
import { SERVER_VERSION } from '../version';

function wholeNumber(min: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new InvalidArgumentError(`must be a whole number, ${min} or more`);
    return parsed;
  };
}

/**
 * The `config-service` command line. Each group of subcommands registers itself from its own
 * module (a new one, such as `codegen`, is one more `register…(program)` line here).
 */
export function buildProgram(): Command {
  const program = new Command('config-service')
    .version(SERVER_VERSION)
    .description('Self-hosted shared configuration service: the server, and a client for it')
    .addOption(new Option('-o, --output <format>', 'text for people, json for scripts').choices(['text', 'json']).default('text'))
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('serve', { isDefault: true })
    .description('run the server (configured by environment variables; see the README)')
    // The server's modules (ORM, Express, …) load only for the commands that need them, so the
    // client commands start in a fraction of the time.
    .action(async () => (await import('./serve-command')).serveCommand());

  program
    .command('secrets')
    .description('manage encrypted secret values')
    .command('rotate')
    .description('re-encrypt every secret value with CONFIG_SERVICE_ENCRYPTION_KEY; safe to interrupt and run again')
    // A batch of 0 would read nothing and report the rotation done.
    .option('--batch-size <rows>', 'rows per transaction', wholeNumber(1), 100)
    .option('--pause-ms <ms>', 'pause between batches, to spare a busy database', wholeNumber(0), 0)
    .action(async (options: { batchSize: number; pauseMs: number }) => (await import('./rotate-secrets-command')).rotateSecretsCommand(options));

  registerDatabaseCommands(program);
  registerKeyCommands(program);
  registerConfigCommands(program);
  registerTransferCommands(program);
  registerCodegenCommands(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Runs the command line; a failure prints what went wrong and what to do, and sets the exit code. */
export async function runCli(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end the same way; usage errors were already printed by commander.
      process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
      return;
    }
    const failure = describeFailure(error);
    const json = (program.opts() as { output?: string }).output === 'json';
    if (json) process.stderr.write(`${JSON.stringify({ error: failure.message, ...(failure.code ? { code: failure.code } : {}), ...(failure.hint ? { hint: failure.hint } : {}), exit_code: failure.exitCode })}\n`);
    else process.stderr.write(`config-service: ${failure.message}\n${failure.hint ? `  → ${failure.hint}\n` : ''}`);
    process.exitCode = failure.exitCode;
  }
}
