/**
 * A written line is not a delivered line: if the connection dies right after the write, the
 * server may never have read it. After a notification's lines, the adapter sends a PING with a
 * token of its own; servers answer PINGs in order, so its PONG proves every line before it was
 * processed. Without the PONG the outbox keeps the notification and sends it again (at least
 * once, rather than silently lost).
 */
export class DeliveryReceipts {
  private next = 1;
  private readonly waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  constructor(private readonly timeoutMs = 30_000) {}

  /** A fresh token and the promise of its PONG. */
  expect(): { token: string; confirmed: Promise<void> } {
    const token = `buildbot-chat-${this.next++}`;
    const confirmed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(token);
        reject(new Error(`the IRC server did not confirm delivery within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      timer.unref();
      this.waiting.set(token, { resolve, reject, timer });
    });
    return { token, confirmed };
  }

  /** A PONG arrived (irc-framework's 'pong' event message). */
  pong(message: string | undefined): void {
    const entry = message === undefined ? undefined : this.waiting.get(message);
    if (!entry || message === undefined) return;
    clearTimeout(entry.timer);
    this.waiting.delete(message);
    entry.resolve();
  }

  /** The connection is gone: nothing outstanding will be confirmed. */
  failAll(reason: string): void {
    for (const [token, entry] of this.waiting) {
      clearTimeout(entry.timer);
      entry.reject(new Error(reason));
      this.waiting.delete(token);
    }
  }
}
