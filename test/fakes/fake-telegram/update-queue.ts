/**
 * Pending updates and the one long poll that may wait for them, with the Bot API server's rules
 * (tdlib/telegram-bot-api, Client.cpp `do_get_updates`, `long_poll_wakeup`):
 * - getUpdates with `offset` confirms (forgets) every update below it; a negative offset keeps
 *   only the last -offset updates;
 * - a call that has updates, or timeout 0, answers at once; otherwise it waits up to `timeout`
 *   seconds, and a second waiting call ends the first with 409 "terminated by other getUpdates";
 * - `allowed_updates` filters updates as they arrive, not the ones already queued; an empty
 *   list means the default (everything but chat_member and the reaction updates).
 */
import type { Update } from 'grammy/types';
import type { TelegramError } from './errors.js';

export type UpdateKind = Exclude<keyof Update, 'update_id'>;

const NOT_BY_DEFAULT: ReadonlySet<string> = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

interface Waiter {
  offset: number;
  limit: number;
  resolve: (updates: Update[]) => void;
  reject: (error: TelegramError) => void;
  timer: NodeJS.Timeout;
  wakeTimer?: NodeJS.Timeout;
}

export class UpdateQueue {
  private pending: Update[] = [];
  private nextId: number;
  private allowed: ReadonlySet<string> | null = null;
  private waiter: Waiter | null = null;
  /** When the previous getUpdates started and with which offset. */
  lastPoll: { offset: number; at: number } | null = null;
  /** Called when an update is queued (the webhook sender listens). */
  onQueued: () => void = () => {};

  constructor(firstUpdateId: number) {
    this.nextId = firstUpdateId;
  }

  get length(): number {
    return this.pending.length;
  }

  get waiting(): boolean {
    return this.waiter !== null;
  }

  get allowedUpdates(): UpdateKind[] | undefined {
    return this.allowed === null ? undefined : ([...this.allowed] as UpdateKind[]);
  }

  /** Queue an update; undefined when allowed_updates filters it out. */
  push(fill: (updateId: number) => Update, kind: UpdateKind): Update | undefined {
    if (!this.accepts(kind)) return undefined;
    const update = fill(this.nextId++);
    this.pending.push(update);
    this.wake();
    this.onQueued();
    return update;
  }

  private accepts(kind: string): boolean {
    return this.allowed === null ? !NOT_BY_DEFAULT.has(kind) : this.allowed.has(kind);
  }

  /** Apply an allowed_updates parameter: absent keeps the last setting, [] resets to the default. */
  setAllowed(list: unknown): void {
    if (!Array.isArray(list)) return;
    const kinds = list.filter((kind): kind is string => typeof kind === 'string');
    this.allowed = kinds.length === 0 ? null : new Set(kinds);
  }

  /** Forget the updates the offset confirms. */
  confirm(offset: number): void {
    if (offset < 0) this.pending = this.pending.slice(offset);
    else if (offset > 0) this.pending = this.pending.filter((update) => update.update_id >= offset);
  }

  peek(limit: number): Update[] {
    return this.pending.slice(0, limit);
  }

  clear(): void {
    this.pending = [];
  }

  /** Wait for an update for up to `timeoutMs`; ends a waiting poll first, with `conflict`. */
  wait(offset: number, limit: number, timeoutMs: number, conflict: TelegramError, signal: AbortSignal): Promise<Update[]> {
    this.abortWaiter(conflict);
    return new Promise<Update[]>((resolve, reject) => {
      const waiter: Waiter = {
        offset, limit, resolve, reject,
        timer: setTimeout(() => this.finish(waiter, this.peek(limit)), timeoutMs),
      };
      this.waiter = waiter;
      // The client went away (grammY's bot.stop() aborts its poll): nobody to answer.
      signal.addEventListener('abort', () => this.finish(waiter, []), { once: true });
    });
  }

  /** End the waiting poll with an error (another poll, setWebhook, shutdown). */
  abortWaiter(error: TelegramError): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.clearWaiter(waiter);
    waiter.reject(error);
  }

  /** Shutting down: a waiting poll ends with no updates (its connection is going anyway). */
  close(): void {
    if (this.waiter) this.finish(this.waiter, []);
  }

  /**
   * An update arrived: answer the waiting poll a moment later, so that updates injected together
   * come in one batch (the real server waits a little after the first one too).
   */
  private wake(): void {
    const waiter = this.waiter;
    if (!waiter || waiter.wakeTimer) return;
    waiter.wakeTimer = setTimeout(() => {
      this.confirm(waiter.offset);
      this.finish(waiter, this.peek(waiter.limit));
    }, 1);
  }

  private finish(waiter: Waiter, updates: Update[]): void {
    if (this.waiter !== waiter) return;
    this.clearWaiter(waiter);
    waiter.resolve(updates);
  }

  private clearWaiter(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    if (waiter.wakeTimer) clearTimeout(waiter.wakeTimer);
    this.waiter = null;
  }
}
