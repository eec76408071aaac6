/**
 * Confirmation of dangerous commands (`confirm:` per adapter) on the real test master: the bot
 * says what it will do and runs it only on the same user's yes in the same chat, in time. What
 * is checked on the master is whether a build request with the test's own reason exists.
 */
import type { User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram/server.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';
import type { RawIrcClient } from '../support/raw-irc-client.js';
import { ask, buttons, startTelegramBot, type TelegramBot } from '../support/telegram-bot.js';
import { getList } from './support/buildbot-rest.js';
import { saidBy, startIrcScene, waitForBotLine, type IrcScene } from './support/irc-bot.js';

const masterUrl = inject('buildbotUrl');
const TIMEOUT_S = 4;
const CONFIRM = { confirm: ['force', 'stop'] };
const BOT_TIMING = { confirmTimeoutMs: TIMEOUT_S * 1000, timing: { buildStartWaitMs: 30_000, buildStopWaitMs: 30_000, pollIntervalMs: 200 } };

const buildsetSchema = z.object({ bsid: z.number(), reason: z.string() });

/** Build requests made with this reason (the bot adds "(forced by ...)"). */
async function buildsetsWithReason(reason: string): Promise<number> {
  const sets = await getList(masterUrl, 'buildsets?order=-bsid&limit=100', 'buildsets', buildsetSchema);
  return sets.filter((set) => set.reason.includes(`${reason} (forced by`)).length;
}

let unique = 0;
function reason(what: string): string {
  return `confirm-${what}-${process.pid}-${++unique}`;
}

describe('at the console', () => {
  let bot: ConsoleBot;

  beforeAll(async () => {
    bot = await startConsoleBot({ masterUrl, console: CONFIRM, bot: BOT_TIMING });
  });

  afterAll(async () => {
    await bot?.stop();
    if (bot) removeDatabase(bot.database);
  });

  /** Types a line; resolves to the lines printed from then until `until` matches one of them. */
  async function say(line: string, until: RegExp): Promise<string[]> {
    const from = bot.lines.length;
    bot.type(line);
    await bot.waitFor((lines) => lines.slice(from).some((l) => until.test(l)), 40_000, `a line matching ${until}`);
    return bot.lines.slice(from);
  }

  it('says exactly what force will do and runs it on yes', async () => {
    const why = reason('yes');
    const question = await say(`force build --branch=main --props=duration=1 fast-pass ${why}`, /Answer yes/);
    expect(question).toEqual([`Force fast-pass on branch main with duration=1 because "${why}"? Answer yes within ${TIMEOUT_S} s.`]);
    expect(await buildsetsWithReason(why)).toBe(0);
    const ran = await say('yes', /^Build #\d+ of fast-pass started\./);
    expect(ran[0]).toMatch(/^Force build of fast-pass requested \(request \d+, scheduler force-fast-pass\)\.$/);
    expect(await buildsetsWithReason(why)).toBe(1);
  });

  it('runs nothing on no', async () => {
    const why = reason('no');
    await say(`force build fast-pass ${why}`, /Answer yes/);
    expect(await say('no', /Cancelled/)).toEqual([`Cancelled: force build fast-pass ${why} was not run.`]);
    expect(await say('yes', /confirm/)).toEqual(['There is nothing for you to confirm here.']);
    expect(await buildsetsWithReason(why)).toBe(0);
  });

  it('drops the question when the user gives another command, which runs', async () => {
    const why = reason('other');
    await say(`force build fast-pass ${why}`, /Answer yes/);
    const lines = await say('status fast-pass', /^fast-pass: /);
    expect(lines[0]).toBe(`Not running force build fast-pass ${why}: you gave another command instead of yes.`);
    expect(await say('yes', /confirm/)).toEqual(['There is nothing for you to confirm here.']);
    expect(await buildsetsWithReason(why)).toBe(0);
  });

  it('cancels after the timeout, and a late yes finds nothing', async () => {
    const why = reason('late');
    await say(`force build fast-pass ${why}`, /Answer yes/);
    const from = bot.lines.length;
    await bot.waitFor((lines) => lines.slice(from).some((l) => l.startsWith('Cancelled: no yes')), 20_000, 'the timeout');
    expect(bot.lines.slice(from)).toEqual([`Cancelled: no yes within ${TIMEOUT_S} s, so force build fast-pass ${why} was not run.`]);
    expect(await say('yes', /confirm/)).toEqual(['There is nothing for you to confirm here.']);
    expect(await buildsetsWithReason(why)).toBe(0);
  });

  it('gives the usage line for a malformed command instead of a question', async () => {
    expect(await say('force build', /Usage/)).toEqual([
      'Which builder? Usage: force build [--codebase=CODEBASE] [--branch=BRANCH] [--revision=REVISION] [--props=NAME=VALUE,...] BUILDER [REASON]',
    ]);
  });

  it('never runs a question asked before a restart', async () => {
    const why = reason('restart');
    await say(`force build fast-pass ${why}`, /Answer yes/);
    await bot.stop();
    bot = await startConsoleBot({ masterUrl, console: CONFIRM, bot: BOT_TIMING, database: bot.database });
    expect(await say('yes', /confirm/)).toEqual(['There is nothing for you to confirm here.']);
    expect(await buildsetsWithReason(why)).toBe(0);
  });
});

describe('on IRC', () => {
  const host = inject('ircHost');
  const port = inject('ircPort');
  const BOT = 'confirmbot';
  const CHANNEL = '#irc-confirm';
  let scene: IrcScene;
  let alice: RawIrcClient;
  let bob: RawIrcClient;

  beforeAll(async () => {
    scene = await startIrcScene(masterUrl, {
      host,
      port,
      channel: CHANNEL,
      nicks: ['alice-conf', 'bob-conf'],
      irc: { nick: BOT, commandPrefix: '!', authz: { '!': ['alice-conf', 'bob-conf'] }, ...CONFIRM },
      bot: BOT_TIMING,
    });
    [alice, bob] = scene.users as [RawIrcClient, RawIrcClient];
  });

  afterAll(async () => {
    await scene?.close();
  });

  it("ignores another user's yes and runs on the asker's", async () => {
    const why = reason('irc');
    const since = alice.lines.length;
    alice.say(CHANNEL, `!force build fast-pass ${why}`);
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, `alice-conf: Force fast-pass because "${why}"? Answer !yes within ${TIMEOUT_S} s.`), { since });
    bob.say(CHANNEL, '!yes');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, 'bob-conf: There is nothing for you to confirm here.'), { since });
    expect(await buildsetsWithReason(why)).toBe(0);
    alice.say(CHANNEL, '!yes');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, /^alice-conf: Force build of \x02fast-pass\x02 requested \(request \d+/), { since, timeoutMs: 30_000 });
    expect(await buildsetsWithReason(why)).toBe(1);
  });

  it('runs nothing when the asker answers no', async () => {
    const why = reason('irc-no');
    const since = alice.lines.length;
    alice.say(CHANNEL, `!force build fast-pass ${why}`);
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, /Answer !yes/), { since });
    alice.say(CHANNEL, '!no');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, `alice-conf: Cancelled: force build fast-pass ${why} was not run.`), { since });
    expect(await buildsetsWithReason(why)).toBe(0);
  });
});

