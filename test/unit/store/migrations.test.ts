import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ChatSettingsStore } from '../../../src/store/chat-settings.js';
import { IrcChannels } from '../../../src/store/irc-channels.js';
import { migrate, MIGRATIONS, SchemaTooNewError, schemaVersion, type Migration } from '../../../src/store/migrations.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { Outbox } from '../../../src/store/outbox.js';
import { ProcessedEvents } from '../../../src/store/processed-events.js';
import { StateStore } from '../../../src/store/state.js';
import { Subscriptions } from '../../../src/store/subscriptions.js';
import { Watches } from '../../../src/store/watches.js';
import { tempDatabasePath } from './temp-database.js';

describe('migrations', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  it('are numbered 1, 2, 3… in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('bring a version 1 database to the latest version and keep its rows', () => {
    const temp = tempDatabasePath();
    cleanups.push(temp.cleanup);
    const chat = { adapter: 'irc', id: '#ci' };
    const v1 = openDatabaseAt(temp.path, MIGRATIONS.slice(0, 1));
    expect(schemaVersion(v1)).toBe(1);
    // Rows as buildbot-chat 1 wrote them: filters without masters, cursors at the top level.
    v1.exec(`
      INSERT INTO subscriptions VALUES ('irc:#ci', 'irc', '#ci', 'failure', '{"builders":["linux"],"tags":[],"branches":[]}', 0);
      INSERT INTO state VALUES ('events.lastCompleteAt', '1700000000', 0);
      INSERT INTO watches (chat_key, adapter, chat_id, buildid, builderid, number, created_at) VALUES ('irc:#ci', 'irc', '#ci', 42, 3, 7, 0);
    `);
    // as version 1 wrote it: Outbox reads columns added later
    v1.prepare(`INSERT INTO outbox (chat_key, adapter, chat_id, payload, dedupe_key, created_at) VALUES ('irc:#ci', 'irc', '#ci', '{"text":"hi"}', 'k1', 1)`).run();
    v1.close();

    const db = openDatabase(temp.path);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      expect(new Subscriptions(db).list(chat)).toEqual([{ event: 'failure', filters: { masters: [], builders: ['linux'], tags: [], branches: [] } }]);
      expect(new StateStore(db).scoped('master.default.').get<number>('events.lastCompleteAt')).toBe(1_700_000_000);
      expect(new Watches(db).forBuild('default', 42)).toMatchObject([{ chatKey: 'irc:#ci', builderid: 3, number: 7 }]);
      expect(new Outbox(db).nextPending('irc:#ci')).toMatchObject({ payload: '{"text":"hi"}', dedupeKey: 'k1', handedOver: false });
      // a table from version 2 is there and usable
      new IrcChannels(db, 'irc').add('#ci');
      expect(new IrcChannels(db, 'irc').list()).toEqual([{ name: '#ci', key: null }]);
      // version 7: people's settings, and the version 1 row is not held
      new ChatSettingsStore(db).update(chat, { muted: true });
      expect(new ChatSettingsStore(db).get(chat)).toMatchObject({ muted: true, mentions: true, quiet: null });
      expect(db.prepare('SELECT held FROM outbox').all()).toEqual([{ held: null }]);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('give a version 2 database’s rows to the master named default and the unnamed IRC network, and keep them usable', () => {
    const temp = tempDatabasePath();
    cleanups.push(temp.cleanup);
    const v2 = openDatabaseAt(temp.path, MIGRATIONS.slice(0, 2));
    v2.exec(`
      INSERT INTO processed_events VALUES (42, 'finished', 1000);
      INSERT INTO watches (chat_key, adapter, chat_id, buildid, builderid, number, created_at) VALUES ('irc:#ci', 'irc', '#ci', 42, 3, 7, 1000);
      INSERT INTO irc_channels VALUES ('#Dev', 'sesame', 1000);
      INSERT INTO state VALUES ('events.lastStartedBuildId', '41', 1000);
      INSERT INTO state VALUES ('workers.disconnected', '{"5":{"name":"w5","at":900}}', 1000);
      INSERT INTO state VALUES ('telegram.offset', '{"next":10,"savedAt":900}', 1000);
    `);
    v2.close();

    const db = openDatabase(temp.path);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      const processed = new ProcessedEvents(db, 'default', () => 2000);
      expect(processed.isProcessed(42, 'finished')).toBe(true);
      expect(processed.markProcessed(42, 'finished')).toBe(false);
      expect(new ProcessedEvents(db, 'release').isProcessed(42, 'finished')).toBe(false);
      expect(processed.pruneBefore(1500)).toBe(1);

      const watches = new Watches(db);
      const chat = { adapter: 'irc', id: '#ci' };
      expect(watches.forBuild('default', 42)).toMatchObject([{ chatKey: 'irc:#ci', master: 'default', builderid: 3, number: 7, createdAt: 1000 }]);
      expect(watches.forBuild('release', 42)).toEqual([]);
      // the old watch still counts: watching the same build again gives the same one
      const [old] = watches.list(chat);
      expect(watches.add(chat, { master: 'default', buildid: 42, builderid: 3, number: 7 })).toBe(old?.id);
      expect(watches.list(chat)).toHaveLength(1);

      const channels = new IrcChannels(db, 'irc');
      expect(channels.list()).toEqual([{ name: '#Dev', key: 'sesame' }]);
      expect(new IrcChannels(db, 'irc/libera').list()).toEqual([]);
      channels.add('#dev', 'new');
      expect(channels.list()).toEqual([{ name: '#Dev', key: 'new' }]);

      const state = new StateStore(db);
      const master = state.scoped('master.default.');
      expect(master.get<number>('events.lastStartedBuildId')).toBe(41);
      expect(master.get('workers.disconnected')).toEqual({ 5: { name: 'w5', at: 900 } });
      expect(state.get('events.lastStartedBuildId')).toBeUndefined();
      expect(state.get('telegram.offset')).toEqual({ next: 10, savedAt: 900 });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
  });

  it('do nothing on a database that is already up to date', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual({ from: 0, to: MIGRATIONS.length });
    expect(migrate(db)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length });
    db.close();
  });

  it('refuse a database written by a newer version, saying what to do', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    expect(() => migrate(db)).toThrow(SchemaTooNewError);
    expect(() => migrate(db)).toThrow(
      `the database has schema version ${MIGRATIONS.length + 1}, but this buildbot-chat knows versions up to ${MIGRATIONS.length}; ` +
        'run the newer buildbot-chat that wrote it, or restore a backup made with this version',
    );
    expect(schemaVersion(db)).toBe(MIGRATIONS.length + 1);
    db.close();
  });

  it('make openDatabase fail on a newer database and leave the file untouched', () => {
    const temp = tempDatabasePath();
    cleanups.push(temp.cleanup);
    const future = openDatabase(temp.path);
    future.pragma('user_version = 99');
    future.close();
    expect(() => openDatabase(temp.path)).toThrow(/schema version 99/);
    const check = new Database(temp.path, { readonly: true });
    expect(schemaVersion(check)).toBe(99);
    check.close();
  });

  it('roll a failing migration back entirely, version included', () => {
    const db = new Database(':memory:');
    const broken: Migration = {
      version: 2,
      description: 'half done',
      up(d) {
        d.exec('CREATE TABLE half (x INTEGER)');
        throw new Error('disk on fire');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS.slice(0, 1), broken])).toThrow('disk on fire');
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('reject a list with a gap in its versions', () => {
    const db = new Database(':memory:');
    const gap: Migration = { version: 3, description: 'skips 2', up: () => undefined };
    expect(() => migrate(db, [...MIGRATIONS.slice(0, 1), gap])).toThrow('migration "skips 2" has version 3, expected 2');
    expect(schemaVersion(db)).toBe(0);
    db.close();
  });
});

function openDatabaseAt(path: string, migrations: readonly Migration[]): Database.Database {
  // What an older buildbot-chat would have left behind: a file migrated only this far.
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  migrate(db, migrations);
  return db;
}
