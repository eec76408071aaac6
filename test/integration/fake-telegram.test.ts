import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot, GrammyError, HttpError, InputFile, webhookCallback } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions } from '../fakes/fake-telegram/server.js';

interface Answer {
  status: number;
  body: { ok: boolean; result?: unknown; error_code?: number; description?: string; parameters?: { retry_after?: number } };
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function fakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const fake = await startFakeTelegram(options);
  cleanup.push(() => fake.close());
  return fake;
}

/** A raw Bot API call, as JSON (default), a form, or the query string. */
async function api(fake: FakeTelegram, method: string, params: Record<string, unknown> = {}, options: { token?: string; as?: 'json' | 'form' | 'query' } = {}): Promise<Answer> {
  const as = options.as ?? 'json';
  const form = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  let url = `${fake.apiRoot}/bot${options.token ?? fake.token}/${method}`;
  let init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(params) };
  if (as === 'form') init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() };
  if (as === 'query') {
    url += `?${form.toString()}`;
    init = { method: 'GET' };
  }
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

function grammyBot(fake: FakeTelegram, client: ConstructorParameters<typeof Bot>[1] = {}): Bot {
  const bot = new Bot(fake.token, { ...client, client: { apiRoot: fake.apiRoot, ...client.client } });
  cleanup.push(async () => {
    if (bot.isRunning()) await bot.stop();
  });
  return bot;
}

/** A webhook endpoint on 127.0.0.1 that records what Telegram posts and answers as told. */
async function webhookReceiver(answer: () => { status: number; body?: string } = () => ({ status: 200 })) {
  const received: { headers: IncomingHttpHeaders; update: Update }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, update: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update });
      const { status, body } = answer();
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const settledWithin = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([promise.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))]);

