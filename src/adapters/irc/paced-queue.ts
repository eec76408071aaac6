/**
 * Outgoing lines of one IRC connection, paced to stay under the server's flood limit.
 * irc-framework writes straight to the socket, and servers drop a client that bursts: ngircd
 * and others disconnect with "Excess Flood" (Buildbot's bot hit this on `status`,
 * twisted/twisted#3349), and even when they only throttle, a 32-line burst took ngircd 10 s.
 * A token bucket allows a short burst (a reply of a few lines goes out at once) and then one
 * line per interval, like irssi (5 lines, then one per 2.2 s) and WeeChat.
 *
 * Lines wait in lanes, one per target (a channel, a nick; control lines such as JOIN and WHOIS
 * share one), and the lanes take turns line by line: a 17-line answer to one user delays
 * another user's answer, or a notification in a channel, by one line interval at most instead
 * of by the whole answer. Within a lane the order is kept, so a delivery receipt (the PING
 * after a notification) still follows the lines it confirms.
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

/** The lane of lines that belong to no chat (JOIN, PART, NICK, WHOIS). */
export const CONTROL_LANE = '';

export class PacedQueue {
  /** Lanes with lines waiting, in turn order: the first is served next, then goes last. */
  private readonly lanes = new Map<string, Pending[]>();
  private waiting = 0;
  private lastServed: string | undefined;
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
    return this.waiting;
  }

  /** True until resume() gives a writer, and again after pause(). */
  get paused(): boolean {
    return this.writer === null;
  }

  /**
   * Queues a line; the promise resolves once it was handed to the writer and rejects when the
   * queue is cleared first, or with the writer's error if the writer throws. `lane` names the
   * target (lanes take turns); default: the control lane.
   */
  push(line: string, options: { free?: boolean; lane?: string } = {}): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const lane = options.lane ?? CONTROL_LANE;
      const entries = this.lanes.get(lane);
      const item = { line, free: options.free ?? false, resolve, reject };
      if (entries) entries.push(item);
      else this.addLane(lane, item);
      this.waiting += 1;
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
    const entries = [...this.lanes.values()].flat();
    this.lanes.clear();
    this.waiting = 0;
    for (const item of entries) item.reject(new PacedQueueClearedError(reason));
  }

  /**
   * A new lane goes before the lane served last, which has just had its turn: a user who asks
   * while another's long answer is paced gets the next line.
   */
  private addLane(lane: string, item: Pending): void {
    const last = [...this.lanes.keys()].at(-1);
    if (last === undefined || last !== this.lastServed) {
      this.lanes.set(lane, [item]);
      return;
    }
    const lastEntries = this.lanes.get(last) ?? [];
    this.lanes.delete(last);
    this.lanes.set(lane, [item]);
    this.lanes.set(last, lastEntries);
  }

  /** The next line in turn: the first lane's first line, its lane then goes to the back. */
  private takeNext(): { lane: string; item: Pending } | undefined {
    const first = this.lanes.entries().next();
    if (first.done === true) return undefined;
    const [lane, entries] = first.value;
    const item = entries.shift();
    if (item === undefined) {
      this.lanes.delete(lane);
      return this.takeNext();
    }
    // A free line behind (a receipt) keeps the lane's turn: it confirms the line just written.
    if (entries[0]?.free !== true) {
      this.lanes.delete(lane);
      if (entries.length > 0) this.lanes.set(lane, entries);
    }
    this.waiting -= 1;
    this.lastServed = lane;
    return { lane, item };
  }

  /** Puts a line that could not be written back first, in its lane and in the turn order. */
  private putBack(lane: string, item: Pending): void {
    const entries = this.lanes.get(lane) ?? [];
    this.lanes.delete(lane);
    const rest = [...this.lanes.entries()];
    this.lanes.clear();
    this.lanes.set(lane, [item, ...entries]);
    for (const [other, items] of rest) this.lanes.set(other, items);
    this.waiting += 1;
  }

  private peekCost(): number {
    const first = this.lanes.values().next();
    return first.done === true || first.value[0]?.free === true ? 0 : this.intervalMs;
  }

  private drain(): void {
    if (this.draining || this.timer !== null) return;
    this.draining = true;
    try {
      while (this.writer !== null && this.waiting > 0) {
        this.refill();
        const cost = this.peekCost();
        if (this.creditMs < cost) {
          this.startTimer(cost - this.creditMs);
          return;
        }
        const next = this.takeNext();
        if (next === undefined) return;
        const { lane, item } = next;
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
          this.putBack(lane, item);
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
