import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/open-database.js';
import { Subscriptions, type SubscriptionFilters } from '../../../src/store/subscriptions.js';

const NONE: SubscriptionFilters = { masters: [], builders: [], tags: [], branches: [] };
const channel = { adapter: 'irc', id: '#ci' };
const group = { adapter: 'telegram', id: '-100123' };

describe('subscriptions', () => {
  let db: Database.Database;
  let subs: Subscriptions;
  beforeEach(() => {
    db = openDatabase(':memory:');
    subs = new Subscriptions(db);
  });
  afterEach(() => db.close());

  it('turns events on for one chat only, each with its filters', () => {
    subs.enable(channel, ['started', 'finished'], NONE);
    subs.enable(group, ['failure'], { masters: [], builders: ['linux'], tags: ['nightly'], branches: ['main'] });
    expect(subs.list(channel)).toEqual([
      { event: 'finished', filters: NONE },
      { event: 'started', filters: NONE },
    ]);
    expect(subs.list(group)).toEqual([{ event: 'failure', filters: { masters: [], builders: ['linux'], tags: ['nightly'], branches: ['main'] } }]);
    expect(subs.list({ adapter: 'telegram', id: '#ci' })).toEqual([]);
  });

  it('replaces the filters of an event turned on again, leaving other events alone', () => {
    subs.enable(channel, ['failure', 'started'], { masters: [], builders: ['linux'], tags: [], branches: [] });
    subs.enable(channel, ['failure'], { masters: [], builders: [], tags: [], branches: ['main'] });
    expect(subs.list(channel)).toEqual([
      { event: 'failure', filters: { masters: [], builders: [], tags: [], branches: ['main'] } },
      { event: 'started', filters: { masters: [], builders: ['linux'], tags: [], branches: [] } },
    ]);
  });

  it('turns named events off, or all of them', () => {
    subs.enable(channel, ['started', 'finished', 'failure'], NONE);
    expect(subs.disable(channel, ['started', 'worker'])).toBe(1);
    expect(subs.list(channel).map((s) => s.event)).toEqual(['failure', 'finished']);
    expect(subs.disable(channel)).toBe(2);
    expect(subs.list(channel)).toEqual([]);
  });

  it('finds the subscribers of an event with the adapter and chat id to deliver to', () => {
    subs.enable(channel, ['failure'], NONE);
    subs.enable(group, ['failure', 'started'], { masters: [], builders: ['mac'], tags: [], branches: [] });
    expect(subs.subscribersOf('failure')).toEqual([
      { chatKey: 'irc:#ci', adapter: 'irc', chatId: '#ci', filters: NONE },
      { chatKey: 'telegram:-100123', adapter: 'telegram', chatId: '-100123', filters: { masters: [], builders: ['mac'], tags: [], branches: [] } },
    ]);
    expect(subs.subscribersOf('worker')).toEqual([]);
    expect(subs.listAll().map((s) => `${s.chatKey} ${s.event}`)).toEqual(['irc:#ci failure', 'telegram:-100123 failure', 'telegram:-100123 started']);
  });

  it('forgets a chat that is gone', () => {
    subs.enable(channel, ['failure'], NONE);
    subs.enable(group, ['failure', 'started'], NONE);
    expect(subs.removeChat(group)).toBe(2);
    expect(subs.subscribersOf('failure').map((s) => s.chatKey)).toEqual(['irc:#ci']);
  });

  describe('config defaults (Buildbot semantics)', () => {
    it('turn the configured events on for a new chat, without filters', () => {
      expect(subs.applyDefaults(channel, ['started', 'finished'])).toBe(2);
      expect(subs.list(channel)).toEqual([
        { event: 'finished', filters: NONE },
        { event: 'started', filters: NONE },
      ]);
    });

    it('keep the filters a chat chose for an event the config also names', () => {
      subs.enable(channel, ['failure'], { masters: [], builders: ['linux'], tags: [], branches: [] });
      expect(subs.applyDefaults(channel, ['failure', 'started'])).toBe(1);
      expect(subs.list(channel)).toEqual([
        { event: 'failure', filters: { masters: [], builders: ['linux'], tags: [], branches: [] } },
        { event: 'started', filters: NONE },
      ]);
    });

    it('leave on an event removed from the config', () => {
      subs.applyDefaults(channel, ['started', 'failure']);
      subs.applyDefaults(channel, ['started']);
      expect(subs.list(channel).map((s) => s.event)).toEqual(['failure', 'started']);
    });

    it('do not turn back on an event the chat turned off until the next start', () => {
      subs.applyDefaults(channel, ['started']);
      subs.disable(channel, ['started']);
      expect(subs.list(channel)).toEqual([]);
    });
  });

  it('reads a row stored before masters could be named as one for every master', () => {
    db.prepare(`INSERT INTO subscriptions VALUES ('irc:#ci', 'irc', '#ci', 'failure', '{"builders":["linux"],"tags":[],"branches":[]}', 0)`).run();
    expect(subs.list(channel)).toEqual([{ event: 'failure', filters: { masters: [], builders: ['linux'], tags: [], branches: [] } }]);
  });

  it('rejects filters that are not lists of strings instead of storing them', () => {
    const bad = { masters: [], builders: 'linux', tags: [], branches: [] } as unknown as SubscriptionFilters;
    expect(() => subs.enable(channel, ['failure'], bad)).toThrow();
    expect(subs.list(channel)).toEqual([]);
  });

  it('names the row when a stored filter is not what it should be', () => {
    db.prepare("INSERT INTO subscriptions VALUES ('irc:#ci', 'irc', '#ci', 'failure', '{\"builders\":1}', 0)").run();
    expect(() => subs.list(channel)).toThrow(/subscription failure of irc:#ci holds unexpected JSON/);
  });
});
