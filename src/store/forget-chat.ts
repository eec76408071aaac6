/**
 * A chat that is gone for good (a Telegram chat that blocked the bot or was deleted): its
 * subscriptions and watches are removed and what is still pending for it is dropped, in one
 * transaction, so nothing keeps producing messages nobody can receive.
 */
import type Database from 'better-sqlite3';
import { ChatSettingsStore } from './chat-settings.js';
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
  const settings = new ChatSettingsStore(db);
  return inTransaction(db, () => {
    // its mute, quiet hours and mentions setting go too
    settings.remove(chat);
    return {
      subscriptions: subscriptions.removeChat(chat),
      watches: watches.removeChat(chat),
      dropped: outbox.dropChat(storedChat(chat).chatKey),
    };
  });
}
