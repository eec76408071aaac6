/**
 * A chat that lives on under a new id (a Telegram group upgraded to a supergroup): its
 * subscriptions, watches and pending notifications move to the new id in one transaction, so
 * nothing is lost and the pending ones go out there, in their order. What the new chat already
 * has wins (a subscription set there keeps its filters).
 */
import type Database from 'better-sqlite3';
import { storedChat, type ChatAddress } from './stored-chat.js';
import type { Stores } from './stores.js';

export interface MovedChat {
  subscriptions: number;
  watches: number;
  pending: number;
}

export function moveChat(db: Database.Database, stores: Pick<Stores, 'subscriptions' | 'watches'>, from: ChatAddress, to: ChatAddress): MovedChat {
  const source = storedChat(from);
  const target = storedChat(to);
  const params = { fromKey: source.chatKey, toKey: target.chatKey, toId: target.chatId };
  const { subscriptions: subscriptionsOf, watches: watchesOf } = stores;
  return db.transaction(() => {
    const subscriptions = db
      .prepare(
        `INSERT OR IGNORE INTO subscriptions (chat_key, adapter, chat_id, event, filters, updated_at)
         SELECT @toKey, adapter, @toId, event, filters, updated_at FROM subscriptions WHERE chat_key = @fromKey`,
      )
      .run(params).changes;
    subscriptionsOf.removeChat(from);
    const watches = db
      .prepare(
        `INSERT OR IGNORE INTO watches (chat_key, adapter, chat_id, master, buildid, builderid, number, created_at)
         SELECT @toKey, adapter, @toId, master, buildid, builderid, number, created_at FROM watches WHERE chat_key = @fromKey`,
      )
      .run(params).changes;
    watchesOf.removeChat(from);
    const pending = db
      .prepare(`UPDATE outbox SET chat_key = @toKey, chat_id = @toId, next_attempt_at = NULL WHERE chat_key = @fromKey AND state = 'pending'`)
      .run(params).changes;
    // mute, quiet hours and mentions go along; settings the new chat has already win
    db.prepare(
      `INSERT OR IGNORE INTO chat_settings (chat_key, adapter, chat_id, mentions, muted, muted_until, quiet, updated_at)
       SELECT @toKey, adapter, @toId, mentions, muted, muted_until, quiet, updated_at FROM chat_settings WHERE chat_key = @fromKey`,
    ).run(params);
    db.prepare('DELETE FROM chat_settings WHERE chat_key = @fromKey').run(params);
    return { subscriptions, watches, pending };
  })();
}
