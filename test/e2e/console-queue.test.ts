/**
 * `running`, `pending` and `cancel` through the console against the real master: the `queued`
 * builder's requests stay pending (its only worker never connects), `slow` runs long enough to be
 * seen running, and what `cancel` reports is checked against the request as the master holds it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CANCELLED } from '../../src/buildbot/results.js';
import { builderSchema } from '../../src/buildbot/schemas.js';
import { startConsoleSession, type ConsoleSession } from '../support/console-session.js';
import { cancelWaitingRequests, forceBuild, getBuildRequest, getList, pendingRequestSchema, waitForBuild } from './support/buildbot-rest.js';

const url = inject('buildbotUrl');
/** A listed request's or build's age can tick a second between two questions: compare without it. */
const ageless = (line: string | undefined) => line?.replace(/\bfor \d+s\b/, 'for Ns');
const TEST_USER = 'e2e test <e2e@example.invalid>';

let operator: ConsoleSession;
const say = (line: string) => operator.say(line);
let builderIds: Map<string, number>;

beforeAll(async () => {
  builderIds = new Map((await getList(url, 'builders', 'builders', builderSchema)).map((b) => [b.name, b.builderid]));
  await cancelWaitingRequests(url, 'queued');
  operator = await startConsoleSession({ masterUrl: url, timing: { buildStopWaitMs: 30_000, buildStartWaitMs: 30_000 } });
});

afterAll(async () => {
  await operator?.close();
  await cancelWaitingRequests(url, 'queued');
});

describe('pending and cancel', () => {
  it('lists the waiting requests of queued with their count, age and reason', async () => {
    const first = await forceBuild(url, 'queued', { reason: 'first in line' });
    const second = await forceBuild(url, 'queued', { reason: 'second in line' });
    const lines = await say('pending queued');
    expect(lines).toEqual([
      '2 build requests waiting for builders matching queued:',
      expect.stringMatching(new RegExp(`^queued request ${first}, waiting for \\d+s: A build was forced by '${TEST_USER}': first in line$`)),
      expect.stringMatching(new RegExp(`^queued request ${second}, waiting for \\d+s: A build was forced by '${TEST_USER}': second in line$`)),
    ]);
    // without a pattern every builder counts; queued's two are among them (their age may have
    // ticked a second between the two questions, so it is left out of the comparison)
    const all = await say('pending');
    expect(all[0]).toMatch(/^\d+ build requests? waiting:$/);
    expect(all.map(ageless)).toEqual(expect.arrayContaining([ageless(lines[1]), ageless(lines[2])]));
  });

  it('cancels one request by id, and the master holds it cancelled', async () => {
    const [waiting] = await getList(url, `buildrequests?builderid=${builderIds.get('queued')}&complete=false&claimed=false`, 'buildrequests', pendingRequestSchema);
    const id = waiting?.buildrequestid ?? -1;
    expect(await say(`cancel ${id} not needed`)).toEqual([`Cancelled build request ${id} of queued.`]);
    expect(await getBuildRequest(url, id)).toMatchObject({ complete: true, results: CANCELLED });
    expect(await say(`cancel ${id}`)).toEqual([`Build request ${id} of queued is not waiting: it ended cancelled.`]);
    expect((await say('pending queued'))[0]).toBe('1 build request waiting for builders matching queued:');
  });

  it('cancels every waiting request of a builder', async () => {
    const third = await forceBuild(url, 'queued', { reason: 'third' });
    const waiting = (await say('pending queued')).slice(1).map((line) => Number(/request (\d+)/.exec(line)?.[1]));
    expect(waiting).toHaveLength(2);
    expect(waiting).toContain(third);
    expect(await say('cancel queued clearing the queue')).toEqual([`Cancelled 2 build requests ${waiting.join(', ')} of queued.`]);
    for (const id of waiting) expect(await getBuildRequest(url, id)).toMatchObject({ complete: true, results: CANCELLED });
    expect(await say('pending queued')).toEqual(['No build requests are waiting for builders matching queued.']);
    expect(await say('cancel queued')).toEqual(['No build requests of queued are waiting.']);
  });

  it('says what is wrong with an unknown id, a builder that does not exist and a bad pattern', async () => {
    expect(await say('cancel 999999')).toEqual(["There is no build request 999999. Say 'pending' to see the waiting ones."]);
    expect(await say('cancel nosuch')).toEqual(["No builder named 'nosuch'. Try 'list builders'."]);
    expect(await say('cancel')).toEqual(['Usage: cancel REQUEST_ID|BUILDER [REASON]']);
    expect(await say('pending (')).toEqual(["'(' is not a regular expression I can read. Usage: pending [REGEX]"]);
  });

  it('refuses cancel to a user authz does not name, and the request stays', async () => {
    const brid = await forceBuild(url, 'queued', { reason: 'guarded' });
    const guest = await startConsoleSession({ masterUrl: url, user: 'guest' });
    try {
      expect(await guest.say(`cancel ${brid}`)).toEqual(["You are not allowed to run 'cancel'."]);
      expect((await guest.say('pending queued'))[1]).toMatch(new RegExp(`^queued request ${brid}, `));
    } finally {
      await guest.close();
    }
    expect(await getBuildRequest(url, brid)).toMatchObject({ complete: false, claimed: false });
  });
});

