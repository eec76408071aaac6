/**
 * A replay goes through the bot's own notification pipeline without touching the live one: a
 * build the bot already told is told again (to the chats subscribed to it), and afterwards the
 * events handled, the cursors and the missing workers are exactly as before. The dry run prints
 * who would get what from a copy of the database and writes nothing to the bot's own.
 */
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { runReplay } from '../../src/replay/run-replay.js';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';

const SUCCESS = 0;

let master: FakeMaster;
let bot: ConsoleBot;

beforeEach(async () => {
  master = await startFakeMaster({ buildStartDelayMs: 5 });
  bot = await startConsoleBot({ masterUrl: master.url, console: { notifyEvents: ['finished', 'worker'] } });
});

afterEach(async () => {
  await bot.stop();
  removeDatabase(bot.database);
  await master.close();
});

function liveState(): { processed: unknown[]; state: unknown[] } {
  return {
    processed: bot.bot.db.prepare('SELECT * FROM processed_events ORDER BY 1, 2, 3').all(),
    state: bot.bot.db.prepare('SELECT key, value FROM state ORDER BY key').all(),
  };
}

const replayRows = () =>
  bot.bot.db.prepare("SELECT adapter, chat_id AS chatId, payload FROM outbox WHERE dedupe_key LIKE 'replay:%' ORDER BY id").all() as {
    adapter: string;
    chatId: string;
    payload: string;
  }[];

it('tells a build the bot told before again, and leaves events handled, cursors and missing workers as they were', async () => {
  const started = master.startBuild({ builder: 'fast-pass', durationMs: null });
  master.finishBuild(started.buildid, SUCCESS);
  await bot.waitFor((lines) => lines.some((l) => l.startsWith('Build #1 of fast-pass completed')));
  master.reportWorkerMissing('worker1');
  await bot.waitFor((lines) => lines.some((l) => l.startsWith('Worker worker1 is missing')));
  await bot.bot.notifications.idle();
  const before = liveState();
  const build = await bot.bot.buildbot.getBuild(started.buildid);
  if (!build) throw new Error('the fake master lost the build');

  const [pipeline] = bot.bot.notifications.pipelines;
  await pipeline?.replayNotifier('run-1').handle({ kind: 'build-finished', build });
  // missing already: the live notifier would say nothing, a replay tells it
  await pipeline?.replayNotifier('run-2').handle({ kind: 'worker-missing', worker: { workerid: 1, name: 'worker1', lastConnection: null } });

  expect(replayRows().map((row) => [row.adapter, row.chatId, (JSON.parse(row.payload) as { template: string }).template])).toEqual([
    ['console', 'console', 'build-finished'],
    ['console', 'console', 'worker-missing'],
  ]);
  expect(liveState()).toEqual(before);
});

it('--dry-run prints which chat would get which message, and writes nothing to the bot\'s database', async () => {
  const started = master.startBuild({ builder: 'fast-pass', durationMs: null });
  master.finishBuild(started.buildid, SUCCESS);
  await bot.waitFor((lines) => lines.some((l) => l.startsWith('Build #1 of fast-pass completed')));
  await bot.bot.notifications.idle();
  const before = liveState();
  const build = await bot.bot.buildbot.getBuild(started.buildid);
  if (!build) throw new Error('the fake master lost the build');
  const config = parseConfig(`buildbot: { url: '${master.url}' }\ndatabase: '${bot.database}'\nconsole: { notifyEvents: [finished] }\n`, {});
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
  const result = await runReplay({
    config,
    logger: pino({ level: 'silent' }),
    events: [{ file: 'build.json', event: { kind: 'build-finished', build } }],
    master: config.masters[0]?.name ?? '',
    dryRun: true,
    output,
  });
  expect(result).toEqual({ messages: 1, delivered: 0 });
  expect(printed.split('\n')).toEqual([
    `build.json: build finished (build id ${build.buildid}, builder id ${build.builderid}, #1): 1 chat`,
    expect.stringMatching(/^ {2}console console: Build #1 of fast-pass completed successfully/),
    '',
  ]);
  expect(replayRows()).toEqual([]);
  expect(liveState()).toEqual(before);
});
