import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/open-database.js';
import { Watches } from '../../../src/store/watches.js';
import { tempDatabasePath } from './temp-database.js';

const channel = { adapter: 'irc', id: '#ci' };
const group = { adapter: 'telegram', id: '-100' };

describe('watches', () => {
  let db: Database.Database;
  let watches: Watches;
  beforeEach(() => {
    db = openDatabase(':memory:');
    watches = new Watches(db, () => 5_000);
  });
  afterEach(() => db.close());

  it('finds every chat watching a build, with where to deliver', () => {
    const a = watches.add(channel, { master: 'main', buildid: 42, builderid: 3, number: 7 });
    const b = watches.add(group, { master: 'main', buildid: 42, builderid: 3, number: 7 });
    watches.add(group, { master: 'main', buildid: 43, builderid: 3, number: 8 });
    expect(watches.forBuild('main', 42)).toEqual([
      { id: a, chatKey: 'irc:#ci', adapter: 'irc', chatId: '#ci', master: 'main', buildid: 42, builderid: 3, number: 7, createdAt: 5_000 },
      { id: b, chatKey: 'telegram:-100', adapter: 'telegram', chatId: '-100', master: 'main', buildid: 42, builderid: 3, number: 7, createdAt: 5_000 },
    ]);
    expect(watches.forBuild('main', 44)).toEqual([]);
  });

  it('keeps one watch when a chat watches the same build twice', () => {
    const first = watches.add(channel, { master: 'main', buildid: 42, builderid: 3, number: 7 });
    expect(watches.add(channel, { master: 'main', buildid: 42, builderid: 3, number: 7 })).toBe(first);
    expect(watches.forBuild('main', 42)).toHaveLength(1);
  });

  it('tells apart builds with the same id on two masters', () => {
    watches.add(channel, { master: 'main', buildid: 42, builderid: 3, number: 7 });
    watches.add(channel, { master: 'release', buildid: 42, builderid: 9, number: 1 });
    expect(watches.forBuild('main', 42)).toMatchObject([{ master: 'main', builderid: 3, number: 7 }]);
    expect(watches.forBuild('release', 42)).toMatchObject([{ master: 'release', builderid: 9, number: 1 }]);
    expect(watches.list(channel)).toHaveLength(2);
  });

  it('lists and removes a chat’s watches', () => {
    const a = watches.add(channel, { master: 'main', buildid: 42, builderid: 3, number: 7 });
    watches.add(channel, { master: 'main', buildid: 43, builderid: 3, number: 8 });
    watches.add(group, { master: 'main', buildid: 44, builderid: 4, number: 1 });
    expect(watches.list(channel).map((w) => w.number)).toEqual([7, 8]);
    expect(watches.remove(a)).toBe(true);
    expect(watches.remove(a)).toBe(false);
    expect(watches.list(channel).map((w) => w.number)).toEqual([8]);
    expect(watches.removeChat(channel)).toBe(1);
    expect(watches.list(channel)).toEqual([]);
    expect(watches.list(group)).toHaveLength(1);
  });

  it('survive closing and reopening the database file', () => {
    const temp = tempDatabasePath();
    try {
      const first = openDatabase(temp.path);
      new Watches(first).add(channel, { master: 'main', buildid: 42, builderid: 3, number: 7 });
      first.close();
      const again = openDatabase(temp.path);
      expect(new Watches(again).forBuild('main', 42)).toMatchObject([{ chatKey: 'irc:#ci', number: 7 }]);
      again.close();
    } finally {
      temp.cleanup();
    }
  });
});
