import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, schemaVersion } from '../../../src/store/migrations.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { StateStore } from '../../../src/store/state.js';
import { corruptIndex } from '../../support/corrupt-database.js';
import { DatabaseProblem } from '../../../src/store/database-problem.js';
import { Subscriptions } from '../../../src/store/subscriptions.js';
import { tempDatabasePath } from './temp-database.js';

describe('openDatabase', () => {
  const open: Database.Database[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const db of open.splice(0)) if (db.open) db.close();
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
  function tempFile(): string {
    const temp = tempDatabasePath();
    cleanups.push(temp.cleanup);
    return temp.path;
  }
  function track(db: Database.Database): Database.Database {
    open.push(db);
    return db;
  }

  it('creates the parent folder and a file only its owner may read', () => {
    const path = tempFile();
    track(openDatabase(path));
    expect(statSync(path).isFile()).toBe(true);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('sets WAL, synchronous NORMAL, foreign keys and the busy timeout', () => {
    const db = track(openDatabase(tempFile(), { busyTimeoutMs: 1234 }));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
  });

  it('migrates a new database to the latest schema, in memory too', () => {
    const db = track(openDatabase(':memory:'));
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['irc_channels', 'outbox', 'processed_events', 'state', 'subscriptions', 'telegram_forms', 'watches']),
    );
  });

  it('keeps state across close and reopen, and the file passes integrity_check', () => {
    const path = tempFile();
    const first = track(openDatabase(path));
    new StateStore(first).set('telegram.offset', 815);
    first.close();
    const again = track(openDatabase(path));
    expect(new StateStore(again).get<number>('telegram.offset')).toBe(815);
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(schemaVersion(again)).toBe(MIGRATIONS.length);
  });

  it('refuses a damaged file at start, naming the path, what quick_check found and how to recover', () => {
    const path = tempFile();
    const db = openDatabase(path);
    new Subscriptions(db).enable({ adapter: 'irc', id: '#builds' }, ['finished'], { masters: [], builders: [], tags: [], branches: [] });
    db.close();
    corruptIndex(path, 'subscriptions_by_event');
    let refused: unknown;
    try {
      track(openDatabase(path));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(DatabaseProblem);
    expect(refused).toMatchObject({ kind: 'damaged' });
    const message = (refused as Error).message;
    expect(message).toMatch(new RegExp(`^database ${path} is damaged \\(quick_check: .*subscriptions_by_event.*\\): stop the bot`));
    expect(message).toContain(`sqlite3 ${path} ".recover" | sqlite3 ${path}.recovered`);
  });
});
