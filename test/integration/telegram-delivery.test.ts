/**
 * Notifications to Telegram chats through the fake Bot API: delivered once and in order
 * through 429 storms and 5xx answers, paced within Telegram's limits, a group upgraded to a
 * supergroup followed to its new id, and a chat that blocked the bot loses its subscriptions
 * instead of being retried for ever.
 */
import type { User } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createTelegramApi } from '../../src/adapters/telegram/telegram-api.js';
import { TelegramSender } from '../../src/adapters/telegram/telegram-sender.js';
import { openDatabase } from '../../src/store/open-database.js';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions } from '../fakes/fake-telegram/server.js';
import { ask, Cleanups, FAST_LIMITS, startTelegramBot, type TelegramBot } from '../support/telegram-bot.js';

const cleanups = new Cleanups();
afterEach(() => cleanups.run());

async function servers(fakeOptions: FakeTelegramOptions = {}): Promise<{ master: FakeMaster; fake: FakeTelegram }> {
  const master = await startFakeMaster();
  cleanups.add(() => master.close());
  const fake = await startFakeTelegram(fakeOptions);
  cleanups.add(() => fake.close());
  return { master, fake };
}

async function bot(master: FakeMaster, fake: FakeTelegram, telegram: Record<string, unknown>): Promise<TelegramBot> {
  const started = await startTelegramBot({ masterUrl: master.url, fake, telegram });
  cleanups.add(() => started.remove());
  cleanups.add(() => started.stop());
  return started;
}

/** Runs builds of fast-pass one after another, each to its end. */
async function runBuilds(master: FakeMaster, fake: FakeTelegram, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const build = master.startBuild({ builder: 'fast-pass', durationMs: 0 });
    await fake.waitFor(() => master.build(build.buildid)?.complete);
  }
}

const finishedTexts = (fake: FakeTelegram, chatId: number) => fake.sentMessages(chatId).map((m) => m.text).filter((t) => t.startsWith('Build #'));

