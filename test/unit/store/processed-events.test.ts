import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/open-database.js';
import { Outbox } from '../../../src/store/outbox.js';
import { ProcessedEvents } from '../../../src/store/processed-events.js';
import { inTransaction } from '../../../src/store/transaction.js';

describe('processed events', () => {
  let db: Database.Database;
  let now: number;
  let processed: ProcessedEvents;
  let outbox: Outbox;
  beforeEach(() => {
    db = openDatabase(':memory:');
    now = 1_000;
    processed = new ProcessedEvents(db, 'default', () => now);
    outbox = new Outbox(db);
  });
  afterEach(() => db.close());

  it('marks an event once: the second mark says it was already there', () => {
    expect(processed.isProcessed(42, 'finished')).toBe(false);
    expect(processed.markProcessed(42, 'finished')).toBe(true);
    expect(processed.markProcessed(42, 'finished')).toBe(false);
    expect(processed.isProcessed(42, 'finished')).toBe(true);
    expect(processed.isProcessed(42, 'started')).toBe(false);
    expect(processed.isProcessed(43, 'finished')).toBe(false);
  });

  it('keeps each master’s events apart: the same id on another master is another event', () => {
    const other = new ProcessedEvents(db, 'release', () => now);
    expect(processed.markProcessed(42, 'finished')).toBe(true);
    expect(other.isProcessed(42, 'finished')).toBe(false);
    expect(other.markProcessed(42, 'finished')).toBe(true);
    now = 5_000;
    other.markProcessed(43, 'finished');
    expect(processed.pruneBefore(3_000)).toBe(1);
    expect(other.isProcessed(42, 'finished')).toBe(true);
  });

  function announce(buildid: number, fail = false): void {
    inTransaction(db, () => {
      if (!processed.markProcessed(buildid, 'finished')) return;
      outbox.enqueue({ chatKey: 'irc:#ci', adapter: 'irc', chatId: '#ci', payload: '{}', dedupeKey: `finished:${buildid}:irc:#ci`, createdAt: 1 });
      if (fail) throw new Error('crash between the two writes');
    });
  }

  it('with the outbox in one transaction, enqueues an event exactly once', () => {
    announce(42);
    announce(42);
    expect(outbox.counts()).toEqual([{ state: 'pending', adapter: 'irc', count: 1 }]);
  });

  it('with the outbox in one transaction, loses neither when the work fails half way', () => {
    expect(() => announce(42, true)).toThrow('crash between the two writes');
    expect(processed.isProcessed(42, 'finished')).toBe(false);
    expect(outbox.counts()).toEqual([]);
    announce(42);
    expect(outbox.counts()).toEqual([{ state: 'pending', adapter: 'irc', count: 1 }]);
  });

  it('refuses asynchronous work inside a transaction and rolls it back', () => {
    const async = () => inTransaction(db, async () => processed.markProcessed(1, 'finished'));
    expect(async).toThrow('Transaction function cannot return a promise');
    expect(processed.isProcessed(1, 'finished')).toBe(false);
  });

  it('forgets events handled before a cut-off', () => {
    processed.markProcessed(1, 'finished');
    now = 5_000;
    processed.markProcessed(2, 'finished');
    expect(processed.pruneBefore(3_000)).toBe(1);
    expect(processed.isProcessed(1, 'finished')).toBe(false);
    expect(processed.isProcessed(2, 'finished')).toBe(true);
  });
});
