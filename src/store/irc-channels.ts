/**
 * Channels the bot was asked to join at run time, rejoined after a restart or reconnect
 * (Buildbot forgets them). Keys (channel passwords) are stored as given: never log them.
 */
import type Database from 'better-sqlite3';

export interface JoinedChannel {
  name: string;
  key: string | null;
}

export class IrcChannels {
  private readonly upsert;
  private readonly deleteName;
  private readonly selectAll;

  /** `network`: the IRC adapter's name (`irc`, `irc/libera`): each network has its own channels. */
  constructor(
    db: Database.Database,
    private readonly network: string,
    private readonly now: () => number = Date.now,
  ) {
    // Names compare case-insensitively (the column is COLLATE NOCASE): '#CI' is '#ci'.
    this.upsert = db.prepare<[string, string, string | null, number]>(
      `INSERT INTO irc_channels (network, name, key, joined_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (network, name) DO UPDATE SET key = excluded.key`,
    );
    this.deleteName = db.prepare<[string, string]>('DELETE FROM irc_channels WHERE network = ? AND name = ?');
    this.selectAll = db.prepare<[string], JoinedChannel>('SELECT name, key FROM irc_channels WHERE network = ? ORDER BY name');
  }

  /** Remembers a joined channel; joining again replaces its key. */
  add(name: string, key: string | null = null): void {
    this.upsert.run(this.network, name, key, this.now());
  }

  /** Returns whether the channel was remembered. */
  remove(name: string): boolean {
    return this.deleteName.run(this.network, name).changes > 0;
  }

  list(): JoinedChannel[] {
    return this.selectAll.all(this.network);
  }
}
