/**
 * A chat that is gone for good (a Telegram chat that blocked the bot or was deleted): its
 * subscriptions and watches are removed and what is still pending for it is dropped, in one
 * transaction, so nothing keeps producing messages nobody can receive.
 */
import type Database from 'better-sqlite3';
import { Outbox } from './outbox.js';
import { storedChat, type ChatAddress } from './stored-chat.js';
import { Subscriptions } from './subscriptions.js';
import { Watches } from './watches.js';

export interface ForgottenChat {
  subscriptions: number;
  watches: number;
  dropped: number;
}

export function forgetChat(db: Database.Database, chat: ChatAddress): ForgottenChat {
  const subscriptions = new Subscriptions(db);
  const watches = new Watches(db);
  const outbox = new Outbox(db);
  return db.transaction(() => ({
    subscriptions: subscriptions.removeChat(chat),
    watches: watches.removeChat(chat),
    dropped: outbox.dropChat(storedChat(chat).chatKey),
  }))();
}
