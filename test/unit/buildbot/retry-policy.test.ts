import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY_POLICY, isRetryableStatus, resolveRetryPolicy } from '../../../src/buildbot/retry-policy.js';

describe('retry policy', () => {
  it('defaults to 4 attempts from 250 ms', () => {
    expect(resolveRetryPolicy()).toEqual({ attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000 });
    expect(resolveRetryPolicy({ attempts: 2 })).toEqual({ ...DEFAULT_RETRY_POLICY, attempts: 2 });
  });

  it('refuses nonsense', () => {
    expect(() => resolveRetryPolicy({ attempts: 0 })).toThrow(/at least 1/);
    expect(() => resolveRetryPolicy({ attempts: 1.5 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ baseDelayMs: -1 })).toThrow(/negative/);
  });

  it('doubles the delay for each retry, jittered between half and all of it', () => {
    const policy = resolveRetryPolicy();
    expect([1, 2, 3].map((n) => backoffDelay(policy, n, () => 0))).toEqual([125, 250, 500]);
    expect([1, 2, 3].map((n) => backoffDelay(policy, n, () => 0.999999))).toEqual([250, 500, 1000]);
    expect(backoffDelay(policy, 2, () => 0.5)).toBe(375);
  });

  it('never waits longer than the cap', () => {
    const policy = resolveRetryPolicy({ maxDelayMs: 1_000 });
    expect(backoffDelay(policy, 10, () => 0.999999)).toBe(1_000);
  });

  it('retries server errors only', () => {
    expect([500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([200, 400, 403, 404, 429].some(isRetryableStatus)).toBe(false);
  });
});
