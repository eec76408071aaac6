/**
 * force build and stop build typed on the console of the whole bot against the fake master:
 * what the user reads, and what the master was asked.
 */
import { describe, expect, it } from 'vitest';
import { shownUsage } from '../../src/core/usage.js';
import force from '../../commands/force.js';
import { SUCCESS } from '../../src/buildbot/results.js';
import type { FakeMaster } from '../fakes/fake-master.js';
import { consolePerTest } from './support/console-against-fake.js';

const start = consolePerTest();

/** As a bot with one master shows it. */
const FORCE_USAGE = `Usage: ${shownUsage(force, false)}`;
const STOP_USAGE = 'Usage: stop build BUILDER [REASON]';

/** The JSON-RPC calls the master received, as [path, method, params]. */
function controlCalls(fake: FakeMaster): [string, string, Record<string, unknown>][] {
  return fake.requests
    .filter((r) => r.method === 'POST' && r.path.startsWith('/api/v2/'))
    .map((r) => {
      const body = r.body as { method: string; params: Record<string, unknown> };
      return [r.path, body.method, body.params];
    });
}

describe('force build', () => {
  it('forces through the builder\'s own scheduler and answers with the build number and link', async () => {
    const { say, fake, link } = await start();
    expect(await say('force build fast-pass testing it')).toEqual([
      'Force build of fast-pass requested (request 1, scheduler force-fast-pass).',
      `Build #1 of fast-pass started.  ${link('fast-pass', 1)}`,
    ]);
    expect(controlCalls(fake)).toEqual([
      [
        '/api/v2/forceschedulers/force-fast-pass',
        'force',
        { builderid: fake.builder('fast-pass').builderid, reason: 'testing it (forced by operator)', username: 'operator <operator@console.invalid>' },
      ],
    ]);
  });

  it('the forced build runs: last reports it once it is done', async () => {
    const { say, fake, link } = await start();
    await say('force build fast-pass');
    const build = fake.state.builds.find((b) => b.number === 1 && b.builderid === fake.builder('fast-pass').builderid);
    await expect.poll(() => build?.complete, { timeout: 5_000 }).toBe(true);
    expect(build?.results).toBe(SUCCESS);
    const lines = await say('last fast-pass');
    expect(lines).toEqual([`fast-pass: build #1 completed successfully 1 hour ago, after 0s  ${link('fast-pass', 1)}`]);
  });

  it('passes --branch, --revision and --props, converting a boolean property', async () => {
    const { say, fake } = await start();
    const lines = await say('force build --branch=dev --revision abc123 --props=duration=1,result=fail,clean=yes mixed "long one"');
    expect(lines[0]).toBe('Force build of mixed requested (request 1, scheduler force-mixed).');
    expect(controlCalls(fake)[0]?.[2]).toEqual({
      builderid: fake.builder('mixed').builderid,
      branch: 'dev',
      revision: 'abc123',
      duration: '1',
      result: 'fail',
      clean: true,
      reason: 'long one (forced by operator)',
      username: 'operator <operator@console.invalid>',
    });
  });

  it('sends the master no control character a user typed (NUL, CTCP, IRC codes, C1), keeping tabs', async () => {
    const { say, fake } = await start();
    const lines = await say('force build --branch=de\x00v --props=duration=1\x02,result=fail mixed "long\x01 \x03one\x0f\tand\x1b tab"');
    expect(lines[0]).toBe('Force build of mixed requested (request 1, scheduler force-mixed).');
    expect(controlCalls(fake)[0]?.[2]).toMatchObject({
      branch: 'dev',
      duration: '1',
      result: 'fail',
      reason: 'long one\tand tab (forced by operator)',
    });
  });

  it('shows the form with each property name beside its label, so --props can be typed without guessing', async () => {
    const { say } = await start();
    expect(await say('force form slow')).toEqual([
      'Forcing slow (scheduler force-slow) takes: --reason: Reason, default forced; --branch, default main; --revision; ' +
        'duration: Duration in s (slow, mixed); result: Outcome (flaky, slow, mixed) (auto|pass|warn|fail), default auto; clean: Clean build (true|false), default false.',
      'Say force build [--branch=BRANCH] [--props=NAME=VALUE,...] slow [REASON] to start it.',
    ]);
  });

  it('refuses an unknown --props name and lists the allowed ones, without asking the master to force', async () => {
    const { say, fake } = await start();
    expect(await say('force build --props=colour=red flaky x')).toEqual([
      "Unknown property 'colour' for force-flaky; allowed: duration, result (auto|pass|warn|fail), clean (true|false).",
    ]);
    expect(controlCalls(fake)).toEqual([]);
  });

  it('refuses a choice that is not offered and names the choices', async () => {
    const { say, fake } = await start();
    expect(await say('force build --props=result=maybe flaky x')).toEqual(["result must be one of auto, pass, warn, fail, not 'maybe'."]);
    expect(controlCalls(fake)).toEqual([]);
  });

  it('refuses a boolean that is neither true nor false', async () => {
    const { say, fake } = await start();
    expect(await say('force build --props=clean=perhaps flaky x')).toEqual(["clean is true or false, not 'perhaps'."]);
    expect(controlCalls(fake)).toEqual([]);
  });

  it('refuses a codebase the scheduler does not have', async () => {
    const { say, fake } = await start();
    expect(await say('force build --codebase=other fast-pass x')).toEqual([
      "The force scheduler force-fast-pass has no codebase 'other'; its codebases: '' (the default).",
    ]);
    expect(controlCalls(fake)).toEqual([]);
  });

  it('names a builder it does not know', async () => {
    const { say, fake } = await start();
    expect(await say('force build nosuch because')).toEqual(["No builder named 'nosuch'. Try 'list builders'."]);
    expect(controlCalls(fake)).toEqual([]);
  });

  it('prints its usage line for a malformed request', async () => {
    const { say, fake } = await start();
    expect(await say('force')).toEqual([FORCE_USAGE]);
    expect(await say('force build')).toEqual([`Which builder? ${FORCE_USAGE}`]);
    expect(await say('force rebuild fast-pass')).toEqual([`Say 'force build ...', not 'force rebuild'. ${FORCE_USAGE}`]);
    expect(await say('force build --frob=1 fast-pass')).toEqual([`Unknown option '--frob'. ${FORCE_USAGE}`]);
    expect(await say('force build --props=oops fast-pass')).toEqual([`--props takes name=value pairs separated by commas, not 'oops'. ${FORCE_USAGE}`]);
    expect(controlCalls(fake)).toEqual([]);
  });

  it('says so when the master has made no build after the wait', async () => {
    const { say } = await start({}, { timing: { buildStartWaitMs: 1_000 } });
    expect(await say('force build queued x')).toEqual([
      'Force build of queued requested (request 1, scheduler force-queued).',
      'Request 1 for queued has no build after 1s: it is waiting for a free worker, or was merged with another request.',
    ]);
  });

  it("passes on the master's refusal when forcing needs a login the bot does not have", async () => {
    const { say } = await start({ auth: 'control' });
    expect(await say('force build fast-pass x')).toEqual([
      "The Buildbot master does not allow the bot to force a build with force-fast-pass: you need to have role 'admins'.",
    ]);
  });
});

