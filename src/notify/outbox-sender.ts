/**
 * Delivers the outbox: one loop per chat, oldest first, so each chat sees its notifications in
 * order. An entry is marked sent only when the adapter confirms it; a transient failure (the
 * adapter is disconnected, a 5xx, a network error) keeps it pending and retries with backoff;
 * a permanent one (the chat is gone) marks it failed and tells the app.
 */
import type { Logger } from 'pino';
import type { Adapter } from '../core/adapter.js';
import type { TemplateReplyOf } from '../core/reply.js';
import { exponentialDelay } from '../retry/exponential-delay.js';
import type { DatabaseHealth } from '../store/database-health.js';
import type { Outbox } from '../store/outbox.js';
import { readOutboxReply } from './read-outbox-reply.js';

export interface OutboxSenderOptions {
  outbox: Outbox;
  logger: Logger;
  onPermanentFailure?: (chat: { chatKey: string; adapter: string; chatId: string }, reason: string) => void;
  /** Moves the chat's rows, pending entries included, to its new id. */
  onChatMoved?: (chat: { chatKey: string; adapter: string; chatId: string }, newChatId: string) => void;
  onDelivered?: (adapter: string, outcome: 'sent' | 'failed' | 'retry') => void;
  retry?: { initialMs: number; maxMs: number };
  /** Told about errors of the outbox's own table (corruption is logged and counted there). */
  database?: DatabaseHealth;
}

export class OutboxSender {
  private readonly outbox: Outbox;
  /** Handed over as each adapter starts; nothing is sent before `start`. */
  private readonly adapters = new Map<string, Adapter>();
  private started = false;
  private readonly running = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Chats kicked while their loop was finishing: look again when it ends. */
  private readonly kickedWhileRunning = new Set<string>();
  private stopped = false;

  constructor(private readonly options: OutboxSenderOptions) {
    this.outbox = options.outbox;
  }

  /**
   * At start: entries older than maxAge are dropped (a notification hours late misleads more
   * than it helps), and each chat that lost some gets one line saying so.
   */
  dropStale(maxAgeMs: number): void {
    const dropped = this.outbox.dropOlderThan(Date.now() - maxAgeMs);
    for (const { chatKey, adapter, chatId, count } of dropped) {
      this.options.logger.warn({ chat: chatKey, count }, 'dropped stale notifications');
      const notice: TemplateReplyOf<'notifications-dropped'> = { template: 'notifications-dropped', data: { count, maxAgeMinutes: Math.round(maxAgeMs / 60_000) } };
      this.outbox.enqueue({
        chatKey,
        adapter,
        chatId,
        payload: JSON.stringify(notice),
        dedupeKey: `dropped:${chatKey}:${Date.now()}`,
        createdAt: Date.now(),
      });
    }
  }

  /** An adapter that has started: its chats' entries can go out. */
  attach(adapter: Adapter): void {
    this.adapters.set(adapter.name, adapter);
  }

  /**
   * Every adapter is attached: deliver what is pending. Entries of an adapter the config no
   * longer has fail from here on, instead of waiting for an adapter that may still start.
   */
  start(): void {
    this.started = true;
    this.kick();
  }

  /** Start delivering every chat that has pending entries and no loop yet. */
  kick(): void {
    if (this.stopped || !this.started) return;
    let chats: string[];
    try {
      chats = this.outbox.pendingChats();
    } catch (error) {
      this.storeFailed(error, 'reading the outbox');
      return;
    }
    for (const chatKey of chats) {
      if (this.running.has(chatKey)) {
        this.kickedWhileRunning.add(chatKey);
        continue;
      }
      if (this.timers.has(chatKey)) continue;
      const loop = this.deliverChat(chatKey)
        .catch((error: unknown) => this.storeFailed(error, `delivering to ${chatKey}`))
        .finally(() => {
        this.running.delete(chatKey);
        if (this.kickedWhileRunning.delete(chatKey)) this.kick();
      });
      this.running.set(chatKey, loop);
    }
  }

