/**
 * Runs `work` in one SQLite transaction: every write in it lands, or none does (it rolls back
 * when `work` throws). Nested calls become savepoints. `work` must be synchronous: the transaction ends when it
 * returns, so better-sqlite3 rolls back and throws a TypeError when it returns a promise.
 *
 *   inTransaction(db, () => {
 *     if (!processed.markProcessed(buildid, 'finished')) return;
 *     outbox.enqueue({ ... });
 *   });
 */
import type Database from 'better-sqlite3';

export function inTransaction<T>(db: Database.Database, work: () => T): T {
  return db.transaction(work)();
}