describe('stop build', () => {
  it('sends a stop reason without control characters', async () => {
    const { say, fake } = await start();
    const build = fake.startBuild({ builder: 'slow', durationMs: null });
    await say('stop build slow \x01ACTION\x01 enough\x00\u009b');
    expect(controlCalls(fake)).toEqual([[`/api/v2/builds/${build.buildid}`, 'stop', { reason: 'stopped by operator: ACTION enough' }]]);
  });

  it('stops the running build and reports it cancelled', async () => {
    const { say, fake, link } = await start();
    const build = fake.startBuild({ builder: 'slow', durationMs: null });
    expect(await say('stop build slow enough of that')).toEqual([
      `Stopping build #1 of slow.  ${link('slow', 1)}`,
      `Build #1 of slow was cancelled.  ${link('slow', 1)}`,
    ]);
    expect(controlCalls(fake)).toEqual([[`/api/v2/builds/${build.buildid}`, 'stop', { reason: 'stopped by operator: enough of that' }]]);
    expect(await say('last slow')).toEqual([
      `slow: build #1 was cancelled 1 hour ago, after 0s: cancelled (stopped by operator: enough of that) prepare (cancelled)  ${link('slow', 1)}`,
    ]);
  });

  it('stops every running build of the builder and names each', async () => {
    const { say, fake, link } = await start();
    fake.startBuild({ builder: 'slow', durationMs: null });
    fake.startBuild({ builder: 'slow', durationMs: null });
    const lines = await say('stop build slow');
    expect(lines[0]).toBe(`Stopping builds #1, #2 of slow.  ${link('slow', 1)}  ${link('slow', 2)}`);
    expect(lines.slice(1).sort()).toEqual([`Build #1 of slow was cancelled.  ${link('slow', 1)}`, `Build #2 of slow was cancelled.  ${link('slow', 2)}`]);
    expect(controlCalls(fake).map(([, , params]) => params)).toEqual([{ reason: 'stopped by operator' }, { reason: 'stopped by operator' }]);
  });

  it('answers, without asking the master to stop anything, when no build is running', async () => {
    const { say, fake } = await start();
    const done = fake.startBuild({ builder: 'slow', durationMs: null });
    fake.finishBuild(done.buildid, SUCCESS);
    expect(await say('stop build slow nothing to do')).toEqual(['No build of slow is running.']);
    expect(controlCalls(fake)).toEqual([]);
  });

  it('says so when the build is still running after the wait', async () => {
    const { say, fake, link } = await start({ stopDelayMs: 60_000 }, { timing: { buildStopWaitMs: 1_000 } });
    fake.startBuild({ builder: 'slow', durationMs: null });
    expect(await say('stop build slow')).toEqual([
      `Stopping build #1 of slow.  ${link('slow', 1)}`,
      `Build #1 of slow is still running 1s after the stop request.  ${link('slow', 1)}`,
    ]);
  });

  it('names a builder it does not know, and prints its usage line for a malformed request', async () => {
    const { say, fake } = await start();
    expect(await say('stop build nosuch')).toEqual(["No builder named 'nosuch'. Try 'list builders'."]);
    expect(await say('stop')).toEqual([STOP_USAGE]);
    expect(await say('stop build')).toEqual([STOP_USAGE]);
    expect(await say('stop slow now')).toEqual([`Say 'stop build ...', not 'stop slow'. ${STOP_USAGE}`]);
    expect(controlCalls(fake)).toEqual([]);
  });
});
