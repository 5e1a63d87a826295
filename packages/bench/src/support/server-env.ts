/** The admin key of every server the bench starts. */
export const ADMIN_KEY = 'csk_bench-admin-key-0123456789abcdef';

/**
 * The environment of every server the bench starts: its own admin key, and the per-credential
 * and per-address limits (requests, watches) lifted, because the bench is one address with one
 * key opening up to 10,000 watchers and sending requests as fast as the server answers them.
 */
export const BENCH_SERVER_ENV: Readonly<Record<string, string>> = {
  CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY,
  CONFIG_SERVICE_RATE_LIMIT_PER_MINUTE: '1000000000',
  CONFIG_SERVICE_WATCH_MAX_PER_ADDRESS: '100000',
  CONFIG_SERVICE_WATCH_MAX_PER_CREDENTIAL: '100000',
  LOG_LEVEL: 'warn',
};
