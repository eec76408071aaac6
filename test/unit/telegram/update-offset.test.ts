import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UpdateOffset } from '../../../src/adapters/telegram/update-offset.js';
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
    expect(offset.take(100)).toBe(true);
    expect(offset.take(100)).toBe(false);
    expect(offset.take(101)).toBe(true);
    const restarted = new UpdateOffset(db, () => now);
    expect(restarted.value).toBe(102);
    expect(restarted.take(101)).toBe(false);
    expect(restarted.take(102)).toBe(true);
  });

  it('stops trusting an offset a week old, when Telegram may have started its ids afresh', () => {
    new UpdateOffset(db, () => now).take(5_000);
    now += 7 * 24 * 3600_000;
    const later = new UpdateOffset(db, () => now);
    expect(later.value).toBeUndefined();
    expect(later.take(12)).toBe(true);
    expect(later.value).toBe(13);
  });
});
