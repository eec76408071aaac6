/**
 * What a failed homeserver call means for the bot. The client-server spec's error codes decide,
 * not the message text: M_LIMIT_EXCEEDED is waited out with its retry_after_ms; M_FORBIDDEN
 * when writing means the bot may not write there (kicked, banned, or below the room's power
 * level for messages); M_UNKNOWN_TOKEN means the token was revoked. Anything without a Matrix
 * error code (a refused connection, a 502 from a proxy) is a homeserver out of reach, to retry.
 */
import { MatrixError } from 'matrix-js-sdk';

export type MatrixFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'forbidden'; reason: string }
  | { kind: 'not-found'; reason: string }
  | { kind: 'bad-token'; reason: string }
  | { kind: 'unreachable'; reason: string };

/** Synapse always sends retry_after_ms; a proxy's bare 429 gets a second. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

export function classifyMatrixError(error: unknown): MatrixFailure {
  if (error instanceof MatrixError) {
    const reason = `${error.errcode ?? `HTTP ${error.httpStatus ?? '?'}`}: ${error.data.error ?? error.message}`;
    if (error.errcode === 'M_LIMIT_EXCEEDED' || error.httpStatus === 429) {
      return { kind: 'rate-limited', retryAfterMs: error.getRetryAfterMs() ?? DEFAULT_RETRY_AFTER_MS };
    }
    if (error.errcode === 'M_UNKNOWN_TOKEN' || error.errcode === 'M_MISSING_TOKEN') return { kind: 'bad-token', reason };
    if (error.errcode === 'M_FORBIDDEN') return { kind: 'forbidden', reason };
    if (error.errcode === 'M_NOT_FOUND') return { kind: 'not-found', reason };
    if (error.errcode !== undefined && error.httpStatus !== undefined && error.httpStatus < 500) return { kind: 'forbidden', reason };
    return { kind: 'unreachable', reason };
  }
  return { kind: 'unreachable', reason: error instanceof Error ? error.message : String(error) };
}
