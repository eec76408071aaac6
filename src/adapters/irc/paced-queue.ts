/**
 * Outgoing lines of one IRC connection, paced to stay under the server's flood limit.
 * irc-framework writes straight to the socket, and servers drop a client that bursts: ngircd
 * and others disconnect with "Excess Flood" (Buildbot's bot hit this on `status`,
 * twisted/twisted#3349), and even when they only throttle, a 32-line burst took ngircd 10 s.
 * A token bucket allows a short burst (a reply of a few lines goes out at once) and then one
 * line per interval, like irssi (5 lines, then one per 2.2 s) and WeeChat.
 */

/** Writes one line (no CRLF); returns false when the connection is gone and nothing was written. */
export type LineWriter = (line: string) => boolean | void;

export interface PacedQueueOptions {
  /** Lines that may go out back to back after a quiet period; default 5. */
  burst?: number;
  /** Milliseconds per line once the burst is spent; default 1000 (ngircd handles ~1 line/s). */
  intervalMs?: number;
}

/** The reason a queued line was never written: the queue was cleared (bot stopping). */
export class PacedQueueClearedError extends Error {
  override readonly name = 'PacedQueueClearedError';
}

interface Pending {
  line: string;
  /** Costs no credit (a delivery receipt's PING): it still waits for the lines before it. */
  free: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class PacedQueue {
  private readonly pending: Pending[] = [];
  private readonly intervalMs: number;
  /** The bucket in milliseconds of credit (a line costs intervalMs): integer arithmetic. */
  private readonly capacityMs: number;
  private creditMs: number;
  private lastRefill = Date.now();
  private writer: LineWriter | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private draining = false;

  constructor(options: PacedQueueOptions = {}) {
    const burst = options.burst ?? 5;
    this.intervalMs = options.intervalMs ?? 1000;
    if (!Number.isInteger(burst) || burst < 1) throw new RangeError(`burst must be a whole number >= 1, got ${burst}`);
    if (!(this.intervalMs >= 0)) throw new RangeError(`intervalMs must be >= 0, got ${this.intervalMs}`);
    this.capacityMs = burst * this.intervalMs;
    this.creditMs = this.capacityMs;
  }

  /** Lines waiting to be written. */
  get size(): number {
    return this.pending.length;
  }

  /** True until resume() gives a writer, and again after pause(). */
  get paused(): boolean {
    return this.writer === null;
  }

  /**
   * Queues a line; the promise resolves once it was handed to the writer and rejects when the
   * queue is cleared first, or with the writer's error if the writer throws.
   */
  push(line: string, options: { free?: boolean } = {}): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ line, free: options.free ?? false, resolve, reject });
      this.drain();
    });
  }

  /** Stop writing (connection lost); queued lines stay for resume(). */
  pause(): void {
    this.writer = null;
    this.stopTimer();
  }

  /** Start writing with this writer (a new connection); queued lines go first, in order. */
  resume(writer: LineWriter): void {
    this.writer = writer;
    this.drain();
  }

  /** Drop every queued line; their promises reject with PacedQueueClearedError. */
  clear(reason = 'the IRC send queue was cleared'): void {
    this.stopTimer();
    for (const item of this.pending.splice(0)) item.reject(new PacedQueueClearedError(reason));
  }

  private drain(): void {
    if (this.draining || this.timer !== null) return;
    this.draining = true;
    try {
      while (this.writer !== null && this.pending.length > 0) {
        this.refill();
        const cost = (this.pending[0] as Pending).free ? 0 : this.intervalMs;
        if (this.creditMs < cost) {
          this.startTimer(cost - this.creditMs);
          return;
        }
        const item = this.pending.shift() as Pending;
        let written: boolean | void;
        try {
          written = this.writer(item.line);
        } catch (error) {
          this.creditMs -= cost;
          item.reject(error);
          continue;
        }
        if (written === false) {
          // Nothing reached the server: keep the line first in line for the next connection.
          this.pending.unshift(item);
          this.pause();
          return;
        }
        this.creditMs -= cost;
        item.resolve();
      }
    } finally {
      this.draining = false;
    }
  }

  private refill(): void {
    const now = Date.now();
    this.creditMs = Math.min(this.capacityMs, this.creditMs + Math.max(0, now - this.lastRefill));
    this.lastRefill = now;
  }

  private startTimer(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.drain();
    }, delayMs);
    // A queue waiting to send must not keep a stopping process alive; the socket does that.
    this.timer.unref?.();
  }

  private stopTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