describe('on Telegram, with buttons', () => {
  let fake: FakeTelegram;
  let bot: TelegramBot;
  let ada: User;
  let bob: User;
  let groupId: number;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    ada = fake.addUser({ first_name: 'Ada', username: 'ada' });
    bob = fake.addUser({ first_name: 'Bob', username: 'bob' });
    groupId = fake.group('ci').id;
    bot = await startTelegramBot({ masterUrl, fake, telegram: { authz: { '!': [ada.id, bob.id] }, ...CONFIRM }, bot: BOT_TIMING });
  });

  afterAll(async () => {
    await bot?.stop();
    bot?.remove();
    await fake?.close();
  });

  it("answers another user's Yes with a notice to them only, and runs on the asker's Yes", async () => {
    const why = reason('telegram');
    const question = await ask(fake, groupId, `/force build fast-pass ${why}`, { from: ada, match: 'Answer', timeoutMs: 10_000 });
    expect(question.text).toBe(`Force fast-pass because "${why}"? Answer /yes within ${TIMEOUT_S} s.`);
    expect(buttons(question)).toEqual([['Yes'], ['No']]);

    const { callback } = fake.pressButton(groupId, question.messageId, { text: 'Yes', from: bob });
    await fake.waitFor(() => callback.answered, 10_000);
    expect(callback.answer).toMatchObject({ text: 'There is nothing for you to confirm here.', showAlert: true });
    expect(await buildsetsWithReason(why)).toBe(0);

    const requested = fake.nextMessage(groupId, (m) => m.text.startsWith('Force build of fast-pass requested'), 30_000);
    fake.pressButton(groupId, question.messageId, { text: 'Yes', from: ada });
    expect((await requested).text).toMatch(/^Force build of fast-pass requested \(request \d+, scheduler force-fast-pass\)\.$/);
    expect(await buildsetsWithReason(why)).toBe(1);
  });

  it('a Yes pressed under a question asked before a restart runs nothing', async () => {
    const why = reason('telegram-restart');
    const question = await ask(fake, groupId, `/force build fast-pass ${why}`, { from: ada, match: 'Answer', timeoutMs: 10_000 });
    await bot.stop();
    bot = await startTelegramBot({ masterUrl, fake, database: bot.database, telegram: { authz: { '!': [ada.id, bob.id] }, ...CONFIRM }, bot: BOT_TIMING });
    const { callback } = fake.pressButton(groupId, question.messageId, { text: 'Yes', from: ada });
    await fake.waitFor(() => callback.answered, 10_000);
    expect(callback.answer?.text).toBe('There is nothing for you to confirm here.');
    expect(await buildsetsWithReason(why)).toBe(0);
  });
});
