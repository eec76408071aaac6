import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IrcChannels } from '../../../src/store/irc-channels.js';
import { openDatabase } from '../../../src/store/open-database.js';

describe('joined IRC channels', () => {
  let db: Database.Database;
  let channels: IrcChannels;
  beforeEach(() => {
    db = openDatabase(':memory:');
    channels = new IrcChannels(db, 'irc');
  });
  afterEach(() => db.close());

  it('remembers channels with their keys, sorted by name', () => {
    channels.add('#dev');
    channels.add('#ci', 'sesame');
    expect(channels.list()).toEqual([
      { name: '#ci', key: 'sesame' },
      { name: '#dev', key: null },
    ]);
  });

  it('treats names that differ only in case as one channel, taking the newest key', () => {
    channels.add('#CI', 'old');
    channels.add('#ci', 'new');
    expect(channels.list()).toEqual([{ name: '#CI', key: 'new' }]);
    expect(channels.remove('#Ci')).toBe(true);
    expect(channels.list()).toEqual([]);
  });

  it('keeps each network’s channels apart', () => {
    const libera = new IrcChannels(db, 'irc/libera');
    channels.add('#ci', 'sesame');
    libera.add('#ci');
    libera.add('#dev');
    expect(channels.list()).toEqual([{ name: '#ci', key: 'sesame' }]);
    expect(libera.list()).toEqual([
      { name: '#ci', key: null },
      { name: '#dev', key: null },
    ]);
    expect(libera.remove('#ci')).toBe(true);
    expect(channels.list()).toEqual([{ name: '#ci', key: 'sesame' }]);
  });

  it('says whether a removed channel was remembered', () => {
    channels.add('#ci');
    expect(channels.remove('#ci')).toBe(true);
    expect(channels.remove('#ci')).toBe(false);
  });
});
