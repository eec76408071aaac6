/**
 * Which chats want which build events, one row per chat and event, each with its own filters.
 * Buildbot keeps one event set per chat and no filters (reporters/words.py); we add filters by
 * master, builder, tag and branch, where an empty list means "no filter".
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { parseJsonColumn } from './json-column.js';
import { storedChat, type ChatAddress, type StoredChat } from './stored-chat.js';

const filtersSchema = z.object({
  // Rows written before the bot knew several masters have no `masters`: every master.
  masters: z.array(z.string()).default([]),
  builders: z.array(z.string()),
  tags: z.array(z.string()),
  branches: z.array(z.string()),
  /** `notify on --mine`: only builds whose blamelist or owner is this person (a person key, src/people/). */
  mine: z.string().optional(),
});
export type SubscriptionFilters = z.output<typeof filtersSchema>;

export interface Subscription {
  event: string;
  filters: SubscriptionFilters;
}
export type Subscriber = StoredChat & { filters: SubscriptionFilters };
export type StoredSubscription = StoredChat & Subscription;

const NO_FILTERS = JSON.stringify({ masters: [], builders: [], tags: [], branches: [] } satisfies SubscriptionFilters);

interface Row {
  chatKey: string;
  adapter: string;
  chatId: string;
  event: string;
  filters: string;
}
const COLUMNS = 'chat_key AS chatKey, adapter, chat_id AS chatId, event, filters';

export class Subscriptions {
  private readonly upsert;
  private readonly insertIfMissing;
  private readonly deleteOne;
  private readonly deleteChat;
  private readonly selectChat;
  private readonly selectEvent;
  private readonly selectAll;

  constructor(
    private readonly db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    const values = '(@chatKey, @adapter, @chatId, @event, @filters, @now)';
    const insert = `INSERT INTO subscriptions (chat_key, adapter, chat_id, event, filters, updated_at) VALUES ${values}`;
    this.upsert = db.prepare<Row & { now: number }>(
      `${insert} ON CONFLICT (chat_key, event) DO UPDATE SET
         adapter = excluded.adapter, chat_id = excluded.chat_id, filters = excluded.filters, updated_at = excluded.updated_at`,
    );
    this.insertIfMissing = db.prepare<Row & { now: number }>(`${insert} ON CONFLICT (chat_key, event) DO NOTHING`);
    this.deleteOne = db.prepare<[string, string]>('DELETE FROM subscriptions WHERE chat_key = ? AND event = ?');
    this.deleteChat = db.prepare<[string]>('DELETE FROM subscriptions WHERE chat_key = ?');
    this.selectChat = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE chat_key = ? ORDER BY event`);
    this.selectEvent = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM subscriptions WHERE event = ? ORDER BY chat_key`);
    this.selectAll = db.prepare<[], Row>(`SELECT ${COLUMNS} FROM subscriptions ORDER BY chat_key, event`);
  }

  /** Turns `events` on for the chat; an event already on gets these filters instead of its old ones. */
  enable(chat: ChatAddress, events: readonly string[], filters: SubscriptionFilters): void {
    const text = JSON.stringify(filtersSchema.parse(filters));
    this.db.transaction(() => {
      for (const event of events) this.upsert.run({ ...storedChat(chat), event, filters: text, now: this.now() });
    })();
  }

  /** Turns events off; null or no list turns every event off. Returns how many were on. */
  disable(chat: ChatAddress, events: readonly string[] | null = null): number {
    const { chatKey } = storedChat(chat);
    if (events === null) return this.deleteChat.run(chatKey).changes;
    return this.db.transaction(() => events.reduce((n, event) => n + this.deleteOne.run(chatKey, event).changes, 0))();
  }

  list(chat: ChatAddress): Subscription[] {
    return this.selectChat.all(storedChat(chat).chatKey).map((row) => ({ event: row.event, filters: readFilters(row) }));
  }

  /** The chats to tell about `event`, with their filters for it (indexed by event). */
  subscribersOf(event: string): Subscriber[] {
    return this.selectEvent.all(event).map((row) => ({ chatKey: row.chatKey, adapter: row.adapter, chatId: row.chatId, filters: readFilters(row) }));
  }

  listAll(): StoredSubscription[] {
    return this.selectAll.all().map((row) => ({ ...row, filters: readFilters(row) }));
  }

  /** Forgets the chat (a Telegram chat that blocked the bot). Returns how many rows went. */
  removeChat(chat: ChatAddress): number {
    return this.deleteChat.run(storedChat(chat).chatKey).changes;
  }

  /**
   * The config's notify events, applied at every start with Buildbot's semantics: missing ones
   * are turned on without filters, existing ones keep their filters, and events the config no
   * longer names stay on (users turn them off with `notify off`). Returns how many were added.
   */
  applyDefaults(chat: ChatAddress, events: readonly string[]): number {
    return this.db.transaction(() =>
      events.reduce((n, event) => n + this.insertIfMissing.run({ ...storedChat(chat), event, filters: NO_FILTERS, now: this.now() }).changes, 0),
    )();
  }
}

function readFilters(row: Row): SubscriptionFilters {
  return parseJsonColumn(row.filters, filtersSchema, `subscription ${row.event} of ${row.chatKey}`);
}
