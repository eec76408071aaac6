import { describe, expect, it } from 'vitest';
import { formatClock, parseWindow } from '../../../commands/support/quiet-hours-text.js';
import { parseDuration } from '../../../commands/support/parse-duration.js';
import { digestReply } from '../../../src/notify/digest.js';
import { authorEmail, chatUserOfOwner, sameAuthor } from '../../../src/people/match-author.js';
import { personSchema } from '../../../src/people/people-config.js';
import { PeopleDirectory } from '../../../src/people/people-directory.js';
import { inQuietHours } from '../../../src/people/quiet-hours.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { PeopleLinks } from '../../../src/store/people-links.js';

describe('matching authors', () => {
  it('matches the same email under any name, and bare emails', () => {
    expect(sameAuthor('Alice Example <Alice@Example.org>', 'alice@example.org')).toBe(true);
    expect(sameAuthor('A. E. <alice@example.org>', 'Alice Example <alice@example.org>')).toBe(true);
    expect(sameAuthor('Alice <alice@example.org>', 'Alice <alice@other.example>')).toBe(false);
    expect(authorEmail('alice')).toBeNull();
  });

  it('reads the chat user out of the owner of a build forced from a chat', () => {
    expect(chatUserOfOwner('alice on #ci <alice@irc.invalid>')).toEqual({ adapter: 'irc', id: 'alice' });
    expect(chatUserOfOwner('Ada (@ada) <700000001@telegram.invalid>')).toEqual({ adapter: 'telegram', id: '700000001' });
    expect(chatUserOfOwner('alice on #ci <alice@libera.irc.invalid>')).toEqual({ adapter: 'irc/libera', id: 'alice' });
    expect(chatUserOfOwner('Alice <alice@example.org>')).toBeNull();
  });
});

describe('the people directory', () => {
  const db = openDatabase(':memory:');
  const people = [
    personSchema.parse({ name: 'Alice', irc: ['account:alice', 'ali'], telegram: [42], authors: ['alice@example.org'] }),
    personSchema.parse({ name: 'Bob', telegram: ['@bobby'], mention: false }),
  ];
  const directory = new PeopleDirectory(people, new PeopleLinks(db));

  it('knows a user by nick, account, Telegram id or @username', () => {
    expect(directory.forUser('irc', { id: 'ALI', name: 'ALI' }).key).toBe('person:Alice');
    expect(directory.forUser('irc', { id: 'other', name: 'other', account: 'alice' }).key).toBe('person:Alice');
    expect(directory.forUser('telegram', { id: '42', name: 'A' }).handles).toEqual({ irc: 'ali', telegram: '42' });
    expect(directory.forUser('telegram', { id: '7', name: 'B', username: 'BobBy' }).key).toBe('person:Bob');
  });

  it('knows people on a named network as on the unnamed one, and keys strangers per network', () => {
    expect(directory.forUser('irc/libera', { id: 'Ali', name: 'Ali' }).key).toBe('person:Alice');
    expect(directory.forUser('irc/libera', { id: 'Dave', name: 'Dave' })).toMatchObject({ key: 'irc/libera:dave', handles: { irc: 'Dave' } });
    expect(directory.forAuthor('Dave on #ci <Dave@libera.irc.invalid>')?.key).toBe('irc/libera:dave');
  });

  it('keys someone the config does not name by platform and id, and links authors to them', () => {
    const carol = directory.forUser('irc', { id: 'Carol', name: 'Carol' });
    expect(carol).toMatchObject({ key: 'irc:carol', handles: { irc: 'Carol' }, configured: false });
    new PeopleLinks(db).add({ personKey: carol.key, author: 'Carol <carol@example.org>', name: 'Carol' });
    expect(directory.forAuthor('carol@example.org')?.key).toBe('irc:carol');
    expect(directory.forAuthor('Alice Example <alice@example.org>')?.name).toBe('Alice');
    expect(directory.forAuthor('nobody@example.org')).toBeUndefined();
  });
});

describe('quiet hours and durations', () => {
  it('handles windows across midnight in a time zone', () => {
    const window = parseWindow('22:00-08:00');
    expect(window).toEqual({ from: 1320, to: 480 });
    const quiet = { ...(window ?? { from: 0, to: 0 }), timeZone: 'Europe/Berlin', except: [] };
    // 21:30 UTC in January is 22:30 in Berlin
    expect(inQuietHours(quiet, Date.UTC(2026, 0, 10, 21, 30))).toBe(true);
    expect(inQuietHours(quiet, Date.UTC(2026, 0, 10, 7, 30))).toBe(false);
    expect(parseWindow('25:00-08:00')).toBeNull();
    expect(parseWindow('08:00-08:00')).toBeNull();
    expect(formatClock(480)).toBe('08:00');
  });

  it('reads durations', () => {
    expect(parseDuration('1h30m')).toBe(90 * 60_000);
    expect(parseDuration('2d')).toBe(2 * 86_400_000);
    expect(parseDuration('soon')).toBeNull();
  });
});

describe('the digest', () => {
  const build = (template: string, buildid: number, builder: string, result: number | null) =>
    JSON.stringify({ template, data: { buildid, builder, number: buildid, url: `http://ci/${buildid}`, result } });

  it('counts builds once (the end replaces the start) and names failed ones, at most eight', () => {
    const payloads = [build('build-started', 1, 'a', null), build('build-finished', 1, 'a', 2), build('build-finished', 2, 'b', 0)];
    for (let id = 10; id < 20; id++) payloads.push(build('build-finished', id, 'x', 4));
    payloads.push(JSON.stringify({ template: 'worker-missing', data: { worker: 'w1', lastConnection: null } }));
    const reply = digestReply('muted', payloads);
    expect(reply.data).toMatchObject({ builds: 12, passed: 1, failed: 11, other: 0, workersMissing: [], more: 4 });
    expect(reply.template === 'notifications-digest' && reply.data.failedBuilds.length).toBe(8);
  });
});