describe('the fake Telegram Bot API: envelope and routing', () => {
  it('answers getMe, 401 Unauthorized for another token and 404 Not Found for an unknown method', async () => {
    const fake = await fakeTelegram({ token: '4242:secret-token', botUsername: 'ci_bot' });
    expect(await api(fake, 'getMe')).toEqual({
      status: 200,
      body: { ok: true, result: expect.objectContaining({ id: 4242, is_bot: true, username: 'ci_bot', first_name: 'Buildbot' }) },
    });
    expect(await api(fake, 'getMe', {}, { token: '4242:wrong' })).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
    expect(await api(fake, 'sendTelepathy')).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
    expect((await api(fake, 'GETME')).body.ok).toBe(true); // method names are case-insensitive
    const offPath = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage/extra`);
    expect([offPath.status, await offPath.json()]).toEqual([404, { ok: false, error_code: 404, description: 'Not Found' }]);
    expect(fake.calls.map((call) => [call.method, call.status])).toEqual([
      ['getMe', 200], ['getMe', 401], ['sendTelepathy', 404], ['getMe', 200], ['(not a /bot<token>/<method> path)', 404],
    ]);
    expect(JSON.stringify(fake.calls)).not.toContain('secret-token');
  });

  it('reads parameters from JSON, a form and the query string alike', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    for (const as of ['json', 'form', 'query'] as const) {
      const answer = await api(fake, 'sendMessage', { chat_id: chat.id, text: `via ${as}`, reply_markup: { inline_keyboard: [[{ text: 'Go', callback_data: 'go' }]] } }, { as });
      expect(answer.status).toBe(200);
    }
    expect(fake.sentMessages(chat.id).map((m) => [m.messageId, m.text, m.replyMarkup?.inline_keyboard[0]?.[0]?.text])).toEqual([
      [1, 'via json', 'Go'], [2, 'via form', 'Go'], [3, 'via query', 'Go'],
    ]);
  });

  it('returns Message objects shaped like the API: ids per chat, date, chat, from the bot, text, entities, keyboard', async () => {
    const fake = await fakeTelegram({ clock: () => 1_700_000_000_500 });
    const { chat } = fake.privateChat({ first_name: 'Ada', username: 'ada' });
    const group = fake.group('CI');
    await api(fake, 'sendMessage', { chat_id: group.id, text: 'first in the group' });
    const answer = await api(fake, 'sendMessage', { chat_id: chat.id, text: '  <b>green</b>  ', parse_mode: 'HTML', reply_markup: { inline_keyboard: [[{ text: 'Log', url: 'https://ci.example/log' }]] } });
    expect(answer.body.result).toEqual({
      message_id: 1,
      from: { id: fake.bot.id, is_bot: true, first_name: 'Buildbot', username: fake.bot.username },
      chat: { id: chat.id, type: 'private', first_name: 'Ada', username: 'ada' },
      date: 1_700_000_000,
      text: 'green',
      entities: [{ type: 'bold', offset: 0, length: 5 }],
      reply_markup: { inline_keyboard: [[{ text: 'Log', url: 'https://ci.example/log' }]] },
    });
    const channel = fake.channel('News', 'ci_news');
    const post = await api(fake, 'sendMessage', { chat_id: '@ci_news', text: 'posted' });
    expect(post.body.result).toMatchObject({ message_id: 1, sender_chat: { id: channel.id, type: 'channel' }, chat: { id: channel.id } });
    expect(post.body.result).not.toHaveProperty('from');
    const info = await api(fake, 'getChat', { chat_id: '@CI_news' });
    expect(info.body.result).toEqual({ id: channel.id, type: 'channel', title: 'News', username: 'ci_news', accent_color_id: 0, max_reaction_count: 11 });
    const missing = await api(fake, 'getChat', { chat_id: '@nobody_here' });
    expect([missing.status, missing.body.description]).toEqual([400, 'Bad Request: chat not found']);
  });
});

describe('getUpdates', () => {
  it('holds a long poll open until an update arrives, then returns it at once', async () => {
    const fake = await fakeTelegram();
    const { chat, user } = fake.privateChat();
    const started = Date.now();
    const poll = api(fake, 'getUpdates', { timeout: 10 });
    expect(await settledWithin(poll, 150)).toBe(false);
    fake.say(chat.id, 'hello');
    const answer = await poll;
    expect(Date.now() - started).toBeLessThan(2000);
    expect(answer.body.result).toEqual([
      {
        update_id: 500_000_001,
        message: { message_id: 1, from: user, chat: expect.objectContaining({ id: chat.id, type: 'private' }), date: expect.any(Number), text: 'hello' },
      },
    ]);
  });

  it('answers an empty list when the timeout passes without updates', async () => {
    const fake = await fakeTelegram();
    const started = Date.now();
    expect((await api(fake, 'getUpdates', { timeout: 1 })).body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('confirms updates below offset, honours limit, and keeps only the last ones for a negative offset', async () => {
    const fake = await fakeTelegram({ firstUpdateId: 10 });
    const { chat } = fake.privateChat();
    for (const text of ['a', 'b', 'c', 'd']) fake.say(chat.id, text);
    const ids = async (params: Record<string, unknown>) => ((await api(fake, 'getUpdates', params)).body.result as Update[]).map((u) => u.update_id);
    expect(await ids({ limit: 2 })).toEqual([10, 11]);
    expect(await ids({})).toEqual([10, 11, 12, 13]); // nothing confirmed yet
    expect(await ids({ offset: 12 })).toEqual([12, 13]);
    expect(await ids({})).toEqual([12, 13]); // 10 and 11 are gone for good
    fake.say(chat.id, 'e');
    expect(await ids({ offset: -1 })).toEqual([14]);
    expect(await ids({})).toEqual([14]);
    expect(fake.pendingUpdates).toBe(1);
  });

  it('ends a waiting poll with 409 when another one starts, and the newer one gets the update', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    const first = api(fake, 'getUpdates', { timeout: 10 });
    await fake.waitFor(() => fake.longPollWaiting);
    const second = api(fake, 'getUpdates', { timeout: 10 });
    expect(await first).toEqual({
      status: 409,
      body: { ok: false, error_code: 409, description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' },
    });
    fake.say(chat.id, 'for the second');
    expect(((await second).body.result as Update[])[0]?.message?.text).toBe('for the second');
  });

  it('answers 409 while a webhook is set, and ends a waiting poll when setWebhook is called', async () => {
    const fake = await fakeTelegram();
    const hook = await webhookReceiver();
    const waiting = api(fake, 'getUpdates', { timeout: 10 });
    await fake.waitFor(() => fake.longPollWaiting);
    expect((await api(fake, 'setWebhook', { url: hook.url })).body).toEqual({ ok: true, result: true, description: 'Webhook was set' });
    expect((await waiting).body).toEqual({ ok: false, error_code: 409, description: 'Conflict: terminated by setWebhook request' });
    expect(await api(fake, 'getUpdates')).toEqual({
      status: 409,
      body: { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" },
    });
    expect((await api(fake, 'deleteWebhook')).body).toEqual({ ok: true, result: true, description: 'Webhook was deleted' });
    expect((await api(fake, 'getUpdates')).body).toEqual({ ok: true, result: [] });
  });

  it('filters updates by allowed_updates as they arrive', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    await api(fake, 'sendMessage', { chat_id: chat.id, text: 'pick', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    await api(fake, 'getUpdates', { allowed_updates: ['callback_query'] });
    fake.say(chat.id, 'dropped');
    fake.pressButton(chat.id, 1, { data: 'a' });
    const updates = (await api(fake, 'getUpdates', { allowed_updates: [] })).body.result as Update[];
    expect(updates.map((u) => Object.keys(u).filter((k) => k !== 'update_id'))).toEqual([['callback_query']]);
  });

  it('can hold a repeated short poll like Telegram does (3 s there), when asked to', async () => {
    const fake = await fakeTelegram({ repeatedShortPollHoldMs: 300 });
    await api(fake, 'getUpdates', { offset: 7 });
    const started = Date.now();
    await api(fake, 'getUpdates', { offset: 7 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });
});

describe('grammY against the fake', () => {
  it('long polls with bot.start(), answers a /command, and bot.stop() confirms the offset at once', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat({ first_name: 'Ada' });
    const bot = grammyBot(fake);
    bot.command('status', (ctx) => ctx.reply(`<b>${ctx.match || 'all'}</b> green`, { parse_mode: 'HTML' }));
    const running = bot.start({ timeout: 30 });
    const { update } = fake.say(chat.id, '/status main');
    expect(update?.message?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 7 }]);
    const reply = await fake.nextMessage(chat.id);
    expect([reply.text, reply.entities, reply.source, reply.parseMode]).toEqual(['main green', [{ type: 'bold', offset: 0, length: 4 }], '<b>main</b> green', 'HTML']);

    const stopping = Date.now();
    await bot.stop();
    await running;
    expect(Date.now() - stopping).toBeLessThan(500);
    // bot.stop() aborts the waiting poll and confirms with one short poll at the next offset
    expect(fake.callsTo('getUpdates').filter((call) => call.params.limit === 1).map((call) => call.params)).toEqual([{ offset: (update?.update_id ?? 0) + 1, limit: 1 }]);
    expect(fake.pendingUpdates).toBe(0);
  });

  it('delivers a button press with its callback_data; the answer and the edit are recorded', async () => {
    const fake = await fakeTelegram();
    const { chat, user } = fake.privateChat();
    const bot = grammyBot(fake);
    bot.on('callback_query:data', async (ctx) => {
      await ctx.answerCallbackQuery({ text: `stopping ${ctx.callbackQuery.data}` });
      await ctx.editMessageText('Build 12 stopped');
    });
    void bot.start();
    const sent = await bot.api.sendMessage(chat.id, 'Build 12 running', { reply_markup: { inline_keyboard: [[{ text: 'Stop', callback_data: 'stop 12' }]] } });
    const { callback, update } = fake.pressButton(chat.id, sent.message_id, { text: 'Stop' });
    expect(update?.callback_query).toMatchObject({ from: user, data: 'stop 12', message: { message_id: sent.message_id, text: 'Build 12 running' } });
    await fake.waitFor(() => fake.sentMessages(chat.id)[0]?.text === 'Build 12 stopped');
    expect(fake.callback(callback.id)?.answer).toEqual({ text: 'stopping stop 12', showAlert: false });
    const [message] = fake.sentMessages(chat.id);
    expect(message?.replyMarkup).toBeNull(); // an edit without reply_markup removes the keyboard
    expect(message?.versions.map((v) => v.text)).toEqual(['Build 12 running', 'Build 12 stopped']);
  });

  it('surfaces 429 as a GrammyError with parameters.retry_after, and auto-retry waits it out', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    const bot = grammyBot(fake);
    fake.failNext(1, { code: 429, retryAfter: 7 }, { methods: ['sendMessage'] });
    const error = await bot.api.sendMessage(chat.id, 'hi').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 429, description: 'Too Many Requests: retry after 7', parameters: { retry_after: 7 } });

    bot.api.config.use(autoRetry());
    fake.failNext(1, { code: 429, retryAfter: 1 });
    const started = Date.now();
    await bot.api.sendMessage(chat.id, 'after the wait');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.tooManyRequestsSent).toBe(2);
    expect(fake.sentMessages(chat.id).map((m) => m.text)).toEqual(['after the wait']);
  });

  it('answers 403 to a chat that blocked the bot, 500 as JSON, and 502 and resets as transport failures', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    const group = fake.group('CI', 'group');
    const bot = grammyBot(fake);
    fake.blockChat(chat.id);
    fake.blockChat(group.id);
    await expect(bot.api.sendMessage(chat.id, 'x')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    await expect(bot.api.sendMessage(group.id, 'x')).rejects.toMatchObject({ error_code: 403, description: 'Forbidden: bot was kicked from the group chat' });
    fake.unblockChat(chat.id);
    fake.failNext(1, { code: 500 });
    await expect(bot.api.sendMessage(chat.id, 'x')).rejects.toMatchObject({ error_code: 500, description: 'Internal Server Error' });
    fake.failNext(1, { code: 502 });
    await expect(bot.api.sendMessage(chat.id, 'x')).rejects.toBeInstanceOf(HttpError);
    fake.failNext(1, { code: 'reset' });
    await expect(bot.api.sendMessage(chat.id, 'x')).rejects.toBeInstanceOf(HttpError);
    expect((await bot.api.sendMessage(chat.id, 'through')).text).toBe('through');
  });

  it('fails every call for a while with failFor, then recovers', async () => {
    let now = 1_700_000_000_000;
    const fake = await fakeTelegram({ clock: () => now });
    const { chat } = fake.privateChat();
    fake.failFor(5_000, { code: 500 }, { methods: ['sendMessage'] });
    expect((await api(fake, 'sendMessage', { chat_id: chat.id, text: 'a' })).status).toBe(500);
    expect((await api(fake, 'getMe')).status).toBe(200);
    expect((await api(fake, 'sendMessage', { chat_id: chat.id, text: 'b' })).status).toBe(500);
    now += 5_000;
    expect((await api(fake, 'sendMessage', { chat_id: chat.id, text: 'c' })).status).toBe(200);
  });
});

describe('sendMessage checks', () => {
  const bad = (description: string) => ({ status: 400, body: { ok: false, error_code: 400, description: `Bad Request: ${description}` } });

  it('parses Telegram HTML into text and entities', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    const html =
      '<b>bold <i>both</i></b> <a href="https://example.org/x?a=1&amp;b=2">link</a> <code>x</code> ' +
      '<pre><code class="language-ts">let a</code></pre> <tg-spoiler>s</tg-spoiler> <span class="tg-spoiler">t</span> ' +
      '<blockquote>q</blockquote> <s>x</s><u>y</u> &lt;&gt;&quot;&#33;';
    const answer = await api(fake, 'sendMessage', { chat_id: chat.id, text: html, parse_mode: 'HTML' });
    expect(answer.body.result).toMatchObject({
      text: 'bold both link x let a s t q xy <>"!',
      entities: [
        { type: 'bold', offset: 0, length: 9 },
        { type: 'italic', offset: 5, length: 4 },
        { type: 'text_link', offset: 10, length: 4, url: 'https://example.org/x?a=1&b=2' },
        { type: 'code', offset: 15, length: 1 },
        { type: 'pre', offset: 17, length: 5, language: 'ts' },
        { type: 'spoiler', offset: 23, length: 1 },
        { type: 'spoiler', offset: 25, length: 1 },
        { type: 'blockquote', offset: 27, length: 1 },
        { type: 'strikethrough', offset: 29, length: 1 },
        { type: 'underline', offset: 30, length: 1 },
      ],
    });
  });

  it.each([
    ['<div>x</div>', 'Unsupported start tag "div" at byte offset 0'],
    ['<b>bold', 'Can\'t find end tag corresponding to start tag "b"'],
    ['é <b>x</i>', 'Unmatched end tag at byte offset 7, expected "</b>", found "</i>"'],
    ['1 < 2', 'Unsupported start tag "" at byte offset 2'],
    ['x </b>', 'Unexpected end tag at byte offset 2'],
    ['<span>x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ['ok <b', 'Unclosed start tag at byte offset 3'],
    ['Tom & Jerry', 'Unescaped "&" at byte offset 4; write it as "&amp;"'],
  ])('refuses %j with "can\'t parse entities: %s"', async (text, detail) => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    expect(await api(fake, 'sendMessage', { chat_id: chat.id, text, parse_mode: 'HTML' })).toEqual(bad(`can't parse entities: ${detail}`));
    expect(fake.sentMessages(chat.id)).toEqual([]);
  });

  it('keeps a bare & as text when strict entities are off, as Telegram itself does', async () => {
    const fake = await fakeTelegram({ strictHtmlEntities: false });
    const { chat } = fake.privateChat();
    expect((await api(fake, 'sendMessage', { chat_id: chat.id, text: 'Tom & Jerry &nbsp;', parse_mode: 'HTML' })).body.result).toMatchObject({ text: 'Tom & Jerry &nbsp;' });
  });

  it('counts the 4096 limit after entity parsing, and refuses empty text and unknown chats', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    expect((await api(fake, 'sendMessage', { chat_id: chat.id, text: `<b>${'a'.repeat(4096)}</b>`, parse_mode: 'HTML' })).status).toBe(200);
    expect(await api(fake, 'sendMessage', { chat_id: chat.id, text: 'a'.repeat(4097) })).toEqual(bad('message is too long'));
    expect(await api(fake, 'sendMessage', { chat_id: chat.id, text: '' })).toEqual(bad('message text is empty'));
    expect(await api(fake, 'sendMessage', { chat_id: chat.id, text: '<b> </b>', parse_mode: 'HTML' })).toEqual(bad('message text is empty'));
    expect(await api(fake, 'sendMessage', { chat_id: 123, text: 'x' })).toEqual(bad('chat not found'));
    expect(await api(fake, 'sendMessage', { chat_id: '@nobody', text: 'x' })).toEqual(bad('chat not found'));
  });

  it('limits callback_data to 64 bytes and wants an action on every inline button', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    const send = (button: Record<string, unknown>) => api(fake, 'sendMessage', { chat_id: chat.id, text: 'k', reply_markup: { inline_keyboard: [[{ text: 'b', ...button }]] } });
    expect((await send({ callback_data: 'x'.repeat(64) })).status).toBe(200);
    expect(await send({ callback_data: 'x'.repeat(65) })).toEqual(bad('BUTTON_DATA_INVALID'));
    expect((await send({ callback_data: 'я'.repeat(32) })).status).toBe(200); // 64 bytes
    expect(await send({ callback_data: 'я'.repeat(33) })).toEqual(bad('BUTTON_DATA_INVALID'));
    expect(await send({})).toEqual(bad("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"));
    expect(await api(fake, 'sendMessage', { chat_id: chat.id, text: 'k', reply_markup: '{oops' })).toEqual(bad("can't parse reply keyboard markup JSON object"));
  });
});