describe('notifications to Telegram', () => {
  it('go to the configured chats with their notifyEvents, as HTML with a link to the build', async () => {
    const { master, fake } = await servers();
    const group = fake.group('Builds');
    await bot(master, fake, { chatIds: [group.id], notifyEvents: ['finished'] });
    await runBuilds(master, fake, 1);
    const message = await fake.nextMessage(group.id, () => true, 10_000);
    expect(message.text).toMatch(/^Build #1 of fast-pass completed successfully ✅ after/);
    expect(message.entities).toContainEqual(expect.objectContaining({ type: 'text_link', url: `${master.url}#/builders/3/builds/1` }));
    expect(message.parseMode).toBe('HTML');
  });

  it('reach channels named @name by their numeric ids, each looked up once, so each has its own queue', async () => {
    const { master, fake } = await servers();
    const news = fake.channel('News', 'ci_news');
    const alerts = fake.channel('Alerts', 'ci_alerts');
    await bot(master, fake, { chatIds: ['@ci_news', '@CI_Alerts'], notifyEvents: ['finished'] });
    await runBuilds(master, fake, 2);
    for (const channel of [news, alerts]) {
      await fake.waitFor(() => finishedTexts(fake, channel.id).length === 2, 10_000);
    }
    expect(fake.callsTo('getChat').map((call) => String(call.params.chat_id).toLowerCase()).sort()).toEqual(['@ci_alerts', '@ci_news']);
    expect(new Set(fake.callsTo('sendMessage').map((call) => String(call.params.chat_id)))).toEqual(new Set([String(news.id), String(alerts.id)]));
  });

  it('wait out a 429 storm for retry_after and lose nothing', async () => {
    const { master, fake } = await servers();
    const { user, chat } = fake.privateChat();
    await bot(master, fake, { chatIds: [chat.id], notifyEvents: ['finished'] });
    fake.failNext(3, { code: 429, retryAfter: 1 }, { methods: ['sendMessage'] });
    await runBuilds(master, fake, 3);
    await fake.waitFor(() => finishedTexts(fake, chat.id).length === 3, 20_000);
    expect(finishedTexts(fake, chat.id).map((t) => t.slice(0, 9))).toEqual(['Build #1 ', 'Build #2 ', 'Build #3 ']);
    expect(fake.tooManyRequestsSent).toBe(3);
    // Each retry came no sooner than Telegram asked.
    const sends = fake.callsTo('sendMessage');
    for (const [index, call] of sends.entries()) {
      if (call.status !== 429) continue;
      expect((sends[index + 1]?.at ?? 0) - call.at).toBeGreaterThanOrEqual(1_000);
    }
    expect(user.id).toBe(chat.id);
  });

  it('edit the started message into the result with editStartedMessage, and post both without it', async () => {
    const { master, fake } = await servers();
    const editing = fake.privateChat({ first_name: 'Editing' });
    const posting = fake.privateChat({ first_name: 'Posting' });
    await bot(master, fake, { chatIds: [editing.chat.id], notifyEvents: ['started', 'finished'], editStartedMessage: true });
    await runBuilds(master, fake, 1);
    await fake.waitFor(() => fake.sentMessages(editing.chat.id).some((m) => /completed successfully/.test(m.text)), 10_000);
    const [message, ...others] = fake.sentMessages(editing.chat.id);
    expect(others).toEqual([]);
    expect(message?.versions.map((v) => v.text.slice(0, 29))).toEqual(['Build #1 of fast-pass started', 'Build #1 of fast-pass complet']);

    await bot(master, fake, { chatIds: [posting.chat.id], notifyEvents: ['started', 'finished'] });
    await runBuilds(master, fake, 1);
    await fake.waitFor(() => fake.sentMessages(posting.chat.id).length === 2, 10_000);
    expect(fake.sentMessages(posting.chat.id).map((m) => m.versions.length)).toEqual([1, 1]);
  });

  it('are retried after 5xx answers and delivered once', async () => {
    const { master, fake } = await servers();
    const { chat } = fake.privateChat();
    await bot(master, fake, { chatIds: [chat.id], notifyEvents: ['finished'] });
    fake.failNext(2, { code: 500 }, { methods: ['sendMessage'] });
    fake.failNext(1, { code: 502 }, { methods: ['sendMessage'] });
    await runBuilds(master, fake, 1);
    await fake.waitFor(() => finishedTexts(fake, chat.id).length === 1, 20_000);
    await fake.waitFor(() => fake.callsTo('sendMessage').length === 4);
    expect(finishedTexts(fake, chat.id)).toHaveLength(1);
  });

  it('drop the subscriptions of a chat that blocked the bot, and keep the others', async () => {
    const { master, fake } = await servers();
    const blocked = fake.privateChat({ first_name: 'Gone' });
    const staying = fake.privateChat({ first_name: 'Here' });
    const telegram = await bot(master, fake, { chatIds: [blocked.chat.id, staying.chat.id], notifyEvents: ['finished', 'failure'] });
    fake.blockChat(blocked.chat.id);
    await runBuilds(master, fake, 1);
    await fake.waitFor(() => finishedTexts(fake, staying.chat.id).length === 1, 10_000);
    await fake.waitFor(() => fake.callsTo('sendMessage').some((c) => c.params.chat_id === blocked.chat.id && c.status === 403));
    await telegram.bot.notifications.idle();
    await telegram.stop();
    const db = openDatabase(telegram.database);
    try {
      const rows = db.prepare('SELECT chat_id AS chatId, event FROM subscriptions ORDER BY event').all();
      expect(rows).toEqual([
        { chatId: String(staying.chat.id), event: 'failure' },
        { chatId: String(staying.chat.id), event: 'finished' },
      ]);
      expect(db.prepare('SELECT state, last_error AS lastError FROM outbox WHERE chat_id = ?').all(String(blocked.chat.id))).toEqual([
        { state: 'failed', lastError: '403: Forbidden: bot was blocked by the user' },
      ]);
    } finally {
      db.close();
    }
    // One refused message was enough: nothing more was tried for the blocked chat.
    expect(fake.callsTo('sendMessage').filter((c) => c.params.chat_id === blocked.chat.id)).toHaveLength(1);
  });

  it('follow a group upgraded to a supergroup: the pending notification and the subscriptions move to the new id', async () => {
    const { master, fake } = await servers();
    const group = fake.group('Builds', 'group');
    const telegram = await bot(master, fake, { chatIds: [group.id], notifyEvents: ['finished'] });
    const supergroup = fake.upgradeGroup(group.id);
    await runBuilds(master, fake, 2);
    await fake.waitFor(() => finishedTexts(fake, supergroup.id).length === 2, 10_000);
    expect(finishedTexts(fake, supergroup.id).map((t) => t.slice(0, 9))).toEqual(['Build #1 ', 'Build #2 ']);
    // one refusal at the old id, then everything goes to the new one
    expect(fake.callsTo('sendMessage').filter((c) => c.params.chat_id === group.id).map((c) => c.status)).toEqual([400]);
    await telegram.bot.notifications.idle();
    await telegram.stop();
    const db = openDatabase(telegram.database);
    try {
      expect(db.prepare('SELECT chat_id AS chatId, event FROM subscriptions').all()).toEqual([{ chatId: String(supergroup.id), event: 'finished' }]);
      expect(db.prepare("SELECT count(*) AS n FROM outbox WHERE state <> 'sent'").get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it("fan out at Telegram's own global limit without a single 429", async () => {
    // The bot paces at exactly the fake's 30 a second: only counting each call until its
    // answer keeps it within the limit as the fake counts it (on arrival).
    const { master, fake } = await servers({ rateLimits: { perSecond: 30, perChatPerSecond: 5, perChatBurst: 1, perGroupPerMinute: 600 } });
    const users: User[] = [];
    for (let i = 0; i < 40; i++) users.push(fake.privateChat().user);
    await bot(master, fake, {
      chatIds: users.map((u) => u.id),
      notifyEvents: ['finished'],
      limits: { globalPerSecond: 30, perChatPerSecond: 2, perGroupPerMinute: 500 },
    });
    await runBuilds(master, fake, 3);
    await fake.waitFor(() => users.every((u) => finishedTexts(fake, u.id).length === 3), 60_000);
    expect(fake.rateLimitHits).toEqual([]);
    expect(fake.tooManyRequestsSent).toBe(0);
  });
});

describe('what the adapter makes of refusals', () => {
  it('tells the outbox a chat that does not exist is gone for good, and throws on a passing failure', async () => {
    const { master, fake } = await servers();
    const { chat } = fake.privateChat();
    const started = await bot(master, fake, {});
    const telegram = started.bot.adapters.find((a) => a.name === 'telegram');
    if (!telegram) throw new Error('no telegram adapter');
    expect(await telegram.deliver('123', { text: 'hello' })).toEqual({ ok: false, permanent: true, reason: '400: Bad Request: chat not found' });
    expect(await telegram.deliver('@no_such_channel', { text: 'hello' })).toEqual({ ok: false, permanent: true, reason: '400: Bad Request: chat not found' });
    fake.failNext(1, { code: 'reset' }, { methods: ['sendMessage'] });
    await expect(telegram.deliver(String(chat.id), { text: 'hello' })).rejects.toThrow("Network request for 'sendMessage' failed!");
    expect(await telegram.deliver(String(chat.id), { text: '<b>not a tag</b> & more' })).toEqual({ ok: true });
    expect(fake.sentMessages(chat.id).map((m) => m.text)).toEqual(['<b>not a tag</b> & more']);
  });

  it('sends a message Telegram cannot parse again as plain text rather than losing it', async () => {
    const { fake } = await servers();
    const { chat } = fake.privateChat();
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot, pollTimeout: 1, limits: FAST_LIMITS });
    const sender = new TelegramSender(api, pino({ level: 'silent' }));
    await sender.send(String(chat.id), ['<b>broken &amp; unclosed']);
    expect(fake.sentMessages(chat.id).map((m) => [m.text, m.parseMode])).toEqual([['broken & unclosed', undefined]]);
    expect(fake.callsTo('sendMessage').map((c) => c.status)).toEqual([400, 200]);
  });
});

describe('replies to commands under flood control', () => {
  it('arrive in order when Telegram answers 429 in the middle', async () => {
    const { master, fake } = await servers();
    const { chat } = fake.privateChat();
    await bot(master, fake, {});
    fake.failNext(1, { code: 429, retryAfter: 1 }, { methods: ['sendMessage'] });
    expect((await ask(fake, chat.id, '/getid', { timeoutMs: 10_000 })).text).toMatch(/^Your id is /);
    expect(fake.tooManyRequestsSent).toBe(1);
  });
});
