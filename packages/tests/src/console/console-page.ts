/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * axe-core's serious and critical violations on the page as it is now. axe goes in through the
 * DevTools protocol (page.evaluate), which the page's CSP does not govern: the page itself
 * still runs under its strict policy.
 */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => String(n.target[0])) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Screenshots for the README, light and dark. They go to docs/console/ only when
 * UPDATE_CONSOLE_SCREENSHOTS=1 (so that a test run does not rewrite committed files); otherwise
 * into a scratch directory, taken all the same.
 */
export function screenshotDir(scratch: string): string {
  const dir = process.env.UPDATE_CONSOLE_SCREENSHOTS === '1' ? join(import.meta.dirname, '../../../../docs/console') : scratch;
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function screenshotBothThemes(page: Page, dir: string, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    // The theme is CSS only: one frame later the page has repainted.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    await page.screenshot({ path: join(dir, `${name}-${scheme}.png`), fullPage: false });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Replaces the text of the CodeMirror editor on the page, as a user typing would. */
export async function typeIntoEditor(page: Page, text: string): Promise<void> {
  const content = page.locator('.cm-content').first();
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

/** The editor's current text. */
export async function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const lines = Array.from(document.querySelectorAll('.cm-content .cm-line'), (line) => line.textContent ?? '');
    return lines.join('\n');
  });
}
