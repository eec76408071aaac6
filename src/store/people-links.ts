/**
 * Commit authors linked to people at run time (`people link`), kept across restarts. The config's
 * `people:` section stays the main source; these add to it without editing the file.
 */
import type Database from 'better-sqlite3';

export interface PeopleLink {
  personKey: string;
  author: string;
  /** How the person was called when linked (for people who are not in the config). */
  name: string;
}

export class PeopleLinks {
  private readonly insert;
  private readonly deleteOne;
  private readonly selectAll;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare<PeopleLink & { now: number }>(
      `INSERT INTO people_links (person_key, author, name, created_at) VALUES (@personKey, @author, @name, @now)
       ON CONFLICT (person_key, author) DO UPDATE SET name = excluded.name`,
    );
    this.deleteOne = db.prepare<[string, string]>('DELETE FROM people_links WHERE person_key = ? AND author = ?');
    this.selectAll = db.prepare<[], PeopleLink>('SELECT person_key AS personKey, author, name FROM people_links ORDER BY created_at, author');
  }

  add(link: PeopleLink): void {
    this.insert.run({ ...link, now: this.now() });
  }

  /** Returns whether the link was there. */
  remove(personKey: string, author: string): boolean {
    return this.deleteOne.run(personKey, author).changes > 0;
  }

  all(): PeopleLink[] {
    return this.selectAll.all();
  }
}
