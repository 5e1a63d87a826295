import { stringifyJson } from '@config-service/core';
import type { Command } from 'commander';

export type OutputFormat = 'text' | 'json';

/** The global `--output` of the command being run. */
export function outputOf(command: Command): OutputFormat {
  return (command.optsWithGlobals() as { output?: OutputFormat }).output ?? 'text';
}

/** Prints a command's result: the JSON document for scripts, or the text a person reads. */
export function print(command: Command, result: unknown, text: () => string): void {
  if (outputOf(command) === 'json') process.stdout.write(`${stringifyJson(result)}\n`);
  else {
    const rendered = text();
    if (rendered) process.stdout.write(rendered.endsWith('\n') ? rendered : `${rendered}\n`);
  }
}

/** A value as one line of text: JSON, numbers with every digit. */
export function showValue(value: unknown, secret = false): string {
  if (secret) return '[secret]';
  return stringifyJson(value);
}
