/**
 * Outbox entries held back while their chat is muted or in quiet hours (outbox.held is set):
 * still pending, so a restart loses none, but skipped by the sender until the chat's digest
 * replaces them. Settled as 'dropped' with a reason naming the digest, so no row just vanishes.
 */
import type Database from 'better-sqlite3';
import type { StoredChat } from './stored-chat.js';

export interface HeldEntry {
  id: number;
  payload: string;
  held: string;
}

export class HeldNotifications {
  private readonly selectChats;
  private readonly selectChat;
  private readonly settle;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.selectChats = db.prepare<[], StoredChat>(
      `SELECT chat_key AS chatKey, max(adapter) AS adapter, max(chat_id) AS chatId FROM outbox
       WHERE state = 'pending' AND held IS NOT NULL GROUP BY chat_key ORDER BY MIN(id)`,
    );
    this.selectChat = db.prepare<[string], HeldEntry>(
      `SELECT id, payload, held FROM outbox WHERE chat_key = ? AND state = 'pending' AND held IS NOT NULL ORDER BY id`,
    );
    this.settle = db.prepare<{ id: number; reason: string; now: number }>(
      `UPDATE outbox SET state = 'dropped', last_error = @reason, settled_at = @now WHERE id = @id AND state = 'pending'`,
    );
  }

  /** Chats with something held, the one holding longest first. */
  chats(): StoredChat[] {
    return this.selectChats.all();
  }

  forChat(chatKey: string): HeldEntry[] {
    return this.selectChat.all(chatKey);
  }

  /** The entries went out summarised in outbox entry `digestId`. */
  summarised(ids: readonly number[], digestId: number): void {
    this.db.transaction(() => {
      for (const id of ids) this.settle.run({ id, reason: `summarised in digest ${digestId}`, now: this.now() });
    })();
  }
}
