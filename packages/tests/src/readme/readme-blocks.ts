import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * README code examples, read from the README files themselves (so the text a user copies is
 * the text that runs) and written as modules next to this file, where the workspace packages
 * resolve. What a block leaves to the reader (a server URL, a key, a client made earlier) is
 * given by a prelude or a literal replacement, listed beside each example in the tests.
 */

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../../..');

export interface Block {
  file: string;
  /** Position among the file's ts/tsx/js blocks. */
  index: number;
  lang: 'ts' | 'tsx' | 'js';
  code: string;
}

export function codeBlocks(file: string): Block[] {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const blocks: Block[] = [];
  for (const match of text.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
    const lang = match[1];
    if (lang === 'ts' || lang === 'tsx' || lang === 'js') blocks.push({ file, index: blocks.length, lang, code: match[2]! });
  }
  return blocks;
}

export interface Materialise {
  /** Code before the block: what the block takes from its surroundings. */
  prelude?: string;
  /** Code after it: what the test reads back (`export { client }`). */
  epilogue?: string;
  /** Literal replacements in the block (a placeholder URL for the test server's). */
  replace?: Array<[string, string]>;
}

/** Writes the block as a module and returns its path for `import()`. */
export function materialise(block: Block, how: Materialise = {}): string {
  let code = block.code;
  for (const [from, to] of how.replace ?? []) {
    if (!code.includes(from)) throw new Error(`${block.file} block ${block.index} no longer contains ${JSON.stringify(from)}: update the test`);
    code = code.split(from).join(to);
  }
  const dir = join(here, '.generated');
  mkdirSync(dir, { recursive: true });
  const name = `${block.file.replace(/[^A-Za-z0-9]+/g, '-')}-${block.index}.${block.lang === 'tsx' ? 'tsx' : 'ts'}`;
  const path = join(dir, name);
  writeFileSync(path, `// @ts-nocheck\n${how.prelude ?? ''}\n${code}\n${how.epilogue ?? ''}\n`);
  return path;
}

/** The shared values preludes read (`globalThis.__readme`). */
export function provide(values: Record<string, unknown>): void {
  (globalThis as { __readme?: Record<string, unknown> }).__readme = { ...(globalThis as { __readme?: Record<string, unknown> }).__readme, ...values };
}
