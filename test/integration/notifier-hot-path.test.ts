/**
 * The end of a build is told without a request to the master when its start was seen: the
 * properties read at the start and the builder's last verdict are reused. Builds that finish
 * out of order are still compared with the build that completed before them.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';

const SUCCESS = 0;
const FAILURE = 2;

let master: FakeMaster;
let bot: ConsoleBot;

beforeEach(async () => {
  master = await startFakeMaster({ buildStartDelayMs: 5 });
});

async function startBot(notifyEvents: string[]): Promise<void> {
  bot = await startConsoleBot({ masterUrl: master.url, console: { notifyEvents } });
}

afterEach(async () => {
  await bot.stop();
  removeDatabase(bot.database);
  await master.close();
});

const buildRequests = () => master.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v2/build'));

it('tells the end of a build whose start it saw without asking the master again', async () => {
  await startBot(['finished']);
  const first = master.startBuild({ builder: 'fast-pass', durationMs: null });
  master.finishBuild(first.buildid, SUCCESS); // the first end reads the builder's history
  await bot.waitFor((lines) => lines.some((l) => l.startsWith('Build #1 of fast-pass completed')));
  const second = master.startBuild({ builder: 'fast-pass', durationMs: null });
  await bot.bot.notifications.idle();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await bot.bot.notifications.idle();
  master.clearRequests();
  master.finishBuild(second.buildid, SUCCESS);
  await bot.waitFor((lines) => lines.some((l) => l.startsWith('Build #2 of fast-pass completed')));
  expect(buildRequests().map((r) => r.path)).toEqual([]);
});

it('compares builds that finish out of order with the one that completed before each', async () => {
  await startBot(['problem', 'recovery']);
  const passing = master.startBuild({ builder: 'fast-fail', durationMs: null });
  master.finishBuild(passing.buildid, SUCCESS);
  const early = master.startBuild({ builder: 'fast-fail', durationMs: null });
  const late = master.startBuild({ builder: 'fast-fail', durationMs: null });
  await new Promise((resolve) => setTimeout(resolve, 100));
  master.finishBuild(late.buildid, FAILURE); // #3 breaks it: a problem
  await bot.waitFor((lines) => lines.some((l) => l.startsWith('Build #3 of fast-fail failed')));
  // #2 ends after #3: a recovery from #3 (Buildbot compares with #1 and says nothing)
  master.finishBuild(early.buildid, SUCCESS);
  await bot.waitFor((lines) => lines.some((l) => l.startsWith('Build #2 of fast-fail completed')));
  await bot.bot.notifications.idle();
  expect(bot.lines.map((l) => l.slice(0, 20))).toEqual(['Build #3 of fast-fai', 'Build #2 of fast-fai']);
});
