/**
 * Footprint (issue 7): the compiled CLI with the console adapter, as a user starts it, against
 * the in-process fake master. Startup is from spawning node to the first reply line; memory is the
 * process's resident set when idle, after 10,000 master events (5,000 builds, each started and
 * finished, the console subscribed to `finished`) and after 10,000 console commands.
 */
import { spawn } from 'node:child_process';
import { startFakeMaster } from '../test/fakes/fake-master.js';
import { measured, type Benchmark } from './support/benchmark.js';
import { writeBenchConfig } from './support/bot-config.js';
import { compileBot } from './support/compiled-build.js';
import { residentMb } from './support/process-memory.js';
import { round1 } from './support/stats.js';
import { TimedLines } from './support/timed-lines.js';

const BUILDS = 5_000;
const COMMANDS = 10_000;
const SETTLE_MS = 3_000;
/** What a console user types most, safe commands that read the master. */
const COMMAND_MIX = ['status', 'status fast-pass', 'last fast-pass', 'list builders', 'help', 'version', 'hello', 'notify list', 'help force', 'list workers'];
const END_MARKER = 'zz-bench-end';

export interface FootprintResult {
  runner: string;
  startupToFirstReplyMs: number;
  rssIdleMb: number;
  events: number;
  eventsPerSecond: number;
  rssAfterEventsMb: number;
  commands: number;
  commandsPerSecond: number;
  rssAfterCommandsMb: number;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

async function measure(): Promise<FootprintResult> {
  const build = await compileBot();
  const fake = await startFakeMaster({ buildStartDelayMs: 0 });
  const config = writeBenchConfig(fake.url, { console: { user: 'operator', notifyEvents: ['finished'] } });
  const started = performance.now();
  const child = spawn(process.execPath, [build.cli, '--config', config.path, '--console'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const out = new TimedLines(child.stdout);
    child.stdin.write('version\n');
    const first = await out.waitFor(() => true, { what: 'the reply to version' });
    const startupToFirstReplyMs = round1(first.line.at - started);
    const pid = child.pid;
    if (pid === undefined) throw new Error('the bot has no pid');
    await settle();
    const rssIdleMb = residentMb(pid);

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

    const since = out.lines.length;
    const commandsStart = performance.now();
    const lines = Array.from({ length: COMMANDS }, (_, i) => COMMAND_MIX[i % COMMAND_MIX.length]);
    child.stdin.write(`${lines.join('\n')}\n${END_MARKER}\n`);
    const commandsDone = await out.waitFor((text) => text.includes(END_MARKER), { since, timeoutMs: 900_000, what: 'the end of the commands' });
    const commandsPerSecond = Math.round(COMMANDS / ((commandsDone.line.at - commandsStart) / 1000));
    await settle();
    const rssAfterCommandsMb = residentMb(pid);
    return {
      runner: 'node dist/src/cli.js --console (compiled by tsc)',
      startupToFirstReplyMs, rssIdleMb, events: BUILDS * 2, eventsPerSecond, rssAfterEventsMb, commands: COMMANDS, commandsPerSecond, rssAfterCommandsMb,
    };
  } finally {
    child.stdin.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
    config.remove();
    build.remove();
    await fake.close();
  }
}

export const footprint: Benchmark = {
  key: 'footprint',
  title: `footprint: startup, and memory idle, after ${BUILDS * 2} events and after ${COMMANDS} commands (CLI, console adapter, fake master)`,
  run: async () =>
    measured(await measure(), (r) => [
      ['footprint', 'startup to first reply', `${r.startupToFirstReplyMs} ms`],
      ['footprint', 'RSS idle', `${r.rssIdleMb} MB`],
      ['footprint', `RSS after ${r.events} events`, `${r.rssAfterEventsMb} MB`],
      ['footprint', 'events handled', `${r.eventsPerSecond} /s`],
      ['footprint', `RSS after ${r.commands} commands`, `${r.rssAfterCommandsMb} MB`],
      ['footprint', 'console commands', `${r.commandsPerSecond} /s`],
    ]),
};
