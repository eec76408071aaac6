/**
 * People on Telegram, end to end on the real master with the in-repo fake Bot API (issue 15).
 * Changes posted to the master's base change hook on branch 'people' start fast-fail and
 * fast-pass with the change's author in their blamelist. Asserted at the fake: a topic per
 * builder in a forum supergroup (created once), each finished message a reply to its started
 * message, the author mentioned by a link to the user; a private chat with `--mine` gets its
 * person's builds and not others'; `mute` holds notifications in the outbox across a restart and
 * `unmute` sends one digest; quiet hours on a clock the test moves.
 */
import type { Chat, User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram, type StoredMessage } from '../fakes/fake-telegram/server.js';
import { ask, startTelegramBot, type TelegramBot } from '../support/telegram-bot.js';
import { completedBuildsOfChange, postChange } from './support/buildbot-rest.js';

const masterUrl = inject('buildbotUrl');
const HOUR = 3_600_000;

let fake: FakeTelegram;
let bot: TelegramBot;
let ada: User;
let forum: Chat;
/** The bot's clock runs this far ahead of the real one (quiet hours). */
let offset = 0;
const clock = () => Date.now() + offset;
let revision = 0;

const ADA = 'Ada Lovelace <ada@example.org>';
const BOB = 'Bob Builder <bob@example.org>';

function start(database?: string): Promise<TelegramBot> {
  return startTelegramBot({
    masterUrl,
    fake,
    ...(database ? { database } : {}),
    telegram: { chatIds: [forum.id], notifyEvents: ['started', 'finished'], topics: 'byBuilder', authz: { '!': [ada.id] } },
    config: {
      people: [
        { name: 'Ada Lovelace', telegram: [ada.id], authors: [ADA] },
        { name: 'Bob Builder', telegram: ['@bobby'], authors: ['bob@example.org'] },
      ],
    },
    bot: { people: { clock, holdCheckMs: 100 } },
  });
}

beforeAll(async () => {
  fake = await startFakeTelegram();
  ada = fake.privateChat({ first_name: 'Ada', username: 'ada' }).user;
  fake.privateChat({ first_name: 'Bob', username: 'bobby' });
  forum = fake.forum('CI forum');
  bot = await start();
});

afterAll(async () => {
  await bot?.stop();
  bot?.remove();
  await fake?.close();
});

interface ChangeBuilds {
  /** The forum's finished messages of the change's two builds. */
  failed: StoredMessage;
  passed: StoredMessage;
  failedNumber: number;
  passedNumber: number;
}

/**
 * Posts a change by `author` and waits until the forum has the finished messages of both its
 * builds: by then the notifier has handled them for every chat (one transaction per event).
 */
async function change(author: string): Promise<ChangeBuilds> {
  revision += 1;
  const before = new Set(fake.sentMessages(forum.id).map((m) => m.messageId));
  // A repository of its own: Buildbot's blamelist is every change since the builder's last
  // success (db/changes.py getChangesForBuild, following parent changes of the same branch and
  // repository), and fast-fail never succeeds; without a parent the blamelist is this change.
  const unique = `tg${revision}-${Date.now()}`;
  await postChange(masterUrl, { author, comments: `change ${revision}`, branch: 'people', revision: unique, repository: `https://example.org/${unique}.git` });
  // this change's own builds: other test files force fast-pass on the same master meanwhile
  const numbers = await completedBuildsOfChange(masterUrl, unique, 2);
  const failedNumber = numbers.get('fast-fail') ?? -1;
  const passedNumber = numbers.get('fast-pass') ?? -1;
  const finished = (builder: string, number: number, result: string) => () =>
    fake.sentMessages(forum.id).find((m) => !before.has(m.messageId) && new RegExp(`Build #${number} of ${builder} ${result}`).test(m.text));
  const failed = await fake.waitFor(finished('fast-fail', failedNumber, 'failed'), 60_000);
  const passed = await fake.waitFor(finished('fast-pass', passedNumber, 'completed successfully'), 60_000);
  return { failed, passed, failedNumber, passedNumber };
}

