import type { Command } from 'commander';
import { withRemoteOptions } from './remote';
import type { CodegenOptions } from './codegen/codegen-command';

/** `codegen`: TypeScript types for the SDK from the namespaces' JSON Schemas, read from a server. */
export function registerCodegenCommands(program: Command): void {
  withRemoteOptions(program.command('codegen'))
    .description("write TypeScript types for the SDK from the namespaces' JSON Schemas (see the README, Typed config)")
    .requiredOption('--namespace <name>', 'a namespace whose schemas to read (repeat for more)', (value: string, previous: string[] = []) => [...previous, value])
    .requiredOption('--out <file.ts>', 'the module to write')
    .option('--check', 'write nothing; exit 1 when the file on disk differs from what would be written')
    .action(async (options: CodegenOptions) => {
      // Loaded on demand: the type generator is not needed to serve or for the other commands.
      const { codegenCommand } = await import('./codegen/codegen-command');
      process.exitCode = await codegenCommand(options);
    });
}
