/**
 * The tables every part of the bot shares, each opened once and handed to the parts that use
 * it. Platform tables (IRC channels, Telegram forms) are opened by their adapter.
 */
import type Database from 'better-sqlite3';
import { Outbox } from './outbox.js';
import { StateStore } from './state.js';
import { Subscriptions } from './subscriptions.js';
import { Watches } from './watches.js';

export interface Stores {
  outbox: Outbox;
  subscriptions: Subscriptions;
  watches: Watches;
  state: StateStore;
}

export function openStores(db: Database.Database): Stores {
  return { outbox: new Outbox(db), subscriptions: new Subscriptions(db), watches: new Watches(db), state: new StateStore(db) };
}
