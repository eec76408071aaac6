/**
 * The database schema as an ordered list of migrations. SQLite's `user_version` pragma holds
 * the version reached; each migration runs in its own IMMEDIATE transaction together with the
 * version bump, so a crash or a failing step leaves the database at the previous version.
 * Never edit a released migration: append a new one.
 */
import type Database from 'better-sqlite3';

export interface Migration {
  /** 1, 2, 3…: the `user_version` after this migration ran. */
  version: number;
  description: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'notifications: subscriptions, outbox, processed events, state, watches',
    up(db) {
      db.exec(`
        CREATE TABLE subscriptions (
          chat_key   TEXT NOT NULL,
          adapter    TEXT NOT NULL,
          chat_id    TEXT NOT NULL,
          event      TEXT NOT NULL,
          filters    TEXT NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (chat_key, event)
        ) WITHOUT ROWID;
        CREATE INDEX subscriptions_by_event ON subscriptions (event);

        -- AUTOINCREMENT: ids are never reused, so "ORDER BY id" is the enqueue order for ever.
        CREATE TABLE outbox (
          id              INTEGER PRIMARY KEY AUTOINCREMENT,
          chat_key        TEXT NOT NULL,
          adapter         TEXT NOT NULL,
          chat_id         TEXT NOT NULL,
          payload         TEXT NOT NULL,
          dedupe_key      TEXT NOT NULL UNIQUE,
          state           TEXT NOT NULL DEFAULT 'pending'
                          CHECK (state IN ('pending', 'sent', 'failed', 'dropped')),
          attempts        INTEGER NOT NULL DEFAULT 0,
          last_error      TEXT,
          created_at      INTEGER NOT NULL,
          next_attempt_at INTEGER,
          settled_at      INTEGER
        );
        CREATE INDEX outbox_pending_by_chat ON outbox (chat_key, id) WHERE state = 'pending';
        CREATE INDEX outbox_settled ON outbox (settled_at) WHERE state <> 'pending';

        CREATE TABLE processed_events (
          subject_id   INTEGER NOT NULL,
          kind         TEXT NOT NULL,
          processed_at INTEGER NOT NULL,
          PRIMARY KEY (subject_id, kind)
        ) WITHOUT ROWID;

        CREATE TABLE state (
          key        TEXT PRIMARY KEY,
          value      TEXT NOT NULL,
          updated_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE watches (
          id         INTEGER PRIMARY KEY,
          chat_key   TEXT NOT NULL,
          adapter    TEXT NOT NULL,
          chat_id    TEXT NOT NULL,
          buildid    INTEGER NOT NULL,
          builderid  INTEGER NOT NULL,
          number     INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          UNIQUE (chat_key, buildid)
        );
        CREATE INDEX watches_by_build ON watches (buildid);
      `);
    },
  },
  {
    version: 2,
    description: 'platform state: joined IRC channels, Telegram keyboard forms',
    up(db) {
      db.exec(`
        -- IRC channel names are case-insensitive (RFC 2812 §1.3); NOCASE covers ASCII.
        CREATE TABLE irc_channels (
          name      TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
          key       TEXT,
          joined_at INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE telegram_forms (
          id         TEXT PRIMARY KEY,
          chat_id    TEXT NOT NULL,
          user_id    TEXT NOT NULL,
          kind       TEXT NOT NULL,
          data       TEXT NOT NULL,
          expires_at INTEGER NOT NULL,
          created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX telegram_forms_by_expiry ON telegram_forms (expires_at);
      `);
    },
  },
  {
    version: 3,
    description: 'several masters and networks: processed events, watches and cursors per master; joined channels per IRC network',
    up(db) {
      // Build ids and worker ids are per master: the same id on two masters is two builds.
      // Rows written before belong to the one master of those days, named 'default'.
      db.exec(`
        CREATE TABLE processed_events_v3 (
          master       TEXT NOT NULL,
          subject_id   INTEGER NOT NULL,
          kind         TEXT NOT NULL,
          processed_at INTEGER NOT NULL,
          PRIMARY KEY (master, subject_id, kind)
        ) WITHOUT ROWID;
        INSERT INTO processed_events_v3 SELECT 'default', subject_id, kind, processed_at FROM processed_events;
        DROP TABLE processed_events;
        ALTER TABLE processed_events_v3 RENAME TO processed_events;

        CREATE TABLE watches_v3 (
          id         INTEGER PRIMARY KEY,
          chat_key   TEXT NOT NULL,
          adapter    TEXT NOT NULL,
          chat_id    TEXT NOT NULL,
          master     TEXT NOT NULL,
          buildid    INTEGER NOT NULL,
          builderid  INTEGER NOT NULL,
          number     INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          UNIQUE (chat_key, master, buildid)
        );
        INSERT INTO watches_v3 SELECT id, chat_key, adapter, chat_id, 'default', buildid, builderid, number, created_at FROM watches;
        DROP TABLE watches;
        ALTER TABLE watches_v3 RENAME TO watches;
        CREATE INDEX watches_by_build ON watches (master, buildid);

        CREATE TABLE irc_channels_v3 (
          network   TEXT NOT NULL,
          name      TEXT NOT NULL COLLATE NOCASE,
          key       TEXT,
          joined_at INTEGER NOT NULL,
          PRIMARY KEY (network, name)
        ) WITHOUT ROWID;
        INSERT INTO irc_channels_v3 SELECT 'irc', name, key, joined_at FROM irc_channels;
        DROP TABLE irc_channels;
        ALTER TABLE irc_channels_v3 RENAME TO irc_channels;

        UPDATE state SET key = 'master.default.' || key WHERE key LIKE 'events.%' OR key LIKE 'workers.%';
      `);
    },
  },
  {
    version: 4,
    description: 'audit log of dangerous commands',
    up(db) {
      db.exec(`
        CREATE TABLE audit_log (
          id        INTEGER PRIMARY KEY AUTOINCREMENT,
          at        INTEGER NOT NULL,
          adapter   TEXT NOT NULL,
          chat_id   TEXT NOT NULL,
          user_id   TEXT NOT NULL,
          user_name TEXT NOT NULL,
          command   TEXT NOT NULL,
          line      TEXT NOT NULL,
          alias     TEXT,
          outcome   TEXT NOT NULL,
          detail    TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX audit_log_by_time ON audit_log (at);
      `);
    },
  },
  {
    version: 5,
    description: 'aliases added at run time',
    up(db) {
      db.exec(`
        CREATE TABLE aliases (
          name       TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
          line       TEXT NOT NULL,
          created_by TEXT NOT NULL,
          created_at INTEGER NOT NULL
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 6,
    description: 'outbox: entries handed to a platform, so a repeat after a restart is marked',
    up(db) {
      // 1 from the moment the entry is handed to the adapter until it settles or a failed try
      // is counted: a pending entry with 1 at start was possibly written by a killed process.
      db.exec('ALTER TABLE outbox ADD COLUMN handed_over INTEGER NOT NULL DEFAULT 0');
    },
  },
  {
    version: 7,
    description: 'people: linked commit authors, per-chat mentions, mute and quiet hours, held notifications',
    up(db) {
      db.exec(`
        -- person_key: 'person:NAME' for a person of the config, 'ADAPTER:USER' for anyone else.
        CREATE TABLE people_links (
          person_key TEXT NOT NULL,
          author     TEXT NOT NULL COLLATE NOCASE,
          name       TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          PRIMARY KEY (person_key, author)
        ) WITHOUT ROWID;

        CREATE TABLE chat_settings (
          chat_key    TEXT PRIMARY KEY,
          adapter     TEXT NOT NULL,
          chat_id     TEXT NOT NULL,
          mentions    INTEGER NOT NULL DEFAULT 1,
          muted       INTEGER NOT NULL DEFAULT 0,
          muted_until INTEGER,
          quiet       TEXT,
          updated_at  INTEGER NOT NULL
        ) WITHOUT ROWID;

        -- held: why a pending entry waits for its chat's digest ('muted', 'quiet'); NULL: send it.
        ALTER TABLE outbox ADD COLUMN held TEXT;
        CREATE INDEX outbox_held_by_chat ON outbox (chat_key, id) WHERE state = 'pending' AND held IS NOT NULL;
      `);
    },
  },
];

/** The database was written by a newer buildbot-chat than the one running. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `the database has schema version ${found}, but this buildbot-chat knows versions up to ${known}; ` +
        'run the newer buildbot-chat that wrote it, or restore a backup made with this version',
    );
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: Database.Database): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error(`PRAGMA user_version returned ${String(version)}`);
  return version;
}

/** Brings the database to the newest version in `migrations`; returns the versions crossed. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): { from: number; to: number } {
  checkOrdered(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const from = schemaVersion(db);
  if (from > latest) throw new SchemaTooNewError(from, latest);
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    // IMMEDIATE takes the write lock first: a second process migrating the same file waits,
    // then sees the new version and skips the step instead of running it twice.
    db.transaction(() => {
      if (schemaVersion(db) !== migration.version - 1) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: schemaVersion(db) };
}

function checkOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.description}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
}
