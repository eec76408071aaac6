/**
 * `worker pause|unpause` through the console against the real master: a paused worker1 leaves a
 * forced build waiting, unpausing lets it run; `list workers` shows the state; the `worker`
 * notification tells a pause made by the bot and one made elsewhere (straight over REST), from
 * the master's workers/ID/state_updated events.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { z } from 'zod';
import { SUCCESS } from '../../src/buildbot/results.js';
import { startConsoleSession, type ConsoleSession } from '../support/console-session.js';
import { forceBuild, getBuildRequest, getList, waitForBuild } from './support/buildbot-rest.js';

const url = inject('buildbotUrl');
const workerSchema = z.object({ workerid: z.number().int(), name: z.string(), paused: z.boolean() });

let operator: ConsoleSession;
const say = (line: string) => operator.say(line);

async function worker1(): Promise<z.infer<typeof workerSchema>> {
  const [found] = await getList(url, 'workers/worker1', 'workers', workerSchema);
  if (!found) throw new Error('worker1 is not on the master');
  return found;
}

async function setPausedOverRest(paused: boolean): Promise<void> {
  const { workerid } = await worker1();
  const answer = await fetch(new URL(`api/v2/workers/${workerid}`, url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: paused ? 'pause' : 'unpause', id: 1, params: { reason: 'from the web UI' } }),
  });
  expect(answer.status).toBe(200);
}

const PAUSED = 'Worker worker1 was paused: it takes no new builds until it is unpaused.';
const UNPAUSED = 'Worker worker1 was unpaused: it takes builds again.';

/** Waits until the console printed LINE after index FROM (a notification arrives on its own). */
async function printed(line: string, from: number): Promise<void> {
  await vi.waitFor(() => expect(operator.printed.slice(from)).toContain(line), { timeout: 15_000, interval: 100 });
}

beforeAll(async () => {
  operator = await startConsoleSession({ masterUrl: url, timing: { buildStopWaitMs: 10_000 } });
  expect(await say('notify on worker')).toHaveLength(1);
});

afterAll(async () => {
  // never leave the shared master's only worker paused
  if ((await worker1()).paused) await setPausedOverRest(false);
  await operator?.close();
});

describe('worker pause and unpause', () => {
  it('pauses worker1: a forced build waits, and runs once it is unpaused', async () => {
    let from = operator.printed.length;
    // the notification may come while the command waits for the master, or after it: before the
    // reply among the lines the command printed, or later
    expect(await say('worker pause worker1 maintenance')).toContain('Paused worker worker1: it takes no new builds until unpaused; builds it runs now go on.');
    expect((await worker1()).paused).toBe(true);
    await printed(PAUSED, from);
    expect((await say('list workers'))[0]).toMatch(/ worker1 \(connected, paused\)/);
    expect(await say('worker pause worker1')).toEqual(['Worker worker1 is already paused.']);

    const brid = await forceBuild(url, 'fast-pass', { reason: 'waits for the pause' });
    // fast-pass takes about 1 s; well past that the request still waits for worker1
    await new Promise((wake) => setTimeout(wake, 4_000));
    expect(await getBuildRequest(url, brid)).toMatchObject({ claimed: false, complete: false });
    expect(await say('pending ^fast-pass$')).toEqual([
      '1 build request waiting for builders matching ^fast-pass$:',
      expect.stringMatching(new RegExp(`^fast-pass request ${brid}, waiting for \\d+s: .*waits for the pause$`)),
    ]);

    from = operator.printed.length;
    expect(await say('worker unpause worker1 done')).toContain('Unpaused worker worker1: it takes builds again.');
    await printed(UNPAUSED, from);
    expect(await waitForBuild(url, brid)).toMatchObject({ results: SUCCESS });
    expect((await say('list workers'))[0]).toMatch(/ worker1 \(connected\)/);
  });

  it('tells the worker subscribers of a pause and an unpause made elsewhere', async () => {
    const before = operator.printed.length;
    await setPausedOverRest(true);
    // Buildbot reads the worker when it sends state_updated: an unpause sent before that read
    // would make both events say "not paused", so the test waits for the first
    await printed(PAUSED, before);
    await setPausedOverRest(false);
    await vi.waitFor(() => expect(operator.printed.slice(before)).toEqual([PAUSED, UNPAUSED]), { timeout: 15_000, interval: 100 });
  });

  it('under confirm: asks before pausing, and pauses only on yes', async () => {
    const from = operator.printed.length;
    const careful = await startConsoleSession({ masterUrl: url, console: { confirm: ['worker'] }, timing: { buildStopWaitMs: 10_000 } });
    try {
      expect(await careful.say('worker pause worker1 disk full')).toEqual(['Pause worker worker1 (it takes no new builds until unpaused) because "disk full"? Answer yes within 60 s.']);
      expect(await careful.say('no')).toEqual(['Cancelled: worker pause worker1 disk full was not run.']);
      expect((await worker1()).paused).toBe(false);
      // already running: nothing to ask
      expect(await careful.say('worker unpause worker1')).toEqual(['Worker worker1 is already running (not paused).']);
      await careful.say('worker pause worker1');
      expect(await careful.say('yes')).toEqual(['Paused worker worker1: it takes no new builds until unpaused; builds it runs now go on.']);
      expect((await worker1()).paused).toBe(true);
    } finally {
      await careful.close();
      if ((await worker1()).paused) await setPausedOverRest(false);
    }
    // the operator hears of both (it follows worker events): wait, so that no later answer is mixed with them
    await printed(UNPAUSED, from);
  });

  it('gives the usage line, names unknown workers, and refuses users authz does not name', async () => {
    expect(await say('worker')).toEqual(['Usage: worker pause|unpause NAME [REASON]']);
    expect(await say('worker stop worker1')).toEqual(["I can pause or unpause a worker, not 'stop' it. Usage: worker pause|unpause NAME [REASON]"]);
    expect(await say('worker pause nosuch')).toEqual(["No worker named 'nosuch'. Workers: ghost, worker1."]);
    const guest = await startConsoleSession({ masterUrl: url, user: 'guest' });
    try {
      expect(await guest.say('worker pause worker1')).toEqual(["You are not allowed to run 'worker'."]);
    } finally {
      await guest.close();
    }
    expect((await worker1()).paused).toBe(false);
  });
});
