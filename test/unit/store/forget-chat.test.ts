import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { forgetChat } from '../../../src/store/forget-chat.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { Outbox } from '../../../src/store/outbox.js';
import { Subscriptions } from '../../../src/store/subscriptions.js';
import { Watches } from '../../../src/store/watches.js';

describe('forgetting a chat that blocked the bot', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  it('removes its subscriptions and watches and drops its pending messages, leaving other chats alone', () => {
    const blocked = { adapter: 'telegram', id: '777' };
    const other = { adapter: 'telegram', id: '888' };
    const subs = new Subscriptions(db);
    const watches = new Watches(db);
    const outbox = new Outbox(db);
    for (const chat of [blocked, other]) {
      subs.enable(chat, ['failure', 'started'], { masters: [], builders: [], tags: [], branches: [] });
      watches.add(chat, { master: 'default', buildid: 1, builderid: 1, number: 1 });
      outbox.enqueue({ chatKey: `telegram:${chat.id}`, adapter: 'telegram', chatId: chat.id, payload: '{}', dedupeKey: `k${chat.id}`, createdAt: 0 });
    }
    expect(forgetChat(db, { subscriptions: subs, watches, outbox }, blocked)).toEqual({ subscriptions: 2, watches: 1, dropped: 1 });
    expect(subs.list(blocked)).toEqual([]);
    expect(watches.list(blocked)).toEqual([]);
    expect(outbox.pendingChats()).toEqual(['telegram:888']);
    expect(subs.list(other)).toHaveLength(2);
    expect(watches.list(other)).toHaveLength(1);
  });
});
