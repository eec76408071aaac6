/**
 * Issue 3's promise against the fake master: every build's started and finished notification
 * reaches the console exactly once, in order, when the master's WebSocket drops in the middle
 * of a burst, and when the bot itself is stopped in the middle of one and started again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';

const SUCCESS = 0;
const FAILURE = 2;

let master: FakeMaster;
const bots: ConsoleBot[] = [];
const databases: string[] = [];

beforeEach(async () => {
  master = await startFakeMaster({ buildStartDelayMs: 5 });
});

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop();
  for (const database of databases.splice(0)) removeDatabase(database);
  await master.close();
});

async function bot(database?: string): Promise<ConsoleBot> {
  const started = await startConsoleBot({
    masterUrl: master.url,
    console: { notifyEvents: ['started', 'finished'] },
    ...(database ? { database } : {}),
  });
  bots.push(started);
  if (!database) databases.push(started.database);
  return started;
}

/** The lines about build #number of builder, e.g. ["started", "finished"]. */
function story(lines: string[], builder: string, number: number): string[] {
  const about = new RegExp(`^Build #${number} of ${builder} (started|completed successfully|failed)`);
  return lines.flatMap((line) => {
    const match = about.exec(line);
    return match ? [match[1] === 'started' ? 'started' : 'finished'] : [];
  });
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('notifications survive a dropped WebSocket', () => {
  it('delivers each started and finished exactly once, started before finished', async () => {
    const console = await bot();
    const builds: number[] = [];
    for (let i = 0; i < 20; i++) {
      const build = master.startBuild({ builder: 'fast-pass', durationMs: null });
      builds.push(build.buildid);
      if (i === 7) master.dropWebSockets();
      if (i % 2 === 1) master.finishBuild(builds[i - 1] as number, i % 4 === 1 ? FAILURE : SUCCESS);
      await settle(15);
    }
    for (const [i, buildid] of builds.entries()) if (i % 2 === 1 || i === builds.length - 1) master.finishBuild(buildid, SUCCESS);
    for (const buildid of builds) expect(master.build(buildid)?.complete).toBe(true);

    await console.waitFor((lines) => lines.filter((l) => / of fast-pass (completed|failed)/.test(l)).length >= 20, 15_000, '20 finished lines');
    await settle(300); // a duplicate would arrive now
    const numbers = builds.map((id) => master.build(id)?.number as number);
    for (const number of numbers) expect(story(console.lines, 'fast-pass', number), `build #${number}`).toEqual(['started', 'finished']);
    expect(console.lines.filter((l) => l.startsWith('Build #'))).toHaveLength(40);
  });
});

describe('notifications survive a bot restart', () => {
  it('delivers what happened while the bot was stopped, once, after it starts again', async () => {
    const first = await bot();
    const builds: number[] = [];
    for (let i = 0; i < 6; i++) builds.push(master.startBuild({ builder: 'fast-fail', durationMs: null }).buildid);
    for (const buildid of builds.slice(0, 3)) master.finishBuild(buildid, FAILURE);
    await first.waitFor((lines) => lines.filter((l) => / of fast-fail failed/.test(l)).length >= 3, 10_000, 'the first three finished');
    await first.stop();
    bots.splice(bots.indexOf(first), 1);

    // While the bot is away: three builds finish, four more start (two of which finish too).
    for (const buildid of builds.slice(3)) master.finishBuild(buildid, FAILURE);
    const later: number[] = [];
    for (let i = 0; i < 4; i++) later.push(master.startBuild({ builder: 'fast-fail', durationMs: null }).buildid);
    await settle(50);
    for (const buildid of later.slice(0, 2)) master.finishBuild(buildid, SUCCESS);

    const second = await bot(first.database);
    await second.waitFor((lines) => lines.filter((l) => l.startsWith('Build #')).length >= 3 + 4 + 2, 10_000, 'the missed notifications');
    await settle(300);
    const all = [...first.lines, ...second.lines];
    for (const buildid of [...builds, ...later.slice(0, 2)]) {
      const number = master.build(buildid)?.number as number;
      expect(story(all, 'fast-fail', number), `build #${number}`).toEqual(['started', 'finished']);
    }
    for (const buildid of later.slice(2)) expect(story(all, 'fast-fail', master.build(buildid)?.number as number)).toEqual(['started']);
    // The first bot saw the first six start and three finish; nothing of that is told twice.
    expect(second.lines.filter((l) => l.startsWith('Build #'))).toHaveLength(3 + 4 + 2);
  });
});
