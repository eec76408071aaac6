/** The bot's waits and retries shortened for tests: short reconnect backoff, quick polling. */
import type { BotOptions } from '../../src/app.js';

export const FAST_BOT_OPTIONS = {
  timing: { buildStartWaitMs: 10_000, buildStopWaitMs: 10_000, pollIntervalMs: 50 },
  notify: { stream: { backoff: { initialMs: 50, maxMs: 500 }, pollIntervalMs: 500 }, retry: { initialMs: 50, maxMs: 500 } },
} satisfies Pick<BotOptions, 'timing' | 'notify'>;
