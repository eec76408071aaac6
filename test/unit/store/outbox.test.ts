import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/open-database.js';
import { Outbox, type NewOutboxEntry } from '../../../src/store/outbox.js';
import { tempDatabasePath } from './temp-database.js';

const DAY = 86_400_000;

function entry(chatId: string, dedupeKey: string, createdAt = 1_000, adapter = 'irc'): NewOutboxEntry {
  return { chatKey: `${adapter}:${chatId}`, adapter, chatId, payload: JSON.stringify({ text: dedupeKey }), dedupeKey, createdAt };
}

describe('outbox', () => {
  let db: Database.Database;
  let now: number;
  let outbox: Outbox;
  beforeEach(() => {
    db = openDatabase(':memory:');
    now = 10 * DAY;
    outbox = new Outbox(db, () => now);
  });
  afterEach(() => db.close());

  function textOf(chatKey: string): string | undefined {
    const next = outbox.nextPending(chatKey);
    return next ? (JSON.parse(next.payload) as { text: string }).text : undefined;
  }

  it('hands out each chat its entries oldest first, whatever other chats do', () => {
    outbox.enqueue(entry('#ci', 'a1'));
    outbox.enqueue(entry('#dev', 'b1'));
    outbox.enqueue(entry('#ci', 'a2'));
    const order: string[] = [];
    for (let next = outbox.nextPending('irc:#ci'); next; next = outbox.nextPending('irc:#ci')) {
      order.push(textOf('irc:#ci') ?? '');
      outbox.markSent(next.id);
    }
    expect(order).toEqual(['a1', 'a2']);
    expect(textOf('irc:#dev')).toBe('b1');
  });

  it('keeps enqueue order even when the given creation times disagree', () => {
    outbox.enqueue(entry('#ci', 'first', 5_000));
    outbox.enqueue(entry('#ci', 'second', 4_000));
    expect(textOf('irc:#ci')).toBe('first');
  });

  it('returns everything needed to deliver the entry', () => {
    const id = outbox.enqueue(entry('#ci', 'a1', 1_234));
    expect(outbox.nextPending('irc:#ci')).toEqual({
      id,
      chatKey: 'irc:#ci',
      adapter: 'irc',
      chatId: '#ci',
      payload: '{"text":"a1"}',
      dedupeKey: 'a1',
      createdAt: 1_234,
      attempts: 0,
      nextAttemptAt: null,
      handedOver: false,
    });
  });

  it('ignores a second enqueue with the same dedupe key, even after the first was sent', () => {
    const id = outbox.enqueue(entry('#ci', 'finished:42:irc:#ci'));
    expect(id).toEqual(expect.any(Number));
    expect(outbox.enqueue(entry('#ci', 'finished:42:irc:#ci'))).toBeNull();
    outbox.markSent(id ?? -1);
    expect(outbox.enqueue(entry('#ci', 'finished:42:irc:#ci'))).toBeNull();
    expect(outbox.nextPending('irc:#ci')).toBeNull();
  });

  it('lists the chats with pending entries, the longest waiting first', () => {
    outbox.enqueue(entry('#dev', 'b1'));
    outbox.enqueue(entry('#ci', 'a1'));
    const sent = outbox.enqueue(entry('#ops', 'c1'));
    outbox.markSent(sent ?? -1);
    expect(outbox.pendingChats()).toEqual(['irc:#dev', 'irc:#ci']);
  });

  it('keeps a transiently failed entry pending, counting attempts and the time of the next one', () => {
    const id = outbox.enqueue(entry('#ci', 'a1')) ?? -1;
    outbox.markFailed(id, 'not connected', false, now + 2_000);
    outbox.markFailed(id, 'not connected', false, now + 4_000);
    expect(outbox.nextPending('irc:#ci')).toMatchObject({ id, attempts: 2, nextAttemptAt: now + 4_000 });
    expect(outbox.counts()).toEqual([{ state: 'pending', adapter: 'irc', count: 1 }]);
  });

  it('settles a permanently failed entry and moves on to the next one', () => {
    const id = outbox.enqueue(entry('#ci', 'a1')) ?? -1;
    outbox.enqueue(entry('#ci', 'a2'));
    outbox.markFailed(id, 'Forbidden: bot was blocked by the user', true);
    expect(textOf('irc:#ci')).toBe('a2');
    expect(db.prepare('SELECT state, last_error AS error, settled_at AS settledAt FROM outbox WHERE id = ?').get(id)).toEqual({
      state: 'failed',
      error: 'Forbidden: bot was blocked by the user',
      settledAt: now,
    });
  });

  it('does not resurrect a settled entry when a late failure is reported', () => {
    const id = outbox.enqueue(entry('#ci', 'a1')) ?? -1;
    outbox.markSent(id);
    outbox.markFailed(id, 'timeout', false, now + 1_000);
    expect(outbox.nextPending('irc:#ci')).toBeNull();
    expect(outbox.counts()).toEqual([{ state: 'sent', adapter: 'irc', count: 1 }]);
  });

  it('drops pending entries older than a time and says how many per chat', () => {
    outbox.enqueue(entry('#ci', 'old1', 1_000));
    outbox.enqueue(entry('#ci', 'old2', 2_000));
    outbox.enqueue(entry('-100', 'old3', 1_500, 'telegram'));
    outbox.enqueue(entry('#ci', 'new', 9_000));
    const sentOld = outbox.enqueue(entry('#dev', 'sent-old', 1_000)) ?? -1;
    outbox.markSent(sentOld);
    expect(outbox.dropOlderThan(5_000)).toEqual([
      { chatKey: 'irc:#ci', adapter: 'irc', chatId: '#ci', count: 2 },
      { chatKey: 'telegram:-100', adapter: 'telegram', chatId: '-100', count: 1 },
    ]);
    expect(textOf('irc:#ci')).toBe('new');
    expect(outbox.pendingChats()).toEqual(['irc:#ci']);
    expect(outbox.dropOlderThan(5_000)).toEqual([]);
  });

  it('drops what is pending for a chat that is gone', () => {
    outbox.enqueue(entry('#ci', 'a1'));
    outbox.enqueue(entry('#ci', 'a2'));
    outbox.enqueue(entry('#dev', 'b1'));
    expect(outbox.dropChat('irc:#ci')).toBe(2);
    expect(outbox.pendingChats()).toEqual(['irc:#dev']);
  });

  it('counts entries by state and adapter for metrics', () => {
    const a = outbox.enqueue(entry('#ci', 'a')) ?? -1;
    const b = outbox.enqueue(entry('#ci', 'b')) ?? -1;
    outbox.enqueue(entry('#ci', 'c'));
    outbox.enqueue(entry('-1', 'd', 1_000, 'telegram'));
    outbox.enqueue(entry('-1', 'e', 1_000, 'telegram'));
    outbox.markSent(a);
    outbox.markFailed(b, 'gone', true);
    outbox.dropOlderThan(1_001);
    expect(outbox.counts()).toEqual([
      { state: 'dropped', adapter: 'irc', count: 1 },
      { state: 'dropped', adapter: 'telegram', count: 2 },
      { state: 'failed', adapter: 'irc', count: 1 },
      { state: 'sent', adapter: 'irc', count: 1 },
    ]);
  });

  it('prunes settled rows older than a cut-off and never pending ones', () => {
    const oldSent = outbox.enqueue(entry('#ci', 'old-sent', 0)) ?? -1;
    outbox.enqueue(entry('#ci', 'old-pending', 0));
    outbox.markSent(oldSent);
    now += 8 * DAY;
    const recent = outbox.enqueue(entry('#ci', 'recent-sent')) ?? -1;
    outbox.markSent(recent);
    expect(outbox.pruneSettledBefore(now - 7 * DAY)).toBe(1);
    expect(outbox.counts()).toEqual([
      { state: 'pending', adapter: 'irc', count: 1 },
      { state: 'sent', adapter: 'irc', count: 1 },
    ]);
    expect(textOf('irc:#ci')).toBe('old-pending');
  });

  it('still has its pending entries, in order and with their attempts, after the file is reopened', () => {
    const temp = tempDatabasePath();
    try {
      const first = openDatabase(temp.path);
      const before = new Outbox(first);
      const sent = before.enqueue(entry('#ci', 'a1')) ?? -1;
      const retried = before.enqueue(entry('#ci', 'a2')) ?? -1;
      before.enqueue(entry('#ci', 'a3'));
      before.markSent(sent);
      before.markFailed(retried, 'not connected', false, 7_000);
      first.close();
      const again = openDatabase(temp.path);
      const after = new Outbox(again);
      expect(after.pendingChats()).toEqual(['irc:#ci']);
      expect(after.nextPending('irc:#ci')).toMatchObject({ id: retried, dedupeKey: 'a2', attempts: 1, nextAttemptAt: 7_000 });
      after.markSent(retried);
      expect(after.nextPending('irc:#ci')).toMatchObject({ dedupeKey: 'a3', attempts: 0 });
      expect(after.enqueue(entry('#ci', 'a1'))).toBeNull();
      again.close();
    } finally {
      temp.cleanup();
    }
  });
});