function buildNumber(message: StoredMessage): number {
  return Number(/Build #(\d+)/.exec(message.text)?.[1]);
}

function startedMessage(builder: string, number: number): StoredMessage | undefined {
  return fake.sentMessages(forum.id).find((m) => m.text.startsWith(`Build #${number} of ${builder} started`));
}

function heldRows(chatId: number): { held: string; payload: string }[] {
  return bot.bot.db
    .prepare<[string], { held: string; payload: string }>(`SELECT held, payload FROM outbox WHERE chat_key = ? AND state = 'pending' AND held IS NOT NULL ORDER BY id`)
    .all(`telegram:${chatId}`);
}

function buildMessages(chatId: number): StoredMessage[] {
  return fake.sentMessages(chatId).filter((m) => /Build #\d+ of fast-/.test(m.text));
}

describe('a thread per build and blamelist mentions in a forum supergroup', () => {
  let first: ChangeBuilds;

  it("puts each builder in a topic of its own, the finished message replying to the started one, and mentions the author by a link to her", async () => {
    first = await change(ADA);
    const topics = fake.callsTo('createForumTopic').filter((c) => c.ok);
    expect(topics.map((c) => c.params.name).sort()).toEqual(['fast-fail', 'fast-pass']);
    const topicOf = new Map(topics.map((c) => [c.params.name, (c.result as { message_thread_id: number }).message_thread_id]));
    for (const [builder, finished, number] of [['fast-fail', first.failed, first.failedNumber], ['fast-pass', first.passed, first.passedNumber]] as const) {
      const started = startedMessage(builder, number);
      expect(started?.threadId).toBe(topicOf.get(builder));
      expect(finished.threadId).toBe(topicOf.get(builder));
      expect(finished.replyTo).toBe(started?.messageId);
    }
    expect(first.failed.text).toMatch(/^Ada Lovelace: Build #\d+ of fast-fail failed/);
    expect(first.failed.entities).toContainEqual(expect.objectContaining({ type: 'text_mention', offset: 0, length: 'Ada Lovelace'.length, user: expect.objectContaining({ id: ada.id }) }));
    // success is not among notify.mentionEvents
    expect(first.passed.text).toMatch(/^Build #\d+ of fast-pass completed successfully/);
  });

  it('reuses the topics it made (remembered), and names a person known by @username as such', async () => {
    const second = await change(BOB);
    expect(fake.callsTo('createForumTopic')).toHaveLength(2);
    expect(second.failed.threadId).toBe(first.failed.threadId);
    expect(second.failed.text).toMatch(/^@bobby: Build #\d+ of fast-fail failed/);
  });
});

describe("a private chat's own builds, mute and quiet hours", () => {
  it('notify on finished --mine: Ada gets her builds and not Bob’s', async () => {
    const answer = await ask(fake, ada.id, '/notify on finished --mine', { match: 'Notified here' });
    expect(answer.text).toMatch(/^Notified here: finished \(mine\)\./);
    const bobs = await change(BOB);
    const adas = await change(ADA);
    await fake.waitFor(() => buildMessages(ada.id).length >= 2, 10_000);
    const numbers = buildMessages(ada.id).map((m) => /Build #(\d+) of (fast-\w+)/.exec(m.text)?.slice(1, 3).join(' '));
    expect(numbers.sort()).toEqual([`${adas.failedNumber} fast-fail`, `${adas.passedNumber} fast-pass`].sort());
    expect(numbers).not.toContain(`${bobs.failedNumber} fast-fail`);
    // private chats are never mentioned in
    expect(buildMessages(ada.id).every((m) => m.text.startsWith('Build #'))).toBe(true);
  });

  it('mute holds her notifications in the outbox, across a restart; unmute sends one digest', async () => {
    await ask(fake, ada.id, '/mute', { match: 'Muted' });
    const before = buildMessages(ada.id).length;
    const muted = await change(ADA);
    await bot.bot.notifications.idle();
    expect(buildMessages(ada.id)).toHaveLength(before);
    expect(heldRows(ada.id).map((row) => row.held)).toEqual(['muted', 'muted']);

    await bot.stop();
    bot = await start(bot.database);
    expect(heldRows(ada.id)).toHaveLength(2);
    const digest = fake.nextMessage(ada.id, (m) => m.text.startsWith('While muted'), 10_000);
    const answer = await ask(fake, ada.id, '/unmute', { match: 'Unmuted' });
    expect(answer.text).toBe('Unmuted: 2 held notifications follow as one digest.');
    expect((await digest).text).toBe(`While muted: 2 builds, 1 passed, 1 failed: fast-fail #${muted.failedNumber}.`);
    expect(buildMessages(ada.id)).toHaveLength(before);
    expect(heldRows(ada.id)).toEqual([]);
  });

  it('quiet hours hold what --except does not let through, and the digest comes when they end', async () => {
    const now = new Date();
    // 23:00 UTC tonight, then 08:30 UTC the morning after
    offset = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 23) - Date.now();
    const answer = await ask(fake, ada.id, '/quiet 22:00-08:00 UTC --except=failure', { match: 'Quiet hours' });
    expect(answer.text).toBe('Quiet hours here: 22:00-08:00 UTC, every day; notifications wait and come as one digest after, except failure, which come at once.');
    const before = buildMessages(ada.id).length;
    const quiet = await change(ADA);
    await fake.waitFor(() => buildMessages(ada.id).find((m) => m.text.includes(`#${quiet.failedNumber} of fast-fail failed`)), 10_000);
    await bot.bot.notifications.idle();
    expect(buildMessages(ada.id)).toHaveLength(before + 1);
    expect(heldRows(ada.id).map((row) => row.held)).toEqual(['quiet']);

    const digest = fake.nextMessage(ada.id, (m) => m.text.startsWith('During quiet hours'), 10_000);
    offset += 9.5 * HOUR;
    expect((await digest).text).toBe('During quiet hours: 1 build, 1 passed, 0 failed.');
    expect(heldRows(ada.id)).toEqual([]);
  });
});
