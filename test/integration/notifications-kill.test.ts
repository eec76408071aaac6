/**
 * The bot killed with SIGKILL in the middle of a burst (no chance to flush or close anything)
 * and started again on the same database: every build's notifications arrive exactly once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { killBotProcesses, startBotProcess } from '../support/bot-process.js';

const FAILURE = 2;

let master: FakeMaster | undefined;
let dir: string | undefined;

afterEach(async () => {
  await killBotProcesses();
  await master?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const finishedLines = (lines: string[]) => lines.filter((line) => / of fast-fail failed/.test(line));

it('delivers every notification exactly once across a kill -9 and a restart', async () => {
  master = await startFakeMaster({ buildStartDelayMs: 5 });
  dir = mkdtempSync(join(tmpdir(), 'buildbot-chat-kill-'));
  const config = join(dir, 'bot.yaml');
  writeFileSync(
    config,
    stringify({
      buildbot: { url: master.url },
      database: join(dir, 'bot.sqlite'),
      console: { user: 'operator', authz: { '': true }, notifyEvents: ['finished'] },
    }),
  );
  const first = startBotProcess(config, { LOG_LEVEL: 'warn' });
  // The bot is listening once it answers a command (the event stream connects at start).
  first.type('hello');
  await first.waitFor('the first bot to answer', (lines) => lines.length > 0);
  const deadline = Date.now() + 10_000;
  while (master.hub.clientCount === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));

  const builds: number[] = [];
  for (let i = 0; i < 30; i++) builds.push(master.startBuild({ builder: 'fast-fail', durationMs: null }).buildid);
  for (const buildid of builds.slice(0, 10)) master.finishBuild(buildid, FAILURE);
  await first.waitFor('some finished lines', (lines) => finishedLines(lines).length >= 3);
  await first.kill();
  for (const buildid of builds.slice(10)) master.finishBuild(buildid, FAILURE);

  const second = startBotProcess(config, { LOG_LEVEL: 'warn' });
  await second.waitFor('all thirty finished lines', (lines) => finishedLines([...first.lines, ...lines]).length >= 30);
  second.type('hello');
  await second.waitFor('the second bot to answer', (lines) => lines.some((line) => !line.startsWith('Build #')));
  expect(await second.close()).toBe(0);

  const told = finishedLines([...first.lines, ...second.lines]).map((line) => Number(/^Build #(\d+)/.exec(line)?.[1]));
  const numbers = builds.map((id) => master!.build(id)?.number);
  expect([...told].sort((a, b) => a - b)).toEqual(numbers);
}, 90_000); // two bot processes start, under the load of the whole suite
