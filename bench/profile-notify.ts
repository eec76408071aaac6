/**
 * npm run bench:profile [-- NODE FLAGS...]: where the time between a /ws frame and the IRC line
 * goes, for profiling rather than for the results file. The compiled bot runs in a child process
 * (with the node flags given, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof), the fake master and the
 * fake IRC server in this one, so both ends of each measurement are read on one clock: from the
 * moment the fake master publishes a build's `finished` frame to the moment the bot's line for it
 * arrives. #ci is subscribed to `started` and `finished`, as in the latency benchmark; each build
 * is finished only once its start was told, so the two never queue behind each other.
 */
import { spawn } from 'node:child_process';
import { startFakeMaster } from '../test/fakes/fake-master.js';
import { FakeIrcd } from '../test/integration/support/fake-ircd.js';
import { writeBenchConfig } from './support/bot-config.js';
import { compileBot } from './support/compiled-build.js';
import { p50p95, round1 } from './support/stats.js';

const BUILDS = Number(process.env.PROFILE_BUILDS ?? 300);
const WARM_UP = 20;
const EXTRA_BUILDERS = 200;

/** Resolves with the arrival time of the first line matching `pattern` from now on. */
function nextLine(ircd: FakeIrcd, pattern: RegExp, timeoutMs = 30_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; the last received: ${ircd.received.slice(-5).join(' | ')}`)), timeoutMs);
    ircd.onLine = (line) => {
      // IRC formatting (bold, colours) removed before matching
      if (!pattern.test(line.replace(/[\x02\x0f\x1d\x1f]|\x03\d{0,2}(,\d{1,2})?/g, ''))) return;
      const at = performance.now();
      clearTimeout(timer);
      ircd.onLine = null;
      resolve(at);
    };
  });
}

async function main(nodeFlags: string[]): Promise<void> {
  const build = await compileBot();
  const fake = await startFakeMaster({ buildStartDelayMs: 0 });
  for (let n = 1; n <= EXTRA_BUILDERS; n++) fake.addBuilder({ name: `bulk-${String(n).padStart(3, '0')}` });
  const ircd = await FakeIrcd.start();
  const config = writeBenchConfig(fake.url, {
    irc: { host: '127.0.0.1', port: ircd.port, nick: 'bbot', channels: ['#ci'], notifyEvents: ['started', 'finished'], floodBurst: 5, floodLinesPerSecond: 100 },
  });
  const child = spawn(process.execPath, [...nodeFlags, build.cli, '--config', config.path], { stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await ircd.waitForLine(/^JOIN #ci$/, 60_000);
    // the bot's subscription of #ci is made at start; give its event stream time to connect
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const times: number[] = [];
    for (let i = 0; i < BUILDS + WARM_UP; i++) {
      const startedLine = nextLine(ircd, /^(PRIVMSG|NOTICE) #ci :Build #\d+ of fast-pass started/);
      const record = fake.startBuild({ builder: 'fast-pass', durationMs: null });
      await startedLine;
      // the flood bucket refills (100 lines a second here): no line waits for credit
      await new Promise((resolve) => setTimeout(resolve, 50));
      const finishedLine = nextLine(ircd, new RegExp(`^(PRIVMSG|NOTICE) #ci :Build #${record.number} of fast-pass (?!started)`));
      const sent = performance.now();
      fake.finishBuild(record.buildid, 0);
      const arrived = await finishedLine;
      if (i >= WARM_UP) times.push(arrived - sent);
    }
    const { p50, p95 } = p50p95(times);
    process.stdout.write(`${BUILDS} builds: frame to line min ${round1(Math.min(...times))} ms, p50 ${p50} ms, p95 ${p95} ms, max ${round1(Math.max(...times))} ms\n`);
  } finally {
    child.kill('SIGTERM');
    await exited;
    config.remove();
    build.remove();
    await ircd.close();
    await fake.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`profile-notify: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
