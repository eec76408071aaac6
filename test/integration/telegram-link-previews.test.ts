/**
 * Buildbot's Telegram bot never disabled link previews (Buildbot bug 41): every notification
 * carries a build link, so every message grew a preview card of the Buildbot web UI. Ours asks
 * for none on every message it sends or edits: replies, toggles, forms, notifications, and the
 * plain-text copy sent when Telegram refuses our HTML.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelegramApi } from '../../src/adapters/telegram/telegram-api.js';
import { TelegramSender } from '../../src/adapters/telegram/telegram-sender.js';
import { startFakeTelegram, type FakeTelegram, type StoredMessage } from '../fakes/fake-telegram/server.js';
import { ask, Cleanups, FAST_LIMITS, startTelegramWorld, WAIT_MS } from '../support/telegram-bot.js';

const cleanups = new Cleanups();
afterEach(() => cleanups.run());

const NO_PREVIEW = { is_disabled: true };

/** Every sendMessage and editMessageText call's link_preview_options, by method. */
function previewOptions(fake: FakeTelegram): { sendMessage: unknown[]; editMessageText: unknown[] } {
  return {
    sendMessage: fake.callsTo('sendMessage').map((call) => call.params.link_preview_options),
    editMessageText: fake.callsTo('editMessageText').map((call) => call.params.link_preview_options),
  };
}

/** Presses a button and waits for the message to change (stored messages change in place). */
async function press(fake: FakeTelegram, message: StoredMessage, label: string): Promise<StoredMessage> {
  const before = message.text;
  fake.pressButton(message.chatId, message.messageId, { text: label });
  return fake.waitFor(() => {
    const now = fake.sentMessages(message.chatId).find((m) => m.messageId === message.messageId);
    return now && now.text !== before ? now : undefined;
  }, WAIT_MS);
}

describe('link previews on Telegram (Buildbot bug 41)', () => {
  it('are turned off on every reply, edit and notification the bot sends (Buildbot bug 41)', async () => {
    const w = await startTelegramWorld(cleanups, { editStartedMessage: true });
    await ask(w.fake, w.adminChat, '/getid');
    const toggles = await ask(w.fake, w.adminChat, '/notify on started finished');
    await press(w.fake, toggles, '🔕 failure');

    const builders = await ask(w.fake, w.adminChat, '/force');
    const form = await press(w.fake, builders, 'fast-pass');
    await press(w.fake, form, '🚀 Start');
    // The started notification is edited into the result, its link still in it. Force's own
    // answer starts with the same words and may come before or after it: the edit is what shows.
    await w.fake.waitFor(() => w.fake.callsTo('editMessageText').find((call) => /Build .*#1<\/a> of <b>fast-pass<\/b> completed successfully/.test(String(call.params.text))), WAIT_MS);
    await w.bot.bot.notifications.idle();

    const options = previewOptions(w.fake);
    // /getid, the toggles, the builder choice, the started notification
    expect(options.sendMessage.length).toBeGreaterThanOrEqual(4);
    // the toggle, the form twice, the notification
    expect(options.editMessageText.length).toBeGreaterThanOrEqual(4);
    expect(options.sendMessage).toEqual(options.sendMessage.map(() => NO_PREVIEW));
    expect(options.editMessageText).toEqual(options.editMessageText.map(() => NO_PREVIEW));
  });

  it('are turned off on the plain-text copy sent after Telegram refuses the HTML (Buildbot bug 41)', async () => {
    const fake = await startFakeTelegram();
    cleanups.add(() => fake.close());
    const { chat } = fake.privateChat();
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot, pollTimeout: 1, limits: FAST_LIMITS });
    const sender = new TelegramSender(api, pino({ level: 'silent' }));
    await sender.send(String(chat.id), ['<b>broken &amp; unclosed <a href="http://127.0.0.1:8010/#/builders/3/builds/1">#1</a>']);
    const calls = fake.callsTo('sendMessage');
    expect(calls.map((c) => [c.status, c.params.parse_mode, c.params.link_preview_options])).toEqual([
      [400, 'HTML', NO_PREVIEW],
      [200, undefined, NO_PREVIEW],
    ]);
    expect(fake.sentMessages(chat.id).map((m) => m.text)).toEqual(['broken & unclosed #1']);
  });
});
