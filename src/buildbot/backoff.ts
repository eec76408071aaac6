/**
 * Reconnect delays for the /ws event stream: exponential with "full jitter" (a uniform pick
 * between 0 and the exponential ceiling, AWS Architecture Blog, "Exponential Backoff And
 * Jitter"), so that several bots do not all reconnect to a restarted master in the same second.
 * REST reads use the same curve with equal jitter (retry-policy.ts).
 */
import { exponentialDelay } from '../retry/exponential-delay.js';

export interface BackoffRange {
  /** Ceiling of the first delay. */
  initialMs: number;
  /** Ceiling of every delay. */
  maxMs: number;
}

/** Delay before reconnect number `attempt` (0 for the first): uniform in [0, min(max, initial·2^attempt)). */
export function fullJitterDelay(range: BackoffRange, attempt: number, random: () => number = Math.random): number {
  return exponentialDelay({ ...range, jitter: 'full' }, attempt, random);
}

export function checkBackoffRange(range: BackoffRange): BackoffRange {
  if (!(range.initialMs > 0) || !(range.maxMs >= range.initialMs) || !Number.isFinite(range.maxMs)) {
    throw new RangeError(`backoff needs 0 < initialMs <= maxMs (finite), not ${range.initialMs} .. ${range.maxMs}`);
  }
  return range;
}

/** Counts attempts since the last reset; each `nextDelay()` is one more attempt. */
export class ReconnectBackoff {
  private attempt = 0;

  constructor(
    private readonly range: BackoffRange,
    private readonly random: () => number = Math.random,
  ) {
    checkBackoffRange(range);
  }

  nextDelay(): number {
    const delay = fullJitterDelay(this.range, this.attempt, this.random);
    this.attempt += 1;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}