  /** Stop sending; wait at most `timeoutMs` for deliveries in flight. */
  async stop(timeoutMs = 5_000): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.running.values()]),
      new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, timeoutMs);
      }),
    ]);
    if (timeout) clearTimeout(timeout);
  }

  /** Resolves when no chat has a delivery loop running (tests, graceful stop). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  private async deliverChat(chatKey: string): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const entry = this.outbox.nextPending(chatKey);
      if (!entry) return;
      if (entry.nextAttemptAt !== null && entry.nextAttemptAt > Date.now()) {
        this.retryLater(chatKey, entry.nextAttemptAt - Date.now());
        return;
      }
      const adapter = this.adapters.get(entry.adapter);
      if (!adapter) {
        this.outbox.markFailed(entry.id, `no ${entry.adapter} adapter is configured`, true);
        continue;
      }
      const stored = readOutboxReply(entry.payload);
      if (!stored.ok) {
        this.outbox.markFailed(entry.id, stored.reason, true);
        this.options.onDelivered?.(entry.adapter, 'failed');
        this.options.logger.error({ chat: chatKey, reason: stored.reason }, 'an outbox entry cannot be printed; it is dropped');
        continue;
      }
      try {
        // The window for a repeat is from here to markSent: IRC cannot be asked what arrived.
        if (!entry.handedOver) this.outbox.markHandedOver(entry.id);
        const result = await adapter.deliver(entry.chatId, entry.handedOver ? { ...stored.reply, repeated: true } : stored.reply);
        if (result.ok) {
          this.outbox.markSent(entry.id);
          this.options.onDelivered?.(entry.adapter, 'sent');
        } else if ('movedTo' in result) {
          const { onChatMoved } = this.options;
          if (!onChatMoved || result.movedTo === entry.chatId) {
            this.outbox.markFailed(entry.id, result.reason, true);
            continue;
          }
          onChatMoved({ chatKey, adapter: entry.adapter, chatId: entry.chatId }, result.movedTo);
          // this entry and the rest now wait under the new chat's key, in that chat's own loop
          this.kick();
          return;
        } else if (!result.permanent) {
          this.outbox.markFailed(entry.id, result.reason, true);
          this.options.onDelivered?.(entry.adapter, 'failed');
          this.options.logger.error({ chat: chatKey, reason: result.reason }, 'the platform refused a notification; it is dropped, the chat is kept');
        } else {
          this.outbox.markFailed(entry.id, result.reason, true);
          this.options.onDelivered?.(entry.adapter, 'failed');
          this.options.logger.warn({ chat: chatKey, reason: result.reason }, 'notification cannot be delivered: chat gone');
          this.options.onPermanentFailure?.({ chatKey, adapter: entry.adapter, chatId: entry.chatId }, result.reason);
        }
      } catch (error) {
        const delay = this.backoff(entry.attempts + 1);
        this.outbox.markFailed(entry.id, error instanceof Error ? error.message : String(error), false, Date.now() + delay);
        this.options.onDelivered?.(entry.adapter, 'retry');
        this.options.logger.info({ chat: chatKey, err: error, retryInMs: delay }, 'notification not delivered yet; will retry');
        this.retryLater(chatKey, delay);
        return;
      }
    }
  }

  /** The outbox's table failed (not a delivery): nothing is lost, the entries stay pending. */
  private storeFailed(error: unknown, during: string): void {
    if (this.options.database?.noteError(error, during)) return;
    this.options.logger.error({ err: error, during }, 'the outbox could not be read or updated; pending notifications wait for the next kick');
  }

  private retryLater(chatKey: string, delayMs: number): void {
    if (this.stopped || this.timers.has(chatKey)) return;
    const timer = setTimeout(() => {
      this.timers.delete(chatKey);
      this.kick();
    }, delayMs);
    timer.unref();
    this.timers.set(chatKey, timer);
  }

  private backoff(attempt: number): number {
    const range = this.options.retry ?? { initialMs: 1_000, maxMs: 60_000 };
    return exponentialDelay({ ...range, jitter: 'equal' }, attempt - 1);
  }
}
