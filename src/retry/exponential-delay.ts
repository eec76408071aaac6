/**
 * The one backoff curve of the bot: every retry loop (REST reads, the /ws reconnect, outbox
 * deliveries, IRC reconnects) waits `initialMs · 2^attempt`, capped at `maxMs`, with jitter so
 * that many clients of one restarted server do not all come back in the same second
 * (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * - 'full': uniform in [0, delay), for reconnects where spreading matters most;
 * - 'equal': between half the delay and all of it, for retries that should not come too soon;
 * - 'none': the delay itself, when the caller drew its own random start (IRC's lostDelay range).
 */
export type Jitter = 'full' | 'equal' | 'none';

export interface ExponentialBackoff {
  initialMs: number;
  maxMs: number;
  jitter: Jitter;
}

/** Past this many doublings the cap is reached anyway (and 2^n stays finite). */
const MAX_DOUBLINGS = 52;

/** The wait before retry `attempt` (0 for the first). `random` returns [0, 1). */
export function exponentialDelay(backoff: ExponentialBackoff, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(Math.max(0, attempt), MAX_DOUBLINGS));
  if (backoff.jitter === 'full') return Math.floor(random() * ceiling);
  if (backoff.jitter === 'equal') return Math.round(ceiling / 2 + random() * (ceiling / 2));
  return ceiling;
}
