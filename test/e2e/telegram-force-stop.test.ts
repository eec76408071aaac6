/**
 * The Telegram adapter end to end on the real test master (the Bot API is the in-repo fake,
 * since no test reaches Telegram): a user fills in the /force form with buttons and a typed
 * value, the master runs the build with those parameters, and /stop's button cancels it.
 */
import type { User } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { CANCELLED } from '../../src/buildbot/results.js';
import { buildSchema } from '../../src/buildbot/schemas.js';
import { startFakeTelegram, type FakeTelegram, type StoredMessage } from '../fakes/fake-telegram/server.js';
import { ask, buttons, startTelegramBot, type TelegramBot } from '../support/telegram-bot.js';
import { getJson, getList } from './support/buildbot-rest.js';

const masterUrl = inject('buildbotUrl');

let fake: FakeTelegram;
let bot: TelegramBot;
let admin: User;
let chatId: number;

beforeAll(async () => {
  fake = await startFakeTelegram();
  const chat = fake.privateChat({ first_name: 'Ada', username: 'ada' });
  admin = chat.user;
  chatId = chat.chat.id;
  bot = await startTelegramBot({
    masterUrl,
    fake,
    telegram: { authz: { '!': [admin.id] } },
    bot: { timing: { buildStartWaitMs: 30_000, buildStopWaitMs: 30_000, pollIntervalMs: 200 } },
  });
});

afterAll(async () => {
  await bot?.stop();
  bot?.remove();
  await fake?.close();
});

/** Presses the button whose label starts with `label`; resolves when the message has changed. */
async function press(message: StoredMessage, label: string): Promise<StoredMessage> {
  const before = message.text + JSON.stringify(message.replyMarkup);
  const text = buttons(message).flat().find((b) => b.startsWith(label));
  if (text === undefined) throw new Error(`no button '${label}' in ${JSON.stringify(buttons(message))}`);
  fake.pressButton(message.chatId, message.messageId, { text });
  return fake.waitFor(() => (message.text + JSON.stringify(message.replyMarkup) !== before ? message : undefined), 10_000);
}

const propertiesSchema = z.object({ builds: z.array(z.object({ properties: z.record(z.string(), z.tuple([z.unknown(), z.string()])) })) });

describe('Telegram on the real master', () => {
  let buildNumber = 0;

  it('starts a build from the /force form with the parameters chosen', async () => {
    const offer = await ask(fake, chatId, '/force', { timeoutMs: 10_000 });
    let form = await press(offer, 'slow');
    expect(form.text).toMatch(/^Force a build of slow\nReason: forced\nbranch: main\n/);
    form = await press(await press(form, '✏️ Outcome'), 'pass');
    form = await press(await press(form, '✏️ Clean build'), 'Yes');
    await press(form, '✏️ Duration');
    form = await ask(fake, chatId, '120', { match: 'Force a build of slow' });
    await press(form, '✏️ Reason');
    form = await ask(fake, chatId, 'from the telegram e2e test', { match: 'Force a build of slow' });
    expect(form.text).toContain('Reason: from the telegram e2e test\n');

    const started = fake.nextMessage(chatId, (m) => /^Build #\d+ of slow started\.$/.test(m.text), 40_000);
    const closed = await press(form, '🚀 Start');
    expect(closed.text).toMatch(/\n\nStarted by Ada \(@ada\)\.$/);
    buildNumber = Number(/#(\d+)/.exec((await started).text)?.[1]);

    const [slow] = await getList(masterUrl, 'builders?name=slow', 'builders', z.object({ builderid: z.number() }));
    // The master writes a starting build's properties one by one: read until all are there.
    let properties: Record<string, [unknown, string]> = {};
    const missing = () => ['duration', 'result', 'clean', 'reason', 'owner'].some((name) => properties[name] === undefined);
    for (const deadline = Date.now() + 10_000; missing() && Date.now() < deadline; ) {
      const answer = propertiesSchema.parse(await getJson(masterUrl, `builders/${slow?.builderid}/builds/${buildNumber}?property=*`));
      properties = answer.builds[0]?.properties ?? {};
      if (missing()) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(properties.duration?.[0]).toBe('120');
    expect(properties.result?.[0]).toBe('pass');
    expect(properties.clean?.[0]).toBe(true);
    expect(properties.reason?.[0]).toBe('from the telegram e2e test (forced by Ada (@ada))');
    expect(properties.owner?.[0]).toBe(`Ada (@ada) <${admin.id}@telegram.invalid>`);
  });

  it('stops that build with the button /stop offers', async () => {
    expect(buildNumber).toBeGreaterThan(0);
    const offer = await ask(fake, chatId, '/stop', { timeoutMs: 10_000 });
    expect(offer.text).toMatch(new RegExp(`^Which builder do you want to stop\\? Running: .*slow .*#${buildNumber}`));
    const ended = fake.nextMessage(chatId, (m) => m.text.startsWith(`Build #${buildNumber} of slow was cancelled`), 40_000);
    const stopButton = buttons(offer).flat().find((b) => b.startsWith('Stop slow')) ?? '';
    fake.pressButton(chatId, offer.messageId, { text: stopButton });
    expect((await ended).text).toBe(`Build #${buildNumber} of slow was cancelled 🚫.`);
    const [slow] = await getList(masterUrl, 'builders?name=slow', 'builders', z.object({ builderid: z.number() }));
    const [build] = await getList(masterUrl, `builders/${slow?.builderid}/builds/${buildNumber}`, 'builds', buildSchema);
    expect(build).toMatchObject({ complete: true, results: CANCELLED });
  });
});
