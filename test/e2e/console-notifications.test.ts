/**
 * Issue 3 end to end, through the console adapter and the real test master: problem and
 * recovery on flaky, a missing worker, and a finished build that happened while the bot was
 * stopped.
 */
import { afterEach, describe, expect, inject, it } from 'vitest';
import { forceBuildAndWait } from './support/buildbot-rest.js';
import { startMaster, stopMaster } from './support/test-master.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';

const url = inject('buildbotUrl');
const bots: ConsoleBot[] = [];
const databases: string[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop();
  for (const database of databases.splice(0)) removeDatabase(database);
});

async function consoleBot(options: { masterUrl?: string; notifyEvents?: string[]; database?: string } = {}): Promise<ConsoleBot> {
  const bot = await startConsoleBot({
    masterUrl: options.masterUrl ?? url,
    console: { notifyEvents: options.notifyEvents ?? [] },
    ...(options.database ? { database: options.database } : {}),
    connectTimeoutMs: 20_000,
  });
  bots.push(bot);
  if (!options.database) databases.push(bot.database);
  return bot;
}

const buildLines = (bot: ConsoleBot, builder: string) => bot.lines.filter((line) => line.startsWith('Build #') && line.includes(` of ${builder} `));

describe('problem and recovery', () => {
  it('tells of the build that broke flaky and of the one that fixed it, and of nothing else', async () => {
    // A passing build first, so the previous completed build is known to have passed.
    await forceBuildAndWait(url, 'flaky', { result: 'pass' });
    const bot = await consoleBot();
    bot.type('notify on problem recovery --builder=flaky');
    await bot.waitFor((lines) => lines.length > 0, 10_000, 'the notify answer');
    expect(bot.lines[0]).toMatch(/problem/);

    const pass = await forceBuildAndWait(url, 'flaky', { result: 'pass' });
    const fail = await forceBuildAndWait(url, 'flaky', { result: 'fail' });
    await bot.waitFor((lines) => lines.some((l) => l.startsWith(`Build #${fail.number} of flaky failed`)), 20_000, 'the problem');
    const fixed = await forceBuildAndWait(url, 'flaky', { result: 'pass' });
    await bot.waitFor((lines) => lines.some((l) => l.startsWith(`Build #${fixed.number} of flaky completed successfully`)), 20_000, 'the recovery');
    await bot.bot.notifications.idle();

    expect(buildLines(bot, 'flaky').map((line) => Number(/^Build #(\d+)/.exec(line)?.[1]))).toEqual([fail.number, fixed.number]);
    expect(buildLines(bot, 'flaky')[0]).toContain(`${url}#/builders/${fail.builderid}/builds/${fail.number}`);
    expect(bot.lines.join('\n')).not.toContain(`Build #${pass.number} `);
  });
});

describe('a finished build missed while the bot was stopped', () => {
  it('arrives when the bot starts again', async () => {
    const first = await consoleBot({ notifyEvents: ['finished'] });
    await first.stop();
    const missed = await forceBuildAndWait(url, 'fast-fail', { reason: 'while the bot was away' });

    const second = await consoleBot({ database: first.database });
    await second.waitFor(
      (lines) => lines.some((l) => l.startsWith(`Build #${missed.number} of fast-fail failed`)),
      20_000,
      'the missed finished notification',
    );
    const line = second.lines.find((l) => l.startsWith(`Build #${missed.number} of fast-fail`)) ?? '';
    expect(line).toContain('Reason: while the bot was away.');
    expect(line).toContain(`${url}#/builders/${missed.builderid}/builds/${missed.number}`);
    await second.bot.notifications.idle();
    expect(buildLines(second, 'fast-fail')).toHaveLength(1);
  });
});

describe('worker notifications', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await stopMaster(dir, { remove: true });
    dir = undefined;
  });

  it('reports the worker that never connects as missing', async () => {
    // A master of its own: ghost is reported once, BB_MISSING seconds after the master starts.
    const master = await startMaster({ env: { BB_MISSING: '15', BB_WEB_PORT: '0', BB_WORKER_PORT: '0' } });
    dir = master.dir;
    const bot = await consoleBot({ masterUrl: master.url, notifyEvents: ['worker'] });
    await bot.waitFor((lines) => lines.some((l) => l.startsWith('Worker ghost is missing')), 60_000, 'the missing worker');
    expect(bot.lines.find((l) => l.startsWith('Worker ghost'))).toMatch(/^Worker ghost is missing; it was last seen \w{3} \w{3} +\d+ [\d:]+ \d{4}\.$/);
    expect(bot.lines.filter((l) => l.startsWith('Worker '))).toHaveLength(1);
  });
});
