/**
 * `status all` on a master with 200 extra builders (issue 7): from sending the line to the last
 * line of the answer, through the console adapter alone, and on IRC ours against Buildbot's own
 * bot (reporters.IRC) in the same channel. On IRC an answer is over when its bot has been
 * quiet for QUIET_MS; both bots pace their lines, so that is part of what a user waits.
 */
import { z } from 'zod';
import { getList } from '../test/e2e/support/buildbot-rest.js';
import { measured, type Benchmark } from './support/benchmark.js';
import { channelText, collectAnswer, CHANNEL, OUR_NICK, startIrcStage, THEIR_NICK } from './support/irc-stage.js';
import { p50p95, ratio, round1 } from './support/stats.js';
import { startTimedConsoleBot } from './support/timed-console-bot.js';

const EXTRA_BUILDERS = 200;
const CONSOLE_RUNS = 20;
const IRC_RUNS = 3;
const QUIET_MS = 10_000;

export interface StatusAllResult {
  builders: number;
  console: { runs: number; p50Ms: number; p95Ms: number; lines: number };
  ircOurs: { runs: number; p50Ms: number; lines: number };
  ircBuildbot: { ms: number; lines: number };
  /** ours / Buildbot's on IRC, time to the last line */
  ratio: number;
}

async function measure(): Promise<StatusAllResult> {
  const stage = await startIrcStage({ extraBuilders: EXTRA_BUILDERS });
  try {
    const builders = (await getList(stage.master.url, 'builders', 'builders', z.object({ name: z.string() }))).length;

    const consoleBot = await startTimedConsoleBot(stage.master.url);
    const consoleTimes: number[] = [];
    let consoleLines = 0;
    try {
      await consoleBot.ask('status all'); // warm-up: connections and the master's caches
      for (let i = 0; i < CONSOLE_RUNS; i++) {
        const answer = await consoleBot.ask('status all');
        consoleTimes.push(answer.elapsedMs);
        consoleLines = answer.lines.length;
      }
    } finally {
      await consoleBot.stop();
    }

    const ask = async (nick: string) => {
      const since = stage.listener.lines.length;
      const sentAt = performance.now();
      stage.listener.say(CHANNEL, `${nick}: status all`);
      const answer = await collectAnswer(stage.listener, (l) => channelText(l, nick) !== null, since, { firstTimeoutMs: 120_000, quietMs: QUIET_MS });
      return { ms: answer.lastAt - sentAt, lines: answer.lines.length };
    };
    const ours: number[] = [];
    let ourLines = 0;
    for (let i = 0; i < IRC_RUNS; i++) {
      const answer = await ask(OUR_NICK);
      ours.push(answer.ms);
      ourLines = answer.lines;
    }
    const theirs = await ask(THEIR_NICK);

    const c = p50p95(consoleTimes);
    const o = p50p95(ours);
    return {
      builders,
      console: { runs: CONSOLE_RUNS, p50Ms: c.p50, p95Ms: c.p95, lines: consoleLines },
      ircOurs: { runs: IRC_RUNS, p50Ms: o.p50, lines: ourLines },
      ircBuildbot: { ms: round1(theirs.ms), lines: theirs.lines },
      ratio: ratio(o.p50, theirs.ms),
    };
  } finally {
    await stage.stop();
  }
}

export const statusAll: Benchmark = {
  key: 'statusAll',
  title: `status all with ${EXTRA_BUILDERS} extra builders: console, and IRC ours vs Buildbot's reporters.IRC (real master, ngircd)`,
  run: async () =>
    measured(await measure(), (r) => [
      ['status all', `console p50 / p95 (${r.builders} builders)`, `${r.console.p50Ms} / ${r.console.p95Ms} ms`],
      ['status all', 'console lines', `${r.console.lines}`],
      ['status all', 'IRC ours p50 (time to last line)', `${r.ircOurs.p50Ms} ms`],
      ['status all', 'IRC ours lines', `${r.ircOurs.lines}`],
      ['status all', 'IRC Buildbot (time to last line)', `${r.ircBuildbot.ms} ms`],
      ['status all', 'IRC Buildbot lines', `${r.ircBuildbot.lines}`],
      ['status all', 'ratio ours / Buildbot (IRC)', `${r.ratio}`],
    ]),
};
