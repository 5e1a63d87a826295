import type { ClientTimers } from './platform';

/**
 * The host's own clock and timers (every JavaScript runtime has them), looked up when called:
 * what the node and browser platforms pass as `timers`.
 */
export const standardTimers: ClientTimers = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as Parameters<typeof clearTimeout>[0]),
};
