/**
 * Telegram's global flood limit (about 30 messages a second over all chats,
 * core.telegram.org/bots/faq "My bot is hitting limits"), kept on our side so that it holds
 * however late requests reach the server. Telegram counts a call when it arrives, which is some
 * time after we sent it and before its answer comes back. So a new call may leave only while
 * fewer than `perSecond` calls are either unanswered or were answered within the last second:
 * any call the server could still count in the same second as the new one is among those.
 * (Take the last call sent of those the server counts in one second: every other one arrived
 * in that second, so it was answered after the second began, or not yet, when that last call
 * left; hence the server counts at most `perSecond`.)
 *
 * This costs one round trip per second of rate: the window is a second plus the time an
 * answer takes. Evenly spaced calls, which the throttler's Bottleneck does (`minTime`), give
 * no bound at all: requests sent evenly reach the server bunched (a pause of either process,
 * then several at once), and at 95 % of the limit two answers of 429 in 100,000 remained.
 * Bottleneck has no window of this kind (its reservoir is refilled at fixed instants), so the
 * window is kept here.
 */
import type { Transformer } from 'grammy';

/** The span over which Telegram counts its global limit. */
const SERVER_WINDOW_MS = 1000;

/** A FIFO gate: `enter()` resolves when one more call keeps the count within the limit, with the function to call once it is answered. */
export class AnsweredWindowGate {
  private inFlight = 0;
  /** When calls were answered, oldest first; those older than the window no longer count. */
  private readonly answeredAt: number[] = [];
  private readonly waiting: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number >= 1, got ${limit}`);
    if (!(windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${windowMs}`);
  }

  async enter(): Promise<() => void> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.drain();
    });
    let answered = false;
    return () => {
      if (answered) return;
      answered = true;
      this.inFlight -= 1;
      this.answeredAt.push(this.now());
      this.drain();
    };
  }

  private drain(): void {
    while (this.waiting.length > 0) {
      const oldest = this.forgetOld(this.now());
      if (this.inFlight + this.answeredAt.length >= this.limit) {
        // Full: room comes when the oldest answer leaves the window, or when a call is answered.
        if (oldest !== undefined && this.timer === null) {
          this.timer = setTimeout(() => {
            this.timer = null;
            this.drain();
          }, Math.ceil(oldest + this.windowMs - this.now()));
        }
        return;
      }
      this.inFlight += 1;
      this.waiting.shift()?.();
    }
  }

  /** Drops answers a window old or older; returns the oldest one left. */
  private forgetOld(now: number): number | undefined {
    let oldest = this.answeredAt[0];
    while (oldest !== undefined && oldest <= now - this.windowMs) {
      this.answeredAt.shift();
      oldest = this.answeredAt[0];
    }
    return oldest;
  }
}

/** Every call to a chat (the calls the throttler queues per chat) passes the global gate as it leaves. */
export function paceGlobalLimit(perSecond: number): Transformer {
  const gate = new AnsweredWindowGate(Math.max(1, Math.floor(perSecond)), SERVER_WINDOW_MS);
  return async (prev, method, payload, signal) => {
    if (!payload || !('chat_id' in payload)) return prev(method, payload, signal);
    const answered = await gate.enter();
    try {
      return await prev(method, payload, signal);
    } finally {
      answered();
    }
  };
}
