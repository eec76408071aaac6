/**
 * Opens the bot's SQLite file, ready to use: folder created, pragmas set, schema migrated.
 * The caller owns the handle and closes it on shutdown.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { damagedDatabase, describeDatabaseProblem } from './database-problem.js';
import { migrate } from './migrations.js';

export interface OpenDatabaseOptions {
  /** How long a write waits for another connection's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
}

const IN_MEMORY = ':memory:';

/**
 * Throws a DatabaseProblem naming the path, the cause and the fix when the file cannot be
 * written, is not a database or is damaged; other errors (a schema from a newer version) as they are.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  try {
    return openChecked(path, options);
  } catch (error) {
    throw describeDatabaseProblem(error, path) ?? error;
  }
}

function openChecked(path: string, options: OpenDatabaseOptions): Database.Database {
  if (path !== IN_MEMORY) createPrivately(path);
  const db = new Database(path);
  try {
    // WAL: readers never block the writer. With WAL, synchronous=NORMAL cannot corrupt the file;
    // a power cut (not a crash of the bot) may lose the last commits (sqlite.org/pragma.html#pragma_synchronous).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000))}`);
    checkIntegrity(db, path);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A damaged file would start and then fail every build event (the notifications it stops
 * would reach no chat): refuse it at once with the way to recover. quick_check reads every page
 * in O(N), without integrity_check's index-to-table cross-checks (sqlite.org/pragma.html#pragma_quick_check).
 */
function checkIntegrity(db: Database.Database, path: string): void {
  const rows = db.pragma('quick_check(3)') as { quick_check: string }[];
  const problems = rows.map((row) => row.quick_check).filter((text) => text !== 'ok');
  if (problems.length === 0) return;
  const found = problems
    .join('; ')
    .replace(/\*\*\* in database \w+ \*\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  throw damagedDatabase(path, `quick_check: ${found}`);
}

/**
 * The file holds chat ids and IRC channel keys: create it readable by the bot's user only.
 * SQLite gives the -wal and -shm files the same permissions as the database file.
 */
function createPrivately(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
}
