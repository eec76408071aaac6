/**
 * How reads from the master are retried: a few attempts, exponential backoff with jitter so
 * several bots (or several commands of one bot) do not hammer a restarting master in step.
 * Control calls (force, stop) never go through this: a retry could start a second build.
 */
import { exponentialDelay } from '../retry/exponential-delay.js';
export interface RetryPolicy {
  /** Total tries, the first included (1 = no retry). */
  attempts: number;
  /** Delay before the first retry; doubled for each further one. */
  baseDelayMs: number;
  /** Upper bound of any single delay. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({ attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 });

export function resolveRetryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...partial };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) {
    throw new RangeError(`retry.attempts must be a whole number of at least 1, not ${String(policy.attempts)}`);
  }
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= 0)) {
    throw new RangeError('retry delays must not be negative');
  }
  return policy;
}

/**
 * Delay before retry number `retry` (1 for the first retry): base·2^(retry-1), capped, with
 * "equal jitter": somewhere between half of it and all of it. `random` returns [0, 1).
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  return exponentialDelay({ initialMs: policy.baseDelayMs, maxMs: policy.maxDelayMs, jitter: 'equal' }, retry - 1, random);
}

/** Statuses worth another try for an idempotent read: the master (or a proxy) failed. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 && status <= 599;
}

