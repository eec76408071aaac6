/**
 * Footprint (issues 7 and 17): the compiled CLI as a user starts it, with IRC (the in-repo fake
 * IRC server, one channel joined) and Telegram (the fake Bot API in a process of its own, one
 * chat) configured besides the console it is driven through, against the in-process fake master
 * with 200 builders more than the test master's 8. Startup is from spawning node to the first
 * reply line; memory is the process's resident set when idle (both chat connections up), 3 s and
 * 30 s after 10,000 master events (5,000 builds, each started and finished, the console
 * subscribed to `finished`) and after 1,000 console commands. Beside it, the floor: a node that
 * only imports the libraries the bot loads, and a node alone.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startFakeMaster } from '../test/fakes/fake-master.js';
import { FakeIrcd } from '../test/integration/support/fake-ircd.js';
import { startFakeTelegramProcess } from './support/fake-telegram-process.js';
import { measured, type Benchmark } from './support/benchmark.js';
import { writeBenchConfig } from './support/bot-config.js';
import { compileBot } from './support/compiled-build.js';
import { residentMb } from './support/process-memory.js';
import { round1 } from './support/stats.js';
import { TimedLines } from './support/timed-lines.js';

const BUILDS = 5_000;
const EXTRA_BUILDERS = 200;
/** Fewer than events: `status` on 208 builders reads each builder's last build (208 requests). */
const COMMANDS = 1_000;
const SETTLE_MS = 3_000;
/** V8's memory reducer starts 8 s after a full collection, and may take several rounds. */
const QUIET_MS = 30_000;
/** What a console user types most, safe commands that read the master. */
const COMMAND_MIX = ['status', 'status fast-pass', 'last fast-pass', 'list builders', 'help', 'version', 'hello', 'notify list', 'help force', 'list workers'];
const END_MARKER = 'zz-bench-end';

export interface FootprintResult {
  runner: string;
  adapters: string;
  builders: number;
  startupToFirstReplyMs: number;
  rssIdleMb: number;
  events: number;
  eventsPerSecond: number;
  rssAfterEventsMb: number;
  /** the same, 30 s after the last notification: V8's memory reducer has run by then */
  rssAfterEventsQuietMb: number;
  commands: number;
  commandsPerSecond: number;
  rssAfterCommandsMb: number;
  /** The floor under rssIdleMb: the same node, with the same V8 settings, only importing the libraries that bot loads. */
  rssLibrariesOnlyMb: number;
  /** node with nothing imported */
  rssBareNodeMb: number;
}

/**
 * The npm packages the bot above has loaded once idle (console, IRC, Telegram, SQLite store,
 * templates, metrics, logs, YAML config): what any bot on this stack holds before its own code.
 */
const LIBRARIES = ['undici', 'grammy', '@grammyjs/auto-retry', '@grammyjs/transformer-throttler', 'irc-framework', 'zod', 'yaml', 'pino', 'better-sqlite3', 'eta', 'prom-client'];

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

