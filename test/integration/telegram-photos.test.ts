/**
 * Pictures on Telegram: `stats BUILDER` answers with its chart as a photo, uploaded as
 * multipart/form-data, with the text summary as the caption; a text longer than a caption
 * goes on in messages after the photo, nothing of it lost.
 */
import { GrammyError, InputFile } from 'grammy';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTelegramApi } from '../../src/adapters/telegram/telegram-api.js';
import { TELEGRAM_CAPTION_LIMIT } from '../../src/adapters/telegram/photo-caption.js';
import { TelegramSender } from '../../src/adapters/telegram/telegram-sender.js';
import { FAILURE, SUCCESS } from '../../src/buildbot/results.js';
import { renderBuildTrendChart } from '../../src/charts/build-trend-chart.js';
import { startFakeTelegram } from '../fakes/fake-telegram/server.js';
import { readPngSize } from '../support/png-size.js';
import { ask, Cleanups, FAST_LIMITS, startTelegramWorld } from '../support/telegram-bot.js';

const cleanups = new Cleanups();
afterEach(() => cleanups.run());

describe('stats on Telegram', () => {
  it('sends the chart as a photo with the summary as its caption', async () => {
    const w = await startTelegramWorld(cleanups);
    for (const result of [SUCCESS, FAILURE, SUCCESS]) {
      const build = w.master.startBuild({ builder: 'fast-pass', durationMs: null });
      w.master.finishBuild(build.buildid, result);
    }
    const answer = await ask(w.fake, w.userChat, '/stats fast-pass', { match: /fast-pass, last/ });
    expect(answer.text).toMatch(/^fast-pass, last 3 builds: 2 passed \(67%\), median \S+, p90 \S+, longest failure streak 1\.\nTrend: .×.$/);
    expect(answer.photo).toBeDefined();
    expect(readPngSize(answer.photo?.data ?? Buffer.alloc(0))).toEqual({ width: 800, height: 400 });
    expect(answer.photo?.width).toBe(800);
    // the call is logged once answered, just after the message is stored
    const upload = await vi.waitFor(() => {
      const [call] = w.fake.callsTo('sendPhoto');
      if (!call) throw new Error('no sendPhoto call logged yet');
      return call;
    });
    // grammY sends the file as a part of its own and names it in `photo` (attach://PART)
    const reference = String(upload.params.photo);
    expect(reference).toMatch(/^attach:\/\/\w+$/);
    expect(upload.params[reference.slice('attach://'.length)]).toEqual({ filename: 'chart.png', size: answer.photo?.data.length });
    expect(upload.params.parse_mode).toBe('HTML');
  });

  it('answers in text alone when the builder has no completed build', async () => {
    const w = await startTelegramWorld(cleanups);
    const answer = await ask(w.fake, w.userChat, '/stats slow');
    expect(answer.text).toBe('slow has no completed build yet.');
    expect(answer.photo).toBeUndefined();
    expect(w.fake.callsTo('sendPhoto')).toEqual([]);
  });
});

describe('a photo whose text is longer than a caption', () => {
  it('cuts the caption between lines, says it goes on, and sends the rest as a message', async () => {
    const fake = await startFakeTelegram();
    cleanups.add(() => fake.close());
    const { chat } = fake.privateChat({ first_name: 'Ada' });
    const sender = new TelegramSender(createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot, pollTimeout: 1, limits: FAST_LIMITS }), pino({ level: 'silent' }));
    const lines = Array.from({ length: 60 }, (_, i) => `line ${i + 1} of a long answer, with <b> & other text that HTML escapes`);
    const image = renderBuildTrendChart('fast-pass', [{ number: 1, result: SUCCESS, duration: 3 }]);
    await sender.sendPhoto(String(chat.id), image, { text: lines.join('\n') });
    await vi.waitFor(() => expect(fake.sentMessages(chat.id).length).toBeGreaterThanOrEqual(2));
    const [photo, ...after] = fake.sentMessages(chat.id);
    expect(photo?.photo).toBeDefined();
    expect(photo?.text.length).toBeLessThanOrEqual(TELEGRAM_CAPTION_LIMIT);
    expect(photo?.text).toMatch(/\n\(continued below\)$/);
    expect(after.every((m) => m.photo === undefined)).toBe(true);
    const shown = [photo?.text.replace(/\n\(continued below\)$/, ''), ...after.map((m) => m.text)].join('\n');
    expect(shown).toBe(lines.join('\n'));
  });
});

describe('the fake Bot API checks photos as Telegram does', () => {
  it('refuses a file that is no image, and a caption over 1024 characters', async () => {
    const fake = await startFakeTelegram();
    cleanups.add(() => fake.close());
    const { chat } = fake.privateChat({ first_name: 'Ada' });
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.apiRoot, pollTimeout: 1, limits: FAST_LIMITS });
    const png = renderBuildTrendChart('x', [{ number: 1, result: SUCCESS, duration: 1 }]).png;
    const refusal = (promise: Promise<unknown>) => promise.then(() => 'sent', (error: unknown) => (error instanceof GrammyError ? error.description : String(error)));
    expect(await refusal(api.sendPhoto(chat.id, new InputFile(Buffer.from('not a picture'), 'x.png')))).toBe('Bad Request: IMAGE_PROCESS_FAILED');
    expect(await refusal(api.sendPhoto(chat.id, new InputFile(Buffer.from(png), 'x.png'), { caption: 'c'.repeat(1025) }))).toBe('Bad Request: message caption is too long');
    expect(await refusal(api.sendPhoto(chat.id, new InputFile(Buffer.from(png), 'x.png'), { caption: 'c'.repeat(1024) }))).toBe('sent');
    expect(fake.sentMessages(chat.id).map((m) => m.photo?.width)).toEqual([800]);
  });
});
