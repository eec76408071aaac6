/**
 * The durable outbox: every notification is a row before anyone tries to send it, so a restart
 * of the bot loses nothing. Rows leave 'pending' exactly once, for 'sent', 'failed' (the chat
 * will never take it) or 'dropped' (too old to be worth sending). `dedupe_key` is UNIQUE, so
 * the same event enqueued twice for a chat is one row.
 */
import type Database from 'better-sqlite3';
import type { StoredChat } from './stored-chat.js';

export type OutboxState = 'pending' | 'sent' | 'failed' | 'dropped';

export interface NewOutboxEntry extends StoredChat {
  /** JSON text of a Reply. */
  payload: string;
  /** Same key, same notification: a second enqueue is ignored. */
  dedupeKey: string;
  /** ms since the epoch */
  createdAt: number;
  /** Why it waits for the chat's digest instead of being sent ('muted', 'quiet'; see notify/hold.ts). */
  held?: string | null;
}

export interface PendingEntry extends NewOutboxEntry {
  id: number;
  /** Failed tries so far. */
  attempts: number;
  /** ms since the epoch before which no new try should be made; null: now. */
  nextAttemptAt: number | null;
  /** Handed to the platform by a process that never learnt the outcome (it was killed). */
  handedOver: boolean;
}

export interface DroppedForChat extends StoredChat {
  count: number;
}

export interface OutboxCount {
  state: OutboxState;
  adapter: string;
  count: number;
}

const ENTRY_COLUMNS = `id, chat_key AS chatKey, adapter, chat_id AS chatId, payload, dedupe_key AS dedupeKey,
  created_at AS createdAt, attempts, next_attempt_at AS nextAttemptAt, handed_over AS handedOver`;

export class Outbox {
  private readonly insert;
  private readonly selectNext;
  private readonly handOver;
  private readonly selectChats;
  private readonly settle;
  private readonly retryLater;
  private readonly selectStale;
  private readonly dropStale;
  private readonly dropChatPending;
  private readonly selectCounts;
  private readonly deleteSettled;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare<NewOutboxEntry & { held: string | null }>(
      `INSERT INTO outbox (chat_key, adapter, chat_id, payload, dedupe_key, created_at, held)
       VALUES (@chatKey, @adapter, @chatId, @payload, @dedupeKey, @createdAt, @held)
       ON CONFLICT (dedupe_key) DO NOTHING`,
    );
    this.handOver = db.prepare<[number]>(`UPDATE outbox SET handed_over = 1 WHERE id = ? AND state = 'pending'`);
    this.selectNext = db.prepare<[string], Omit<PendingEntry, 'handedOver'> & { handedOver: number }>(
      `SELECT ${ENTRY_COLUMNS} FROM outbox WHERE chat_key = ? AND state = 'pending' AND held IS NULL ORDER BY id LIMIT 1`,
    );
    this.selectChats = db.prepare<[], { chatKey: string }>(
      `SELECT chat_key AS chatKey FROM outbox WHERE state = 'pending' AND held IS NULL GROUP BY chat_key ORDER BY MIN(id)`,
    );
    this.settle = db.prepare<{ id: number; state: OutboxState; reason: string | null; now: number }>(
      `UPDATE outbox SET state = @state, last_error = coalesce(@reason, last_error), settled_at = @now, next_attempt_at = NULL
       WHERE id = @id AND state = 'pending'`,
    );
    this.retryLater = db.prepare<{ id: number; reason: string; at: number | null }>(
      `UPDATE outbox SET attempts = attempts + 1, last_error = @reason, next_attempt_at = @at, handed_over = 0 WHERE id = @id AND state = 'pending'`,
    );
    this.selectStale = db.prepare<[number], DroppedForChat>(
      `SELECT chat_key AS chatKey, max(adapter) AS adapter, max(chat_id) AS chatId, count(*) AS count
       FROM outbox WHERE state = 'pending' AND held IS NULL AND created_at < ? GROUP BY chat_key ORDER BY MIN(id)`,
    );
    this.dropStale = db.prepare<[number, number]>(
      `UPDATE outbox SET state = 'dropped', settled_at = ?, next_attempt_at = NULL WHERE state = 'pending' AND held IS NULL AND created_at < ?`,
    );
    this.dropChatPending = db.prepare<[number, string]>(
      `UPDATE outbox SET state = 'dropped', settled_at = ?, next_attempt_at = NULL WHERE state = 'pending' AND chat_key = ?`,
    );
    this.selectCounts = db.prepare<[], OutboxCount>(
      'SELECT state, adapter, count(*) AS count FROM outbox GROUP BY state, adapter ORDER BY state, adapter',
    );
    this.deleteSettled = db.prepare<[number]>(`DELETE FROM outbox WHERE state <> 'pending' AND settled_at < ?`);
  }

  /** False once the database was closed (a metrics scrape during shutdown). */
  isOpen(): boolean {
    return this.db.open;
  }

  /** Returns the new row's id, or null when `dedupeKey` was enqueued before. */
  enqueue(entry: NewOutboxEntry): number | null {
    const { changes, lastInsertRowid } = this.insert.run({ ...entry, held: entry.held ?? null });
    return changes === 0 ? null : Number(lastInsertRowid);
  }

  /** The chat's oldest pending entry not held for a digest: each chat is delivered in enqueue order. */
  nextPending(chatKey: string): PendingEntry | null {
    const row = this.selectNext.get(chatKey);
    return row ? { ...row, handedOver: row.handedOver === 1 } : null;
  }

  /**
   * Written before the adapter is called. A failed try this process sees clears it again
   * (markFailed), so at the next start only entries a killed process may have sent carry it.
   */
  markHandedOver(id: number): void {
    this.handOver.run(id);
  }

  /** Chats with something pending, the one waiting longest first. */
  pendingChats(): string[] {
    return this.selectChats.all().map((row) => row.chatKey);
  }

  markSent(id: number): void {
    this.settle.run({ id, state: 'sent', reason: null, now: this.now() });
  }

  /**
   * permanent: the chat will never take it, the row becomes 'failed'. Otherwise it stays
   * pending with one more attempt counted, not to be tried before `nextAttemptAt` (ms).
   */
  markFailed(id: number, reason: string, permanent: boolean, nextAttemptAt: number | null = null): void {
    if (permanent) this.settle.run({ id, state: 'failed', reason, now: this.now() });
    else this.retryLater.run({ id, reason, at: nextAttemptAt });
  }

  /**
   * Pending entries created before `timestamp` (ms) become 'dropped'; returns how many, per chat.
   * Held ones are kept: quiet hours last longer than maxAge, and their digest is due anyway.
   */
  dropOlderThan(timestamp: number): DroppedForChat[] {
    return this.db.transaction(() => {
      const dropped = this.selectStale.all(timestamp);
      if (dropped.length > 0) this.dropStale.run(this.now(), timestamp);
      return dropped;
    })();
  }

  /** Drops everything still pending for a chat (it is gone); returns how many. */
  dropChat(chatKey: string): number {
    return this.dropChatPending.run(this.now(), chatKey).changes;
  }

  /** Rows per state and adapter, for metrics. */
  counts(): OutboxCount[] {
    return this.selectCounts.all();
  }

  /**
   * Deletes sent, failed and dropped rows settled before `timestamp` (ms); returns how many.
   * Their dedupe keys go with them: keep them longer than any event can be read again
   * (processed_events guards build events as well).
   */
  pruneSettledBefore(timestamp: number): number {
    return this.deleteSettled.run(timestamp).changes;
  }
}
