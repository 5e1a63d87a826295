import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

/** The console as the server serves it: apps/server's build copies it there. */
const CONSOLE_DIR = fileURLToPath(new URL('../../../../apps/server/dist/console/', import.meta.url));
const BUDGET_BYTES = 300 * 1024;

/** Files a first visit loads: what index.html names, and what those scripts import statically. */
function initialFiles(): string[] {
  const html = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');
  const named = [...html.matchAll(/(?:src|href)="\/console\/(assets\/[^"]+)"/g)].map((match) => match[1]!);
  const files = new Set<string>(named);
  const queue = named.filter((file) => file.endsWith('.js'));
  while (queue.length > 0) {
    const file = queue.pop()!;
    const code = readFileSync(join(CONSOLE_DIR, file), 'utf8');
    // Static imports only (`import{x}from"./a.js"`, `import"./b.js"`); `import("./c.js")` loads later.
    for (const match of code.matchAll(/\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      const dependency = `assets/${match[1]!}`;
      if (!files.has(dependency)) {
        files.add(dependency);
        queue.push(dependency);
      }
    }
  }
  return [...files];
}

describe('the console bundle', () => {
  it('loads at most 300 KB (minified + gzip) on a first visit; the editor and the diff load later', () => {
    expect(existsSync(join(CONSOLE_DIR, 'index.html')), `${CONSOLE_DIR} is missing: run pnpm build`).toBe(true);
    const files = initialFiles();
    const sizes = files.map((file) => ({ file, gzip: gzipSync(readFileSync(join(CONSOLE_DIR, file)), { level: 9 }).length }));
    const total = sizes.reduce((sum, { gzip }) => sum + gzip, 0) + gzipSync(readFileSync(join(CONSOLE_DIR, 'index.html'))).length;
    console.log(`[console] initial load ${(total / 1024).toFixed(1)} KB min+gzip: ${sizes.map(({ file, gzip }) => `${file} ${(gzip / 1024).toFixed(1)} KB`).join(', ')}`);
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    expect(files.some((file) => /json-editor|json-diff/.test(file))).toBe(false);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