describe('editing, deleting, answering, commands, chat actions', () => {
  const bad = (description: string) => ({ status: 400, body: { ok: false, error_code: 400, description: `Bad Request: ${description}` } });

  it('edits text and keyboard, keeping every version, and refuses an edit that changes nothing', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    const keyboard = { inline_keyboard: [[{ text: 'Stop', callback_data: 'stop' }]] };
    await api(fake, 'sendMessage', { chat_id: chat.id, text: 'running', reply_markup: keyboard });
    const edited = await api(fake, 'editMessageText', { chat_id: chat.id, message_id: 1, text: '<i>running</i>', parse_mode: 'HTML', reply_markup: keyboard });
    expect(edited.body.result).toMatchObject({ message_id: 1, text: 'running', edit_date: expect.any(Number), entities: [{ type: 'italic', offset: 0, length: 7 }] });
    expect(await api(fake, 'editMessageText', { chat_id: chat.id, message_id: 1, text: '<i>running</i>', parse_mode: 'HTML', reply_markup: keyboard })).toEqual(
      bad('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message'),
    );
    expect((await api(fake, 'editMessageReplyMarkup', { chat_id: chat.id, message_id: 1 })).body.result).not.toHaveProperty('reply_markup');
    expect(await api(fake, 'editMessageText', { chat_id: chat.id, message_id: 9, text: 'x' })).toEqual(bad('message to edit not found'));
    const [message] = fake.sentMessages(chat.id);
    expect(message?.versions.map((v) => [v.source, v.replyMarkup === null])).toEqual([['running', false], ['<i>running</i>', false], ['<i>running</i>', true]]);
  });

  it('deletes messages and answers a callback query once', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    await api(fake, 'sendMessage', { chat_id: chat.id, text: 'bye', reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] } });
    const { callback } = fake.pressButton(chat.id, 1, { data: 'a' });
    expect((await api(fake, 'answerCallbackQuery', { callback_query_id: callback.id, text: 'done', show_alert: true })).body).toEqual({ ok: true, result: true });
    expect(await api(fake, 'answerCallbackQuery', { callback_query_id: callback.id })).toEqual(bad('query is too old and response timeout expired or query ID is invalid'));
    expect(fake.callback(callback.id)?.answer).toEqual({ text: 'done', showAlert: true });
    expect((await api(fake, 'deleteMessage', { chat_id: chat.id, message_id: 1 })).body.result).toBe(true);
    expect(await api(fake, 'deleteMessage', { chat_id: chat.id, message_id: 1 })).toEqual(bad('message to delete not found'));
    expect(fake.sentMessages(chat.id)).toEqual([]);
    expect(fake.sentMessages(chat.id, { includeDeleted: true })).toHaveLength(1);
  });

  it('lets a forged callback carry any data, for a message that may not exist', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    const { update } = fake.forgeCallback(chat.id, 'force --props=evil', { messageId: 77 });
    expect(update?.callback_query).toMatchObject({ data: 'force --props=evil', message: { message_id: 77, date: 0, chat: { id: chat.id } } });
    expect(() => fake.pressButton(chat.id, 77, { data: 'x' })).toThrow(/no message 77/);
  });

  it('keeps commands per scope and language, with Telegram\'s checks', async () => {
    const fake = await fakeTelegram();
    const commands = [{ command: 'status', description: 'Show builders' }];
    expect((await api(fake, 'setMyCommands', { commands })).body.result).toBe(true);
    await api(fake, 'setMyCommands', { commands: [{ command: 'force', description: 'Force a build' }], scope: { type: 'all_group_chats' }, language_code: 'de' });
    expect((await api(fake, 'getMyCommands')).body.result).toEqual(commands);
    expect(fake.commands({ type: 'all_group_chats' }, 'de')).toEqual([{ command: 'force', description: 'Force a build' }]);
    expect(await api(fake, 'setMyCommands', { commands: [{ command: 'Force-Build', description: 'x' }] })).toEqual(bad('BOT_COMMAND_INVALID'));
    expect(await api(fake, 'setMyCommands', { commands: [{ command: 'x', description: ' ' }] })).toEqual(bad('command description must be non-empty'));
  });

  it('records chat actions and refuses unknown ones', async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    expect((await api(fake, 'sendChatAction', { chat_id: chat.id, action: 'typing' })).body.result).toBe(true);
    expect(await api(fake, 'sendChatAction', { chat_id: chat.id, action: 'dancing' })).toEqual(bad('wrong parameter action in request'));
    expect(fake.chatActions.map((a) => [a.chatId, a.action])).toEqual([[chat.id, 'typing']]);
  });
});

