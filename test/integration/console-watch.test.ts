/**
 * `watch BUILDER` from the console against the fake master: the chat that asked hears when each
 * running build of the builder ends, without any subscription, also when the bot was stopped
 * and started again in between; and a build whose end came before its watch is told at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';

const FAILURE = 2;

let master: FakeMaster;
const bots: ConsoleBot[] = [];
const databases: string[] = [];

beforeEach(async () => {
  master = await startFakeMaster();
});

afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop();
  for (const database of databases.splice(0)) removeDatabase(database);
  await master.close();
});

async function bot(database?: string): Promise<ConsoleBot> {
  const started = await startConsoleBot({ masterUrl: master.url, ...(database ? { database } : {}) });
  bots.push(started);
  if (!database) databases.push(started.database);
  return started;
}

describe('watch', () => {
  it('tells the chat when the watched builds end, after the bot was stopped and started again', async () => {
    const first = master.startBuild({ builder: 'slow', durationMs: null });
    const second = master.startBuild({ builder: 'slow', durationMs: null });
    const before = await bot();
    before.type('watch slow');
    await before.waitFor((lines) => lines.some((l) => l.startsWith('Watching builds #1, #2 of slow: I will say here when they finish.')));
    master.finishBuild(first.buildid, FAILURE);
    await before.waitFor((lines) => lines.some((l) => l.startsWith('Build #1 of slow failed')), 10_000, 'the first build to be told');
    await before.stop();
    bots.splice(bots.indexOf(before), 1);

    master.finishBuild(second.buildid, 0);
    const after = await bot(before.database);
    await after.waitFor((lines) => lines.some((l) => l.startsWith('Build #2 of slow completed successfully')), 10_000, 'the second build to be told');
    // told once each, and no watch is left behind
    expect(after.lines.filter((l) => l.startsWith('Build #'))).toHaveLength(1);
    expect(after.bot.db.prepare('SELECT count(*) AS n FROM watches').get()).toEqual({ n: 0 });
  });

  it('answers that nothing runs, and with the usage line', async () => {
    const console = await bot();
    console.type('watch fast-pass');
    console.type('watch');
    await console.waitFor((lines) => lines.length >= 2);
    expect(console.lines).toEqual(['No build of fast-pass is running, so there is nothing to watch.', 'Usage: watch BUILDER']);
  });

  it('tells at once the result of a build whose end was handled before its watch was kept', async () => {
    const running = master.startBuild({ builder: 'slow', durationMs: null });
    const console = await bot();
    // The build ends, and the bot handles its end, between the command's read and its watch.
    const client = console.bot.buildbot;
    const read = client.listBuilds.bind(client);
    Object.assign(client, {
      listBuilds: async (query: Parameters<typeof read>[0]) => {
        const builds = await read(query);
        // only the command's read: the notifier reads builds too while it handles the end
        Object.assign(client, { listBuilds: read });
        master.finishBuild(running.buildid, FAILURE);
        const handled = console.bot.db.prepare("SELECT 1 FROM processed_events WHERE subject_id = ? AND kind = 'finished'");
        while (handled.get(running.buildid) === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
        return builds;
      },
    });
    console.type('watch slow');
    await console.waitFor((lines) => lines.some((l) => l.startsWith('Build #1 of slow has just failed.')));
    expect(console.lines).toEqual([`Build #1 of slow has just failed.  ${master.url}#/builders/${running.builderid}/builds/1`]);
    expect(console.bot.db.prepare('SELECT count(*) AS n FROM watches').get()).toEqual({ n: 0 });
  });
});
