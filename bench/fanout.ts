/**
 * Telegram fan-out (issue 7): 2,000 private chats subscribed to `finished` (the config's
 * chatIds and notifyEvents), a burst of 50 builds on the fake master, delivered to the fake Bot
 * API (in a process of its own) enforcing Telegram's flood limits. Compared with the bound those limits allow (messages /
 * global rate), with the count of 429 answers, which should be zero.
 *
 * At Telegram's own 30 messages a second, 100,000 messages take 55 minutes; the fake's limits
 * and the bot's pacing are both multiplied by SPEEDUP (default 10) so a run takes minutes.
 * The ratio to the bound is what carries over. BENCH_FANOUT_CHATS, BENCH_FANOUT_BUILDS and
 * BENCH_FANOUT_SPEEDUP change the sizes.
 */
import { startFakeMaster } from '../test/fakes/fake-master.js';
import { startTelegramBot } from '../test/support/telegram-bot.js';
import { measured, type Benchmark } from './support/benchmark.js';
import { startFakeTelegramProcess, type FakeTelegramProcess } from './support/fake-telegram-process.js';
import { ratio, round1 } from './support/stats.js';

const CHATS = Number(process.env.BENCH_FANOUT_CHATS ?? 2_000);
const BUILDS = Number(process.env.BENCH_FANOUT_BUILDS ?? 50);
const SPEEDUP = Number(process.env.BENCH_FANOUT_SPEEDUP ?? 10);
/** Telegram's limits (core.telegram.org/bots/faq): about 30 a second overall, 1 a second per chat. */
const TELEGRAM = { globalPerSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 };

export interface FanoutResult {
  chats: number;
  builds: number;
  messages: number;
  speedup: number;
  globalPerSecond: number;
  deliverySeconds: number;
  boundSeconds: number;
  /** delivery time / bound: 1 is as fast as the limits allow */
  ratioToBound: number;
  http429: number;
}

async function measure(): Promise<FanoutResult> {
  const limits = {
    globalPerSecond: TELEGRAM.globalPerSecond * SPEEDUP,
    perChatPerSecond: TELEGRAM.perChatPerSecond * SPEEDUP,
    perGroupPerMinute: TELEGRAM.perGroupPerMinute * SPEEDUP,
  };
  const master = await startFakeMaster({ buildStartDelayMs: 0 });
  const telegram = await startFakeTelegramProcess(
    { perSecond: limits.globalPerSecond, perChatPerSecond: limits.perChatPerSecond, perGroupPerMinute: limits.perGroupPerMinute },
    CHATS,
  );
  const bot = await startTelegramBot({ masterUrl: master.url, fake: telegram.fake, telegram: { chatIds: telegram.chatIds, notifyEvents: ['finished'], limits } });
  try {
    const messages = CHATS * BUILDS;
    const sentBefore = (await telegram.stats()).sent;
    const startedAt = Date.now();
    for (let i = 0; i < BUILDS; i++) {
      const build = master.startBuild({ builder: 'fast-pass', durationMs: null });
      master.finishBuild(build.buildid, i % 3 === 0 ? 2 : 0);
    }
    const last = await lastDelivery(telegram, sentBefore + messages, messages / limits.globalPerSecond);
    const deliverySeconds = (last.lastSentAt - startedAt) / 1000;
    const boundSeconds = messages / limits.globalPerSecond;
    return {
      chats: CHATS, builds: BUILDS, messages, speedup: SPEEDUP, globalPerSecond: limits.globalPerSecond,
      deliverySeconds: round1(deliverySeconds), boundSeconds: round1(boundSeconds), ratioToBound: ratio(deliverySeconds, boundSeconds),
      http429: last.http429,
    };
  } finally {
    await bot.stop();
    bot.remove();
    await telegram.close();
    await master.close();
  }
}

/** Once `count` messages were delivered, the fake's figures; gives up at three times the bound. */
async function lastDelivery(telegram: FakeTelegramProcess, count: number, boundSeconds: number) {
  const deadline = Date.now() + Math.max(60_000, boundSeconds * 3_000);
  for (;;) {
    const stats = await telegram.stats();
    if (stats.sent >= count) return stats;
    if (Date.now() > deadline) throw new Error(`only ${stats.sent} of ${count} messages delivered after ${Math.round(boundSeconds * 3)} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export const fanout: Benchmark = {
  key: 'fanout',
  title: `Telegram fan-out: ${CHATS} chats x ${BUILDS} builds against the fake Bot API's flood limits (x${SPEEDUP})`,
  run: async () =>
    measured(await measure(), (r) => [
      ['fanout', `delivery of ${r.messages} messages`, `${r.deliverySeconds} s`],
      ['fanout', `bound at ${r.globalPerSecond}/s (Telegram's 30/s x${r.speedup})`, `${r.boundSeconds} s`],
      ['fanout', 'ratio to the bound', `${r.ratioToBound}`],
      ['fanout', '429 answers', `${r.http429}`],
    ]),
};
