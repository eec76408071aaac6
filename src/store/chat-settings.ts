/**
 * Per-chat settings of the people features: whether notifications there mention people, a mute
 * (until a time, or until `unmute`), and recurring quiet hours. One row per chat that changed
 * something; a chat without a row has mentions on, no mute, no quiet hours.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { parseJsonColumn } from './json-column.js';
import { storedChat, type ChatAddress, type StoredChat } from './stored-chat.js';

export const quietHoursSchema = z.object({
  /** Minutes after local midnight. */
  from: z.number().int().min(0).max(1439),
  to: z.number().int().min(0).max(1439),
  /** IANA time zone name, 'UTC' by default. */
  timeZone: z.string(),
  /** Events that still go out during quiet hours (`--except=problem`). */
  except: z.array(z.string()),
});
export type QuietHours = z.infer<typeof quietHoursSchema>;

export interface ChatSettings extends StoredChat {
  mentions: boolean;
  muted: boolean;
  /** ms since the epoch; null while muted: until `unmute`. */
  mutedUntil: number | null;
  quiet: QuietHours | null;
}

interface Row extends StoredChat {
  mentions: number;
  muted: number;
  mutedUntil: number | null;
  quiet: string | null;
}

const COLUMNS = 'chat_key AS chatKey, adapter, chat_id AS chatId, mentions, muted, muted_until AS mutedUntil, quiet';

export class ChatSettingsStore {
  private readonly select;
  private readonly upsert;
  private readonly deleteChat;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.select = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM chat_settings WHERE chat_key = ?`);
    this.deleteChat = db.prepare<[string]>('DELETE FROM chat_settings WHERE chat_key = ?');
    this.upsert = db.prepare<Row & { now: number }>(
      `INSERT INTO chat_settings (chat_key, adapter, chat_id, mentions, muted, muted_until, quiet, updated_at)
       VALUES (@chatKey, @adapter, @chatId, @mentions, @muted, @mutedUntil, @quiet, @now)
       ON CONFLICT (chat_key) DO UPDATE SET mentions = excluded.mentions, muted = excluded.muted,
         muted_until = excluded.muted_until, quiet = excluded.quiet, updated_at = excluded.updated_at`,
    );
  }

  get(chat: ChatAddress): ChatSettings {
    const stored = storedChat(chat);
    const row = this.select.get(stored.chatKey);
    return row ? read(row) : { ...stored, mentions: true, muted: false, mutedUntil: null, quiet: null };
  }

  byKey(chatKey: string): ChatSettings | undefined {
    const row = this.select.get(chatKey);
    return row && read(row);
  }

  remove(chat: ChatAddress): void {
    this.deleteChat.run(storedChat(chat).chatKey);
  }

  update(chat: ChatAddress, change: Partial<Pick<ChatSettings, 'mentions' | 'muted' | 'mutedUntil' | 'quiet'>>): ChatSettings {
    const next = { ...this.get(chat), ...change };
    this.upsert.run({
      chatKey: next.chatKey,
      adapter: next.adapter,
      chatId: next.chatId,
      mentions: next.mentions ? 1 : 0,
      muted: next.muted ? 1 : 0,
      mutedUntil: next.muted ? next.mutedUntil : null,
      quiet: next.quiet ? JSON.stringify(next.quiet) : null,
      now: this.now(),
    });
    return next;
  }
}

function read(row: Row): ChatSettings {
  return {
    chatKey: row.chatKey,
    adapter: row.adapter,
    chatId: row.chatId,
    mentions: row.mentions !== 0,
    muted: row.muted !== 0,
    mutedUntil: row.mutedUntil,
    quiet: row.quiet === null ? null : parseJsonColumn(row.quiet, quietHoursSchema, `quiet hours of ${row.chatKey}`),
  };
}
