/**
 * Damages one index of a bot's SQLite file the way a failing disk or a bad copy does: its root
 * page is overwritten on disk. Queries that use the index then fail with SQLITE_CORRUPT
 * ("database disk image is malformed"); the tables themselves stay readable.
 *
 * Works while the bot has the file open: the write-ahead log is folded into the file first,
 * and a small write through another connection afterwards makes every connection drop its
 * cached pages (SQLite re-reads the file when the log's header changed).
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/store/open-database.js';

/** Overwrites index `name`'s root page with bytes no b-tree page can hold. */
export function corruptIndex(path: string, name: string): void {
  const db = new Database(path);
  const root = db.prepare<[string], { rootpage: number }>("SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND name = ?").get(name);
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  if (!root) throw new Error(`no index ${name} in ${path}`);
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root.rootpage - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
  const touch = new Database(path);
  // Any committed write will do; the same schema version keeps the migrations where they were.
  touch.pragma(`user_version = ${Number(touch.pragma('user_version', { simple: true }))}`);
  touch.close();
}

/**
 * The repair an operator makes for a damaged index, as sqlite3's `.recover` does: the rows of
 * every table are read without the indexes into a new file, whose indexes are built anew, and
 * the new file takes the damaged one's place. The bot must be stopped.
 */
export function repairByCopy(path: string): void {
  const copy = `${path}.repaired`;
  rmSync(copy, { force: true });
  const fresh = openDatabase(copy);
  fresh.prepare('ATTACH DATABASE ? AS damaged').run(path);
  const tables = fresh.prepare<[], { name: string }>("SELECT name FROM damaged.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
  fresh.transaction(() => {
    fresh.pragma('foreign_keys = OFF');
    for (const { name } of tables) {
      fresh.exec(`DELETE FROM main."${name}"`);
      // WHERE true: without it SQLite copies the table's indexes page by page, damage included.
      fresh.exec(`INSERT INTO main."${name}" SELECT * FROM damaged."${name}" NOT INDEXED WHERE true`);
    }
  })();
  fresh.exec('DETACH DATABASE damaged');
  fresh.close();
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  renameSync(copy, path);
}
