/**
 * The Telegram webhook under hostile posts: bodies that are no JSON, JSON that is no update,
 * updates with hostile text, huge bodies, repeats and out-of-order ids, from 8 connections at
 * once, all with the right secret (whoever knows it can post anything). The bot must answer
 * each with 200 or 400, never fail or hang, and answer every distinct valid /getid update once.
 * FUZZ_SEED repeats a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPDATE_WINDOW } from '../../src/adapters/telegram/update-offset.js';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram/server.js';
import { startWebhookTelegramBot, type TelegramBot } from '../support/telegram-bot.js';
import { fuzzSeed, seededRandom, type Random } from './support/seeded-random.js';

/**
 * Each post takes one update id, and they arrive newest first: kept under UPDATE_WINDOW, every
 * valid one is within the window the bot deduplicates over. An update more than UPDATE_WINDOW
 * ids below the newest is taken for a repeat and skipped with a log line, by design
 * (src/adapters/telegram/update-offset.ts; its unit test covers that case).
 */
const POSTS = Math.min(Number(process.env.FUZZ_WEBHOOK_POSTS ?? 900), UPDATE_WINDOW - 1);
const SECRET = 'fuzz-secret_1';
const seed = fuzzSeed();

let master: FakeMaster;
let fake: FakeTelegram;
let bot: TelegramBot;
let url: string;
const statuses = new Map<number, number>();
const failures: string[] = [];
const stray: unknown[] = [];
const onStray = (error: unknown) => void stray.push(error);
/** update_id of each valid /getid update posted, and the chat it came from. */
const valid = new Map<number, number>();

function payload(random: Random, chatId: number, nextId: () => number, posted: string[]): string {
  const update = (text: string, id = nextId()) => ({ ...fake.textUpdate(chatId, text), update_id: id });
  switch (random.int(0, 10)) {
    case 0: return random.pick(['', 'null', '[]', '{}', '"x"', '{"update_id":"1"}', '{"update_id":1.5}', '{"update_id":-1}', '{', '\u0000', 'NaN']);
    case 1: return JSON.stringify({ update_id: nextId(), message: random.pick([null, 1, 'x', {}, { text: 5 }, { chat: {}, text: '/status' }]) });
    case 2: return JSON.stringify(update(`/status ${'\u202e\u2066x\u0000\x85'.repeat(random.int(1, 50))}`));
    case 3: return JSON.stringify(update(`/notify ${'b'.repeat(random.int(1_000, 40_000))}`));
    case 4: return `${JSON.stringify(update('/version'))}${' '.repeat(random.int(0, 3))}garbage`;
    case 5: return 'x'.repeat(random.int(1 << 20, (1 << 20) + 1_000)); // over the body limit
    case 6: return posted.length > 0 ? random.pick(posted) : '{}'; // Telegram posting again after a lost answer
    default: {
      const getid = update('/getid');
      valid.set(getid.update_id, chatId);
      const body = JSON.stringify(getid);
      posted.push(body);
      return body;
    }
  }
}

beforeAll(async () => {
  process.on('unhandledRejection', onStray);
  master = await startFakeMaster();
  fake = await startFakeTelegram();
  ({ bot, url } = await startWebhookTelegramBot({ masterUrl: master.url, fake, secret: SECRET }));
  const { chat } = fake.privateChat();
  const random = seededRandom(seed);
  let id = 50_000;
  const nextId = () => ++id;
  const posted: string[] = [];
  // 8 connections take bodies from the end while the ids rise from the start: most arrive out of order.
  const bodies = Array.from({ length: POSTS }, () => payload(random, chat.id, nextId, posted));
  console.log(`fuzz webhook: ${POSTS} posts, seed ${seed}`);
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let body = bodies.pop(); body !== undefined; body = bodies.pop()) {
        try {
          const answer = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });
          await answer.arrayBuffer();
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        } catch (error) {
          failures.push(`${String(error)} for ${JSON.stringify(body.slice(0, 80))}`);
        }
      }
    }),
  );
  await fake.waitFor(() => fake.sentMessages(chat.id).filter((m) => m.text.startsWith('Your id is')).length >= valid.size, 120_000).catch(() => undefined);
}, 600_000);

afterAll(async () => {
  process.off('unhandledRejection', onStray);
  await bot?.stop();
  bot?.remove();
  await fake?.close();
  await master?.close();
});

describe(`fuzzing the Telegram webhook with ${POSTS} posts`, () => {
  it('answers every post with 200 or 400, never an error or a dropped connection', () => {
    expect(failures).toEqual([]);
    expect([...statuses.keys()].filter((status) => status !== 200 && status !== 400)).toEqual([]);
    expect(stray.map(String)).toEqual([]);
  });

  it('answers every distinct valid update once, whatever order the ids arrived in', () => {
    const chatId = [...valid.values()][0] ?? 0;
    expect(fake.sentMessages(chatId).filter((m) => m.text.startsWith('Your id is'))).toHaveLength(valid.size);
  });
});
