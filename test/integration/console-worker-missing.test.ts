/**
 * The `worker` event against the fake master: a worker that disconnects and stays away for
 * notify.workerMissingAfterMinutes is reported missing (Buildbot's bots wait for the master's
 * "missing", an hour by default, and ignore the disconnection: its bug 5), then back once it
 * reconnects; a quick reconnect says nothing, and the master's own late "missing" is not a
 * second report.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';

const GRACE_MINUTES = 0.005; // 300 ms

let master: FakeMaster;
let console: ConsoleBot;

beforeEach(async () => {
  master = await startFakeMaster();
  console = await startConsoleBot({
    masterUrl: master.url,
    console: { notifyEvents: ['worker'] },
    config: { notify: { workerMissingAfterMinutes: GRACE_MINUTES } },
  });
});

afterEach(async () => {
  await console.stop();
  removeDatabase(console.database);
  await master.close();
});

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const about = (name: string) => console.lines.filter((line) => line.startsWith(`Worker ${name} `));

describe('workers that disconnect', () => {
  it('are missing after the grace, back when they reconnect, and told once each', async () => {
    master.disconnectWorker('worker1');
    await console.waitFor(() => about('worker1').length === 1, 10_000, 'the worker reported missing');
    expect(about('worker1')[0]).toMatch(/^Worker worker1 is missing; it was last seen \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);
    master.reportWorkerMissing('worker1'); // the master's own, an hour later by default
    master.connectWorker('worker1');
    await console.waitFor(() => about('worker1').length === 2, 10_000, 'the worker reported back');
    await console.bot.notifications.idle();
    expect(about('worker1')).toEqual([expect.stringMatching(/^Worker worker1 is missing/), 'Worker worker1 is back online.']);
  });

  it('say nothing when the worker is back within the grace', async () => {
    master.disconnectWorker('worker1');
    await settle(50);
    master.connectWorker('worker1');
    await settle(GRACE_MINUTES * 60_000 * 3);
    await console.bot.notifications.idle();
    expect(about('worker1')).toEqual([]);
  });
});
