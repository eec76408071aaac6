/**
 * A chat that is gone for good (a Telegram chat that blocked the bot or was deleted): its
 * subscriptions and watches are removed and what is still pending for it is dropped, in one
 * transaction, so nothing keeps producing messages nobody can receive.
 */
import type Database from 'better-sqlite3';
import { storedChat, type ChatAddress } from './stored-chat.js';
import type { Stores } from './stores.js';
import { inTransaction } from './transaction.js';

export interface ForgottenChat {
  subscriptions: number;
  watches: number;
  dropped: number;
}

export function forgetChat(db: Database.Database, stores: Pick<Stores, 'subscriptions' | 'watches' | 'outbox'>, chat: ChatAddress): ForgottenChat {
  const { subscriptions, watches, outbox } = stores;
  return inTransaction(db, () => ({
    subscriptions: subscriptions.removeChat(chat),
    watches: watches.removeChat(chat),
    dropped: outbox.dropChat(storedChat(chat).chatKey),
  }));
}
