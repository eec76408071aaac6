/**
 * The bot killed with SIGKILL in the middle of a burst (no chance to flush or close anything)
 * and started again on the same database: every build's notifications arrive exactly once.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';

const FAILURE = 2;
const root = join(import.meta.dirname, '..', '..');

let master: FakeMaster | undefined;
let dir: string | undefined;
const children: ChildProcessWithoutNullStreams[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await master?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
}

function startBot(config: string): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--config', config, '--console'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  children.push(child);
  const lines: string[] = [];
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr.resume();
  return { child, lines };
}

async function until(what: string, predicate: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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
  const first = startBot(config);
  // The bot is listening once it answers a command (the event stream connects at start).
  first.child.stdin.write('hello\n');
  await until('the first bot to answer', () => first.lines.length > 0);
  await until('the event stream', () => master!.hub.clientCount > 0);

  const builds: number[] = [];
  for (let i = 0; i < 30; i++) builds.push(master.startBuild({ builder: 'fast-fail', durationMs: null }).buildid);
  for (const buildid of builds.slice(0, 10)) master.finishBuild(buildid, FAILURE);
  await until('some finished lines', () => finishedLines(first.lines).length >= 3);
  first.child.kill('SIGKILL');
  for (const buildid of builds.slice(10)) master.finishBuild(buildid, FAILURE);
  await new Promise((resolve) => first.child.once('exit', resolve));

  const second = startBot(config);
  await until('all thirty finished lines', () => finishedLines([...first.lines, ...second.lines]).length >= 30);
  second.child.stdin.write('hello\n');
  await until('the second bot to answer', () => second.lines.some((line) => !line.startsWith('Build #')));
  second.child.stdin.end();
  await new Promise((resolve) => second.child.once('exit', resolve));

  const told = finishedLines([...first.lines, ...second.lines]).map((line) => Number(/^Build #(\d+)/.exec(line)?.[1]));
  const numbers = builds.map((id) => master!.build(id)?.number);
  expect([...told].sort((a, b) => a - b)).toEqual(numbers);
  expect(second.child.exitCode).toBe(0);
});
