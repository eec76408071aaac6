/**
 * `stats` on Telegram against the real master (the Bot API is the in-repo fake): after a few
 * builds of fast-pass, /stats fast-pass arrives as a photo, uploaded as multipart/form-data,
 * whose bytes are a PNG of a sensible size, with the master's figures as its caption.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSchema } from '../../src/buildbot/schemas.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram/server.js';
import { readPngSize } from '../support/png-size.js';
import { ask, startTelegramBot, type TelegramBot } from '../support/telegram-bot.js';
import { forceBuildAndWait, getList } from './support/buildbot-rest.js';

const masterUrl = inject('buildbotUrl');

let fake: FakeTelegram;
let bot: TelegramBot;
let chatId: number;

beforeAll(async () => {
  fake = await startFakeTelegram();
  chatId = fake.privateChat({ first_name: 'Ada', username: 'ada' }).chat.id;
  bot = await startTelegramBot({ masterUrl, fake });
  for (let i = 0; i < 2; i++) await forceBuildAndWait(masterUrl, 'fast-pass', { reason: `telegram stats ${i}` });
}, 120_000);

afterAll(async () => {
  await bot?.stop();
  bot?.remove();
  await fake?.close();
});

describe('stats on Telegram', () => {
  it('sends a PNG chart of the last builds with the figures as its caption', async () => {
    const [builder] = await getList(masterUrl, 'builders/fast-pass', 'builders', buildSchema.pick({ builderid: true }));
    const builds = await getList(masterUrl, `builders/${builder?.builderid}/builds?complete=true&order=-number&limit=5`, 'builds', buildSchema);
    const passed = builds.filter((b) => b.results === 0 || b.results === 1).length;
    const answer = await ask(fake, chatId, '/stats fast-pass 5', { match: /^fast-pass, last/, timeoutMs: 20_000 });
    const [summary, trend] = answer.text.split('\n');
    expect(summary).toMatch(new RegExp(`^fast-pass, last ${builds.length} builds: ${passed} passed \\(${Math.round((passed / builds.length) * 100)}%\\), median `));
    expect(trend).toMatch(new RegExp(`^Trend: [▁▂▃▄▅▆▇█×]{${builds.length}}$`));
    const size = readPngSize(answer.photo?.data ?? Buffer.alloc(0));
    expect(size).toEqual({ width: 800, height: 400 });
    // a chart with bars, a line, axes and labels: more than a blank picture, far less than Telegram's 10 MB
    expect(answer.photo?.data.length).toBeGreaterThan(5_000);
    expect(answer.photo?.data.length).toBeLessThan(1_000_000);
  });
});