describe('cancel under confirm:', () => {
  it('asks with the request it will cancel; no keeps it, yes cancels it, and the audit log says what the master did', async () => {
    const brid = await forceBuild(url, 'queued', { reason: 'confirm me' });
    const careful = await startConsoleSession({ masterUrl: url, console: { confirm: ['cancel'] }, timing: { buildStopWaitMs: 30_000 } });
    try {
      expect(await careful.say(`cancel ${brid} no longer wanted`)).toEqual([`Cancel build request ${brid} of queued because "no longer wanted"? Answer yes within 60 s.`]);
      expect(await careful.say('no')).toEqual([`Cancelled: cancel ${brid} no longer wanted was not run.`]);
      expect(await getBuildRequest(url, brid)).toMatchObject({ complete: false, claimed: false });
      await careful.say(`cancel ${brid}`);
      expect(await careful.say('yes')).toEqual([`Cancelled build request ${brid} of queued.`]);
      expect(await getBuildRequest(url, brid)).toMatchObject({ complete: true, results: CANCELLED });
      expect((await careful.say('audit 1')).at(-1)).toMatch(new RegExp(`: cancel ${brid} - ok: confirmed; cancelled request ${brid}$`));
      // nothing left to cancel (the earlier tests' requests cleared over REST): no question, the answer at once
      await cancelWaitingRequests(url, 'queued');
      expect(await careful.say('cancel queued')).toEqual(['No build requests of queued are waiting.']);
    } finally {
      await careful.close();
    }
  });
});

describe('running', () => {
  it('lists a running build with its step, elapsed time and owner, and nothing once it ended', async () => {
    const brid = await forceBuild(url, 'slow', { duration: 20, reason: 'to be seen running' });
    let lines: string[] = [];
    await expect.poll(async () => (lines = await say('running ^slow$')), { timeout: 30_000, interval: 500 }).toEqual([
      '1 build running on builders matching ^slow$:',
      expect.stringMatching(new RegExp(`^slow #\\d+ \\(soak\\), for \\d+s, started by ${TEST_USER}  ${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}#/builders/${builderIds.get('slow')}/builds/\\d+$`)),
    ]);
    expect(lines[1]).toBeDefined();
    expect((await say('running')).map(ageless)).toEqual(expect.arrayContaining([ageless(lines[1])]));
    expect(await say('stop build slow done')).toHaveLength(2);
    await waitForBuild(url, brid);
    expect(await say('running ^slow$')).toEqual(['No builds are running on builders matching ^slow$.']);
  });
});
