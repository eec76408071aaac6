/**
 * The Bot API answering 500 for 30 s, then 429 (retry_after 5) for 30 s, during a burst of real
 * builds: once it answers again, every completed build's finished message reaches each chat
 * exactly once, and the chats keep their subscriptions.
 */
import { afterAll, expect, inject, it } from 'vitest';
import { Subscriptions } from '../../src/store/subscriptions.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram/server.js';
import { startTelegramBot, type TelegramBot } from '../support/telegram-bot.js';
import { quietBuilder, burst, completedBuilds, masterIdle } from './support/fault-scene.js';

const url = inject('buildbotUrl');
let fake: FakeTelegram | undefined;
let bot: TelegramBot | undefined;

afterAll(async () => {
  await bot?.stop();
  bot?.remove();
  await fake?.close();
});

const told = (chatId: number) =>
  fake!.sentMessages(chatId).flatMap((message) => {
    // the group's failures name the owner of the forced build first (issue 15), the private chat's do not
    const match = /^(?:e2e test: )?Build #(\d+) of fast-fail failed/.exec(message.text);
    return match ? [Number(match[1])] : [];
  });

it('delivers every notification once after 30 s of 500s and 30 s of 429s', async () => {
  const builder = await quietBuilder(url, 'fast-fail');
  const { before } = builder;

  fake = await startFakeTelegram();
  const group = fake.group('Builds');
  const { chat } = fake.privateChat();
  bot = await startTelegramBot({ masterUrl: url, fake, telegram: { chatIds: [group.id, chat.id], notifyEvents: ['finished'] } });

  fake.failFor(30_000, { code: 500 }, { methods: ['sendMessage'] });
  await burst(url, 'fast-fail', 5);
  await new Promise((resolve) => setTimeout(resolve, 15_000));
  fake.failFor(30_000, { code: 429, retryAfter: 5 }, { methods: ['sendMessage'] });
  await burst(url, 'fast-fail', 5);
  await masterIdle(url, builder.builderid);
  const builds = (await completedBuilds(url, builder.builderid, before)).map((build) => build.number);
  expect(builds).toHaveLength(10);

  const deadline = Date.now() + 120_000;
  while ((told(group.id).length < builds.length || told(chat.id).length < builds.length) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // a duplicate would arrive now
  expect([...told(group.id)].sort((a, b) => a - b)).toEqual(builds);
  expect([...told(chat.id)].sort((a, b) => a - b)).toEqual(builds);
  const subscribed = new Subscriptions(bot.bot.db).subscribersOf('finished').map((sub) => sub.chatId);
  expect(subscribed.sort()).toEqual([String(group.id), String(chat.id)].sort());
});
