/**
 * Sends events to rooms: one queue per room, so a room's messages arrive in the order they were
 * given (a long answer, then the notification that followed it), while rooms do not wait for
 * each other. M_LIMIT_EXCEEDED is waited out with the server's retry_after_ms and the same
 * transaction id, so a retried send is never shown twice (the spec makes PUT .../send/{txnId}
 * idempotent). Other failures are thrown to the caller: the outbox retries notifications.
 * Sends go straight to the client-server API rather than through matrix-js-sdk's sendEvent,
 * which refuses encrypted rooms without crypto and keeps local echoes the bot has no use for.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Method, type MatrixClient } from 'matrix-js-sdk';
import { classifyMatrixError } from './classify-matrix-error.js';
import type { MatrixImageContent } from './matrix-image.js';
import type { MatrixMessageContent } from './matrix-text-format.js';

export interface MatrixSenderOptions {
  client: () => MatrixClient | undefined;
  /** Rate-limit answers waited out for one event before it fails. */
  maxRateLimitWaits?: number;
  onRateLimited?: (roomId: string, retryAfterMs: number) => void;
}

export class MatrixSender {
  private readonly tails = new Map<string, Promise<unknown>>();
  private sequence = 0;
  private readonly started = Date.now();

  constructor(private readonly options: MatrixSenderOptions) {}

  /** Resolves with the event id once the homeserver took the event. */
  send(roomId: string, content: MatrixMessageContent | MatrixImageContent): Promise<string> {
    const previous = this.tails.get(roomId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.put(roomId, content));
    this.tails.set(roomId, next);
    void next.then(
      () => this.forget(roomId, next),
      () => this.forget(roomId, next),
    );
    return next;
  }

  private forget(roomId: string, tail: Promise<unknown>): void {
    if (this.tails.get(roomId) === tail) this.tails.delete(roomId);
  }

  private async put(roomId: string, content: MatrixMessageContent | MatrixImageContent): Promise<string> {
    const txnId = `bbc-${this.started}-${++this.sequence}`;
    const path = `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${encodeURIComponent(txnId)}`;
    const maxWaits = this.options.maxRateLimitWaits ?? 10;
    for (let waits = 0; ; waits++) {
      const client = this.options.client();
      if (!client) throw new Error('not connected to the Matrix homeserver');
      try {
        const answer = await client.http.authedRequest<{ event_id: string }>(Method.Put, path, undefined, { ...content });
        return answer.event_id;
      } catch (error) {
        const failure = classifyMatrixError(error);
        if (failure.kind !== 'rate-limited' || waits >= maxWaits) throw error;
        this.options.onRateLimited?.(roomId, failure.retryAfterMs);
        await sleep(failure.retryAfterMs);
      }
    }
  }
}
