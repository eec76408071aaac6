/** Aliases added with `alias add`, kept across restarts; names compare without case. */
import type Database from 'better-sqlite3';

export interface StoredAlias {
  name: string;
  line: string;
  createdBy: string;
}

export class Aliases {
  private readonly insert;
  private readonly deleteName;
  private readonly selectAll;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare<[string, string, string, number]>('INSERT INTO aliases (name, line, created_by, created_at) VALUES (?, ?, ?, ?)');
    this.deleteName = db.prepare<[string]>('DELETE FROM aliases WHERE name = ?');
    this.selectAll = db.prepare<[], StoredAlias>('SELECT name, line, created_by AS createdBy FROM aliases ORDER BY name');
  }

  /** false when the name is taken. */
  add(alias: StoredAlias): boolean {
    try {
      this.insert.run(alias.name, alias.line, alias.createdBy, this.now());
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return false;
      throw error;
    }
  }

  /** false when there was no such alias. */
  remove(name: string): boolean {
    return this.deleteName.run(name).changes > 0;
  }

  list(): StoredAlias[] {
    return this.selectAll.all();
  }
}
