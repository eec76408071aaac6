import type Database from 'better-sqlite3';
import type { Update } from 'grammy/types';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admitUpdate, UPDATE_WINDOW, UpdateOffset } from '../../../src/adapters/telegram/update-offset.js';
import { StateStore } from '../../../src/store/state.js';
import { openDatabase } from '../../../src/store/open-database.js';

describe('the stored Telegram update offset', () => {
  let db: Database.Database;
  let now: number;
  beforeEach(() => {
    db = openDatabase(':memory:');
    now = 1_700_000_000_000;
  });
  afterEach(() => db.close());

  it('takes each update once, across restarts', () => {
    const offset = new UpdateOffset(db, () => now);
    expect(offset.value).toBeUndefined();
    expect(offset.take(100)).toBe('taken');
    expect(offset.take(100)).toBe('repeated');
    expect(offset.take(101)).toBe('taken');
    const restarted = new UpdateOffset(db, () => now);
    expect(restarted.value).toBe(102);
    expect(restarted.take(101)).toBe('repeated');
    expect(restarted.take(102)).toBe('taken');
  });

  it('stops trusting an offset a week old, when Telegram may have started its ids afresh', () => {
    new UpdateOffset(db, () => now).take(5_000);
    now += 7 * 24 * 3600_000;
    const later = new UpdateOffset(db, () => now);
    expect(later.value).toBeUndefined();
    expect(later.take(12)).toBe('taken');
    expect(later.value).toBe(13);
  });

  it('takes an update that arrives after a later one, once, and tells a repeat from one too old to tell', () => {
    const offset = new UpdateOffset(db, () => now);
    expect(offset.take(5_000)).toBe('taken');
    expect(offset.take(4_990)).toBe('taken');
    expect(offset.take(4_990)).toBe('repeated');
    expect(offset.value).toBe(5_001);
    const restarted = new UpdateOffset(db, () => now);
    expect(restarted.take(4_990)).toBe('repeated');
    expect(restarted.take(4_991)).toBe('taken');
    expect(restarted.take(5_000 - UPDATE_WINDOW - 1)).toBe('too-old');
  });

  it('reads an offset stored without its window as every id below it taken', () => {
    new StateStore(db).set('telegram.offset', { next: 300, savedAt: now });
    const offset = new UpdateOffset(db, () => now);
    expect(offset.take(299)).toBe('repeated');
    expect(offset.take(300)).toBe('taken');
  });

  it('logs every update it skips, with its id and why', () => {
    const lines: { updateId: number; result: string; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as (typeof lines)[number]) });
    const offset = new UpdateOffset(db, () => now);
    const update = (id: number) => ({ update_id: id }) as Update;
    expect([5_000, 5_000, 4_999, 3_000].map((id) => admitUpdate(offset, update(id), logger))).toEqual([true, false, true, false]);
    expect(lines.map(({ updateId, result, msg }) => ({ updateId, result, msg }))).toEqual([
      { updateId: 5_000, result: 'repeated', msg: 'Telegram update skipped: it was handled before' },
      { updateId: 3_000, result: 'too-old', msg: `Telegram update skipped: more than ${UPDATE_WINDOW} ids older than the newest` },
    ]);
  });
});
