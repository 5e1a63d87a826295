declare const process: { env: Record<string, string | undefined> };

/**
 * Whether development-only warnings are on: bundlers replace `process.env.NODE_ENV` with
 * `"production"` in production builds; a page without a bundler has no `process` at all.
 */
export function isDevelopment(): boolean {
  try {
    return process.env.NODE_ENV !== 'production';
  } catch {
    return true;
  }
}

const warned = new Set<string>();

/** `console.warn` once per message, in development only. */
export function warnOnce(message: string): void {
  if (!isDevelopment() || warned.has(message)) return;
  warned.add(message);
  console.warn(`[@config-service/react] ${message}`);
}
