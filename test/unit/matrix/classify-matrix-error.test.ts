import { MatrixError } from 'matrix-js-sdk';
import { describe, expect, it } from 'vitest';
import { classifyMatrixError } from '../../../src/adapters/matrix/classify-matrix-error.js';

const error = (errcode: string, status: number, extra: Record<string, unknown> = {}) => new MatrixError({ errcode, error: `${errcode} said`, ...extra }, status);

describe('homeserver errors', () => {
  it('waits out M_LIMIT_EXCEEDED for its retry_after_ms', () => {
    expect(classifyMatrixError(error('M_LIMIT_EXCEEDED', 429, { retry_after_ms: 1234 }))).toEqual({ kind: 'rate-limited', retryAfterMs: 1234 });
    expect(classifyMatrixError(error('M_LIMIT_EXCEEDED', 429))).toEqual({ kind: 'rate-limited', retryAfterMs: 1000 });
  });

  it('tells a refusal (kicked, banned) from a homeserver out of reach', () => {
    expect(classifyMatrixError(error('M_FORBIDDEN', 403)).kind).toBe('forbidden');
    expect(classifyMatrixError(error('M_UNKNOWN_TOKEN', 401)).kind).toBe('bad-token');
    expect(classifyMatrixError(new TypeError('fetch failed')).kind).toBe('unreachable');
    expect(classifyMatrixError(new MatrixError({}, 502)).kind).toBe('unreachable');
  });
});
