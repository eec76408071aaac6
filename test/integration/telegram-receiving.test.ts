/**
 * How updates reach the bot: long polling from an offset kept across restarts, and a webhook
 * on the bot's HTTP server that only Telegram (knowing the secret token) can use.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram/server.js';
import { ask, Cleanups, startTelegramBot, startWebhookTelegramBot, type TelegramBot } from '../support/telegram-bot.js';

const cleanups = new Cleanups();
afterEach(() => cleanups.run());

async function servers(): Promise<{ master: FakeMaster; fake: FakeTelegram }> {
  const master = await startFakeMaster();
  cleanups.add(() => master.close());
  const fake = await startFakeTelegram();
  cleanups.add(() => fake.close());
  return { master, fake };
}

describe('long polling', () => {
  it('continues after a restart from the stored offset: updates sent while down are answered once', async () => {
    const { master, fake } = await servers();
    const { chat } = fake.privateChat();
    const first = await startTelegramBot({ masterUrl: master.url, fake });
    cleanups.add(() => first.remove());
    const before = await ask(fake, chat.id, '/getid');
    await first.stop();

    const { update } = fake.say(chat.id, '/version');
    const pollsBefore = fake.callsTo('getUpdates').length;
    const second = await startTelegramBot({ masterUrl: master.url, fake, database: first.database });
    cleanups.add(() => second.stop());
    const reply = await fake.nextMessage(chat.id, () => true);
    expect(reply.text).toMatch(/^This is buildbot-chat/);
    // The first poll after the restart starts at the stored offset: the update sent while down.
    expect(fake.callsTo('getUpdates')[pollsBefore]?.params.offset).toBe(update?.update_id);
    await ask(fake, chat.id, '/getid');
    expect(fake.sentMessages(chat.id).map((m) => m.text)).toEqual([before.text, reply.text, before.text]);
  });

  it('polls again after Telegram fails, and clears a webhook left from an earlier run', async () => {
    const { master, fake } = await servers();
    const { chat } = fake.privateChat();
    const set = await fetch(`${fake.apiRoot}/bot${fake.token}/setWebhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'http://127.0.0.1:9/old-hook' }) });
    expect(set.status).toBe(200);
    fake.failNext(2, { code: 500 }, { methods: ['getUpdates'] });
    const bot = await startTelegramBot({ masterUrl: master.url, fake });
    cleanups.add(() => bot.remove());
    cleanups.add(() => bot.stop());
    expect((await ask(fake, chat.id, '/getid')).text).toMatch(/^Your id is/);
    expect(fake.callsTo('getUpdates').slice(0, 2).map((c) => c.status)).toEqual([500, 500]);
    expect(fake.callsTo('deleteWebhook')).toHaveLength(1);
    expect(fake.webhookInfo.url).toBe('');
    expect(bot.bot.adapters.find((a) => a.name === 'telegram')?.isConnected()).toBe(true);
  });
});

describe('start', () => {
  it('starts while Telegram cannot say who the bot is, asks again, then takes "/cmd@bot" and sets the menu', async () => {
    const { master, fake } = await servers();
    const { chat } = fake.privateChat();
    fake.failNext(3, { code: 500 }, { methods: ['getMe'] });
    const bot = await startTelegramBot({ masterUrl: master.url, fake });
    cleanups.add(() => bot.remove());
    cleanups.add(() => bot.stop());
    await fake.waitFor(() => fake.callsTo('setMyCommands').length > 0, 10_000);
    expect(fake.callsTo('getMe').map((c) => c.status)).toEqual([500, 500, 500, 200]);
    expect((await ask(fake, chat.id, `/getid@${fake.bot.username}`)).text).toMatch(/^Your id is/);
  });
});

describe('webhook', () => {
  const secret = 'hook-secret_42';

  async function webhookBot(master: FakeMaster, fake: FakeTelegram): Promise<{ bot: TelegramBot; url: string }> {
    const { bot, url } = await startWebhookTelegramBot({ masterUrl: master.url, fake, secret });
    cleanups.add(() => bot.remove());
    cleanups.add(() => bot.stop());
    return { bot, url };
  }

  it('registers the URL with its secret token, trying again while Telegram fails, and answers what Telegram posts', async () => {
    const { master, fake } = await servers();
    const { chat } = fake.privateChat();
    fake.failNext(2, { code: 500 }, { methods: ['setWebhook'] });
    const { bot, url } = await webhookBot(master, fake);
    await fake.waitFor(() => fake.callsTo('setWebhook').some((c) => c.status === 200));
    expect(fake.webhookInfo).toMatchObject({ url, allowed_updates: ['message', 'callback_query'], max_connections: 1 });
    expect(fake.callsTo('setWebhook').map((c) => [c.status, c.params.url, c.params.secret_token])).toEqual([
      [500, url, secret],
      [500, url, secret],
      [200, url, secret],
    ]);
    await fake.waitFor(() => bot.bot.adapters.find((a) => a.name === 'telegram')?.isConnected());
    expect((await ask(fake, chat.id, '/getid')).text).toMatch(/^Your id is/);
    expect(fake.callsTo('getUpdates')).toEqual([]);
  });

  it('refuses requests with a wrong or no secret token over real HTTP, and handles a repeated update once', async () => {
    const { master, fake } = await servers();
    const { chat } = fake.privateChat();
    const { url } = await webhookBot(master, fake);
    const forged = fake.textUpdate(chat.id, '/stop build slow');
    expect(await fake.postToWebhook(forged, { secretToken: 'hook-secret_43' })).toMatchObject({ status: 401 });
    expect(await fake.postToWebhook(forged, { secretToken: null })).toMatchObject({ status: 401 });
    const empty = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': '' }, body: JSON.stringify(forged) });
    expect(empty.status).toBe(401);
    expect(fake.sentMessages(chat.id)).toEqual([]);

    const next = fake.nextMessage(chat.id, () => true);
    const { update } = fake.say(chat.id, '/getid');
    await next;
    if (!update) throw new Error('no update queued');
    // Telegram delivers again when an answer is lost: the same update_id is not run twice.
    expect(await fake.postToWebhook(update)).toMatchObject({ status: 200 });
    expect((await ask(fake, chat.id, '/version')).text).toMatch(/^This is buildbot-chat/);
    expect(fake.sentMessages(chat.id).map((m) => m.text.slice(0, 11))).toEqual(['Your id is ', 'This is bui']);
  });

  it('handles every update posted out of order by concurrent connections, each once, and skips only repeats', async () => {
    const { master, fake } = await servers();
    const { chat } = fake.privateChat();
    await webhookBot(master, fake);
    // Built in update_id order, posted by 8 connections at once: later ids often arrive first.
    const updates = Array.from({ length: 200 }, (_, i) => ({ ...fake.textUpdate(chat.id, '/getid'), update_id: 7_000 + i }));
    const statuses: number[] = [];
    const queue = [...updates];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let update = queue.pop(); update; update = queue.pop()) statuses.push((await fake.postToWebhook(update)).status);
      }),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(200);
    await fake.waitFor(() => fake.sentMessages(chat.id).length >= 200, 15_000).catch(() => undefined);
    expect(fake.sentMessages(chat.id)).toHaveLength(200);
    // Telegram posting some again (a lost answer): none is handled twice.
    for (const update of updates.slice(0, 20)) expect(await fake.postToWebhook(update)).toMatchObject({ status: 200 });
    expect((await ask(fake, chat.id, '/version')).text).toMatch(/^This is buildbot-chat/);
    expect(fake.sentMessages(chat.id).filter((m) => m.text.startsWith('Your id is'))).toHaveLength(200);
  });
});