async function measure(): Promise<FootprintResult> {
  const build = await compileBot();
  const fake = await startFakeMaster({ buildStartDelayMs: 0 });
  for (let n = 1; n <= EXTRA_BUILDERS; n++) fake.addBuilder({ name: `bulk-${String(n).padStart(3, '0')}` });
  const ircd = await FakeIrcd.start();
  const telegram = await startFakeTelegramProcess({}, 1);
  const env = { TELEGRAM_TOKEN: telegram.fake.token };
  const config = writeBenchConfig(
    fake.url,
    {
      console: { user: 'operator', notifyEvents: ['finished'] },
      irc: { host: '127.0.0.1', port: ircd.port, nick: 'bbot', channels: ['#ci'] },
      telegram: { token: '${TELEGRAM_TOKEN}', apiRoot: telegram.fake.apiRoot, chatIds: telegram.chatIds, pollTimeout: 1 },
    },
    env,
  );
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeFlags(), build.cli, '--config', config.path, '--console'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const out = new TimedLines(child.stdout);
    child.stdin.write('version\n');
    const first = await out.waitFor(() => true, { what: 'the reply to version' });
    const startupToFirstReplyMs = round1(first.line.at - started);
    const pid = child.pid;
    if (pid === undefined) throw new Error('the bot has no pid');
    await ircd.waitForLine(/^JOIN #ci$/, 60_000);
    await settle();
    const rssIdleMb = residentMb(pid);
    process.stdout.write(`   idle: ${rssIdleMb} MB\n`);

    const eventsStart = performance.now();
    let last = 0;
    for (let i = 0; i < BUILDS; i++) {
      const build = fake.startBuild({ builder: 'fast-pass', durationMs: null });
      fake.finishBuild(build.buildid, i % 5 === 0 ? 2 : 0);
      last = build.number;
    }
    const lastNotice = new RegExp(`^Build #${last} of fast-pass `);
    const eventsDone = await out.waitFor((text) => lastNotice.test(text), { timeoutMs: 900_000, what: `the notification of build #${last}` });
    const eventsPerSecond = Math.round((BUILDS * 2) / ((eventsDone.line.at - eventsStart) / 1000));
    await settle();
    const rssAfterEventsMb = residentMb(pid);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS - SETTLE_MS));
    const rssAfterEventsQuietMb = residentMb(pid);
    process.stdout.write(`   after ${BUILDS * 2} events: ${rssAfterEventsMb} MB, 30 s later ${rssAfterEventsQuietMb} MB\n`);

    const since = out.lines.length;
    const commandsStart = performance.now();
    const lines = Array.from({ length: COMMANDS }, (_, i) => COMMAND_MIX[i % COMMAND_MIX.length]);
    child.stdin.write(`${lines.join('\n')}\n${END_MARKER}\n`);
    const commandsDone = await out.waitFor((text) => text.includes(END_MARKER), { since, timeoutMs: 900_000, what: 'the end of the commands' });
    const commandsPerSecond = Math.round(COMMANDS / ((commandsDone.line.at - commandsStart) / 1000));
    await settle();
    const rssAfterCommandsMb = residentMb(pid);
    const rssLibrariesOnlyMb = await idleRss(build.cli, LIBRARIES);
    const rssBareNodeMb = await idleRss(build.cli, []);
    process.stdout.write(`   libraries alone: ${rssLibrariesOnlyMb} MB, node alone: ${rssBareNodeMb} MB\n`);
    return {
      runner: `node ${nodeFlags().join(' ')}${nodeFlags().length ? ' ' : ''}dist/src/cli.js --console (compiled by tsc)`,
      adapters: 'console, irc (fake IRC server, 1 channel), telegram (fake Bot API, 1 chat)',
      builders: fake.state.builders.length,
      startupToFirstReplyMs, rssIdleMb, events: BUILDS * 2, eventsPerSecond, rssAfterEventsMb, rssAfterEventsQuietMb, commands: COMMANDS, commandsPerSecond, rssAfterCommandsMb,
      rssLibrariesOnlyMb, rssBareNodeMb,
    };
  } finally {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    config.remove();
    build.remove();
    await fake.close();
    await ircd.close();
    await telegram.close();
  }
}

/**
 * RSS of a node that imports `libraries` beside the compiled CLI (so from its node_modules), with
 * the CLI's V8 settings, read after the same settling time as the bot's idle reading.
 */
async function idleRss(cli: string, libraries: string[]): Promise<number> {
  const settings = pathToFileURL(join(dirname(cli), 'lifecycle', 'prefer-small-memory.js')).href;
  const code = `await import(${JSON.stringify(settings)}); for (const name of ${JSON.stringify(libraries)}) await import(name); setInterval(() => {}, 60_000);`;
  const child = spawn(process.execPath, [...nodeFlags(), '--input-type=module', '-e', code], { cwd: dirname(dirname(dirname(cli))), stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await settle();
    if (child.pid === undefined || child.exitCode !== null) throw new Error(`node importing ${libraries.join(', ') || 'nothing'} stopped early`);
    return residentMb(child.pid);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Node flags for the measured bot, as BENCH_NODE_FLAGS (space-separated) gives them: none by default. */
function nodeFlags(): string[] {
  return (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
}

export const footprint: Benchmark = {
  key: 'footprint',
  title: `footprint: startup, and memory idle, after ${BUILDS * 2} events and after ${COMMANDS} commands (CLI with console, IRC and Telegram; fake master with ${EXTRA_BUILDERS} extra builders)`,
  run: async () =>
    measured(await measure(), (r) => [
      ['footprint', 'startup to first reply', `${r.startupToFirstReplyMs} ms`],
      ['footprint', 'RSS idle', `${r.rssIdleMb} MB`],
      ['footprint', `RSS 3 s after ${r.events} events`, `${r.rssAfterEventsMb} MB`],
      ['footprint', `RSS 30 s after ${r.events} events`, `${r.rssAfterEventsQuietMb} MB`],
      ['footprint', 'events handled', `${r.eventsPerSecond} /s`],
      ['footprint', `RSS after ${r.commands} commands`, `${r.rssAfterCommandsMb} MB`],
      ['footprint', 'RSS of node importing only the libraries the bot loads', `${r.rssLibrariesOnlyMb} MB`],
      ['footprint', 'RSS of node alone', `${r.rssBareNodeMb} MB`],
      ['footprint', 'console commands', `${r.commandsPerSecond} /s`],
    ]),
};