describe('webhook delivery', () => {
  it('POSTs queued updates with the secret header, retries a failing webhook and reports it in getWebhookInfo', async () => {
    const fake = await fakeTelegram({ webhookRetryMs: 20 });
    const { chat } = fake.privateChat();
    let status = 500;
    const hook = await webhookReceiver(() => ({ status }));
    fake.say(chat.id, 'queued before the webhook');
    expect((await api(fake, 'setWebhook', { url: hook.url, secret_token: 'hook-secret_1' })).body.ok).toBe(true);
    await fake.waitFor(() => hook.received.length >= 2, 2000);
    const info = (await api(fake, 'getWebhookInfo')).body.result;
    expect(info).toMatchObject({ url: hook.url, pending_update_count: 1, last_error_message: 'Wrong response from the webhook: 500 Internal Server Error', max_connections: 40 });
    status = 200;
    fake.say(chat.id, 'second');
    await fake.waitFor(() => fake.pendingUpdates === 0, 2000);
    const texts = hook.received.map((r) => r.update.message?.text);
    expect(new Set(texts)).toEqual(new Set(['queued before the webhook', 'second']));
    expect(texts.at(-1)).toBe('second');
    expect(hook.received.every((r) => r.headers['x-telegram-bot-api-secret-token'] === 'hook-secret_1')).toBe(true);
  });

  it("feeds grammY's webhookCallback, which refuses a wrong or missing secret and runs a webhook reply", async () => {
    const fake = await fakeTelegram();
    const { chat } = fake.privateChat();
    const bot = grammyBot(fake, { client: { canUseWebhookReply: (method) => method === 'sendMessage' } });
    bot.command('ping', (ctx) => ctx.reply('pong'));
    const handle = webhookCallback(bot, 'http', { secretToken: 'right-secret' });
    const server = createServer((request, response) => void handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await bot.api.setWebhook(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { secret_token: 'right-secret' });

    const forged = fake.textUpdate(chat.id, '/ping');
    expect((await fake.postToWebhook(forged, { secretToken: 'wrong' })).status).toBe(401);
    expect((await fake.postToWebhook(forged, { secretToken: null })).status).toBe(401);
    expect(fake.sentMessages(chat.id)).toEqual([]);

    fake.say(chat.id, '/ping');
    const reply = await fake.nextMessage(chat.id);
    expect(reply.text).toBe('pong');
    // the reply came back in the webhook's answer, not as a request of its own
    expect(await fake.waitFor(() => fake.callsTo('sendMessage').at(-1))).toMatchObject({ viaWebhookReply: true, status: 200 });
  });

  it('accepts a certificate upload as multipart/form-data', async () => {
    const fake = await fakeTelegram();
    const hook = await webhookReceiver();
    const bot = grammyBot(fake);
    await bot.api.setWebhook(hook.url, { certificate: new InputFile(Buffer.from('-----BEGIN CERTIFICATE-----\n'), 'cert.pem'), max_connections: 5 });
    expect(await bot.api.getWebhookInfo()).toMatchObject({ url: hook.url, has_custom_certificate: true, max_connections: 5 });
    expect(fake.callsTo('setWebhook')[0]?.params).toMatchObject({ url: hook.url, max_connections: '5', certificate: expect.stringMatching(/^attach:\/\//) });
  });

  it('refuses a webhook that is not on this machine', async () => {
    const fake = await fakeTelegram();
    expect((await api(fake, 'setWebhook', { url: 'https://bot.example.org/hook' })).body.description).toBe(
      'Bad Request: bad webhook: the fake Telegram delivers only to loopback addresses',
    );
  });
});

describe('flood control', () => {
  it('answers 429 with retry_after past a chat\'s burst, and lets the chat write again a second later', async () => {
    let now = 1_700_000_000_000;
    const fake = await fakeTelegram({ clock: () => now, rateLimits: { perChatPerSecond: 1, perChatBurst: 2 } });
    const { chat } = fake.privateChat();
    const send = (text: string) => api(fake, 'sendMessage', { chat_id: chat.id, text });
    expect((await send('1')).status).toBe(200);
    expect((await send('2')).status).toBe(200);
    expect(await send('3')).toEqual({
      status: 429,
      body: { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } },
    });
    now += 1000;
    expect((await send('3')).status).toBe(200);
    expect(fake.rateLimitHits).toEqual([{ method: 'sendMessage', chatId: chat.id, rule: 'chat', retryAfter: 1, at: 1_700_000_000_000 }]);
    expect(fake.tooManyRequestsSent).toBe(1);
  });

  it('limits a group per minute and all chats together per second', async () => {
    let now = 1_700_000_000_000;
    const fake = await fakeTelegram({ clock: () => now, rateLimits: { perSecond: 3, perChatBurst: 10, perGroupPerMinute: 2 } });
    const group = fake.group('CI');
    expect((await api(fake, 'sendMessage', { chat_id: group.id, text: 'a' })).status).toBe(200);
    now += 10_000;
    expect((await api(fake, 'sendMessage', { chat_id: group.id, text: 'b' })).status).toBe(200);
    now += 10_000;
    const limited = await api(fake, 'sendMessage', { chat_id: group.id, text: 'c' });
    expect(limited.body.parameters).toEqual({ retry_after: 40 });

    const chats = [fake.privateChat().chat, fake.privateChat().chat, fake.privateChat().chat, fake.privateChat().chat];
    const statuses = [];
    for (const chat of chats) statuses.push((await api(fake, 'sendMessage', { chat_id: chat.id, text: 'x' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(fake.rateLimitHits.map((hit) => hit.rule)).toEqual(['group', 'global']);
  });
});
