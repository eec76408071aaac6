import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moveChat } from '../../../src/store/move-chat.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { Outbox } from '../../../src/store/outbox.js';
import { Subscriptions } from '../../../src/store/subscriptions.js';
import { Watches } from '../../../src/store/watches.js';

const NO_FILTERS = { masters: [], builders: [], tags: [], branches: [] };

describe('moving a chat to its new id (a Telegram group upgraded to a supergroup)', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = openDatabase(':memory:');
  });
  afterEach(() => db.close());

  it('moves subscriptions, watches and pending messages in order, and keeps what the new chat already had', () => {
    const group = { adapter: 'telegram', id: '-123' };
    const supergroup = { adapter: 'telegram', id: '-100123' };
    const subs = new Subscriptions(db);
    const watches = new Watches(db);
    const outbox = new Outbox(db);
    subs.enable(group, ['failure', 'started'], { masters: [], builders: ['fast'], tags: [], branches: [] });
    subs.enable(supergroup, ['failure'], NO_FILTERS);
    watches.add(group, { master: 'default', buildid: 7, builderid: 1, number: 3 });
    const enqueue = (chat: typeof group, key: string) =>
      outbox.enqueue({ chatKey: `telegram:${chat.id}`, adapter: 'telegram', chatId: chat.id, payload: JSON.stringify({ text: key }), dedupeKey: key, createdAt: 0 });
    enqueue(group, 'first');
    enqueue(supergroup, 'second');
    enqueue(group, 'third');
    const sent = outbox.nextPending('telegram:-123');
    if (!sent) throw new Error('nothing pending');
    outbox.markSent(sent.id);

    expect(moveChat(db, { subscriptions: subs, watches }, group, supergroup)).toEqual({ subscriptions: 1, watches: 1, pending: 1 });

    expect(subs.list(group)).toEqual([]);
    expect(subs.list(supergroup)).toEqual([
      { event: 'failure', filters: NO_FILTERS },
      { event: 'started', filters: { masters: [], builders: ['fast'], tags: [], branches: [] } },
    ]);
    expect(watches.list(supergroup)).toMatchObject([{ buildid: 7 }]);
    expect(watches.list(group)).toEqual([]);
    expect(outbox.pendingChats()).toEqual(['telegram:-100123']);
    const order: string[] = [];
    for (let entry = outbox.nextPending('telegram:-100123'); entry; entry = outbox.nextPending('telegram:-100123')) {
      expect(entry.chatId).toBe('-100123');
      order.push((JSON.parse(entry.payload) as { text: string }).text);
      outbox.markSent(entry.id);
    }
    expect(order).toEqual(['second', 'third']);
  });
});
