import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium (scripts/ensure-services.sh installs it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Whether the browser tests can run; under CI=true a missing chromium fails instead. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM_PATH} is missing: CI needs the Debian package \`chromium\` (scripts/ensure-services.sh installs it)`);
  console.warn(`[browser tests] ${CHROMIUM_PATH} not found: skipped (under CI=true this fails)`);
  return false;
}

/** Headless chromium with a fresh profile, nothing reaching outside the machine. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'cs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
