/**
 * Mute at the console against the fake master (issue 15): subscribed notifications wait in the
 * outbox while a `watch` result still comes at once, and a mute with a duration ends by the
 * bot's clock, which the test moves, with one digest.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';

const FAILURE = 2;

let master: FakeMaster;
let bot: ConsoleBot | undefined;
let offset = 0;

beforeEach(async () => {
  master = await startFakeMaster();
  offset = 0;
  bot = await startConsoleBot({
    masterUrl: master.url,
    console: { notifyEvents: ['finished'] },
    bot: { people: { clock: () => Date.now() + offset, holdCheckMs: 50 } },
  });
});

afterEach(async () => {
  if (bot) {
    await bot.stop();
    removeDatabase(bot.database);
  }
  await master.close();
});

describe('mute', () => {
  it('holds notifications but never a watch result, and the digest comes when the mute runs out', async () => {
    const console = bot as ConsoleBot;
    const watched = master.startBuild({ builder: 'slow', durationMs: null });
    console.type('watch slow');
    await console.waitFor((lines) => lines.some((l) => l.startsWith('Watching build #1 of slow')));
    console.type('mute 1h');
    await console.waitFor((lines) => lines.some((l) => l.startsWith('Muted until')));
    master.finishBuild(watched.buildid, FAILURE);
    await console.waitFor((lines) => lines.some((l) => l.startsWith('Build #1 of slow failed')), 10_000, 'the watch result');
    const other = master.startBuild({ builder: 'fast-pass', durationMs: null });
    master.finishBuild(other.buildid, 0);
    const held = console.bot.db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM outbox WHERE held = 'muted' AND state = 'pending'`);
    await console.waitFor(() => held.get()?.n === 1, 10_000, 'a held row');
    expect(console.lines.filter((l) => l.includes('fast-pass'))).toEqual([]);

    offset = 61 * 60_000;
    await console.waitFor((lines) => lines.some((l) => l.startsWith('While muted')), 10_000, 'the digest');
    expect(console.lines.filter((l) => l.startsWith('While muted'))).toEqual(['While muted: 1 build, 1 passed, 0 failed.']);
    expect(console.lines.filter((l) => l.startsWith('Build #1 of fast-pass'))).toEqual([]);
  });

  it('answers a bad duration with its usage line', async () => {
    const console = bot as ConsoleBot;
    console.type('mute soon');
    await console.waitFor((lines) => lines.length >= 1);
    expect(console.lines).toEqual(["'soon' is not a duration like 30m, 2h or 1d. Usage: mute [DURATION]"]);
  });
});
