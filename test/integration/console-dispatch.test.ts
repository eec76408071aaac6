/**
 * What the core does around commands, seen on the console of the whole bot against the fake
 * master: unknown and malformed commands, authz, a master that is down, the end of the input.
 */
import { describe, expect, it } from 'vitest';
import { shownUsage } from '../../src/core/usage.js';
import force from '../../commands/force.js';
import type { FakeMaster } from '../fakes/fake-master.js';
import { consoleCommandNames } from '../support/console-session.js';
import { consolePerTest } from './support/console-against-fake.js';

const start = consolePerTest();

const KNOWN = (await consoleCommandNames()).join(', ');

function controlCalls(fake: FakeMaster): string[] {
  return fake.requests.filter((r) => r.method === 'POST').map((r) => r.path);
}

describe('unknown and malformed commands', () => {
  it('names an unknown command and lists the known ones', async () => {
    const { say } = await start();
    expect(await say('frobnicate the widget')).toEqual([`I don't know the command 'frobnicate'. I know: ${KNOWN}.`]);
  });

  it('lists no commands in that answer to a user who may not run `commands` (Buildbot bug 25)', async () => {
    const { say } = await start({}, { authz: { commands: false } });
    expect(await say('frobnicate')).toEqual(["I don't know the command 'frobnicate'."]);
    expect(await say('commands')).toEqual(["You are not allowed to run 'commands'."]);
  });

  it('treats a command the console cannot offer as unknown', async () => {
    const { say } = await start();
    expect(await say('join #ci')).toEqual([`I don't know the command 'join'. I know: ${KNOWN}.`]);
  });

  it('takes command names in any case', async () => {
    const { say } = await start();
    expect(await say('STATUS queued')).toEqual(['queued: offline; never built']);
  });

  it('answers an unclosed quote with the usage line', async () => {
    const { say, fake } = await start();
    expect(await say('force build fast-pass "half a reason')).toEqual([`No closing quotation. Usage: ${shownUsage(force, false)}`]);
    expect(controlCalls(fake)).toEqual([]);
  });

  it('keeps quoted words together', async () => {
    const { say, fake } = await start();
    await say("force build fast-pass 'two  spaces' and \"more words\"");
    expect(fake.requests.find((r) => r.method === 'POST')?.body).toMatchObject({ params: { reason: 'two  spaces and more words (forced by operator)' } });
  });
});

describe('authz', () => {
  it('denies the dangerous commands by default and names only the command', async () => {
    const { say, fake } = await start({}, { authz: {} });
    expect(await say('force build fast-pass --props=secret=1 because')).toEqual(["You are not allowed to run 'force'."]);
    expect(await say('stop build slow now')).toEqual(["You are not allowed to run 'stop'."]);
    expect(await say('shutdown check')).toEqual(["You are not allowed to run 'shutdown'."]);
    expect(controlCalls(fake)).toEqual([]);
    expect(fake.requests.filter((r) => r.path === '/api/v2/masters')).toEqual([]);
  });

  it('still lets everybody run the safe commands by default', async () => {
    const { say } = await start({}, { authz: {} });
    expect(await say('status queued')).toEqual(['queued: offline; never built']);
  });

  it('allows the dangerous commands to the users listed under "!", and to nobody else', async () => {
    const authz = { '': true, '!': ['Operator'] };
    const operator = await start({}, { authz });
    expect(await operator.say('shutdown check')).toEqual(['Master fake:/srv/bb/master is running, last seen 1 hour ago.']);
    expect((await operator.say('force build fast-pass'))[0]).toBe('Force build of fast-pass requested (request 1, scheduler force-fast-pass).');
    const guest = await start({}, { authz, user: 'guest' });
    expect(await guest.say('force build fast-pass')).toEqual(["You are not allowed to run 'force'."]);
    expect(controlCalls(guest.fake)).toEqual([]);
  });

  it("lets a command's own entry win over '!' and ''", async () => {
    const { say } = await start({}, { user: 'guest', authz: { '': true, '!': false, stop: ['guest'], status: false } });
    expect(await say('stop build slow')).toEqual(['No build of slow is running.']);
    expect(await say('force build slow')).toEqual(["You are not allowed to run 'force'."]);
    expect(await say('status')).toEqual(["You are not allowed to run 'status'."]);
    expect(await say('list workers')).toEqual(['Workers (2): ghost (disconnected), worker1 (connected)']);
  });

  it('names the command, not the alias typed, in a refusal', async () => {
    const { say } = await start({}, { authz: { hello: false } });
    expect(await say('hi')).toEqual(["You are not allowed to run 'hello'."]);
  });
});

describe('a master that is down', () => {
  it('is named in one reply line, for reads and for force, and the log keeps the details', async () => {
    const { say, fake, session } = await start();
    await fake.down('refuse');
    const down = `The Buildbot master at ${fake.url} is not answering.`;
    expect(await say('status all')).toEqual([down]);
    expect(await say('version')).toEqual([down]);
    expect(await say('list builders')).toEqual([down]);
    expect(await say('force build fast-pass x')).toEqual([down]);
    expect(session.logs.some((line) => line.includes('"msg":"command failed on the master"') && line.includes('"command":"status"'))).toBe(true);
  });

  it('is named the same when it resets connections, and answered again once it is back', async () => {
    const { say, fake } = await start();
    await fake.down('reset');
    expect(await say('list workers')).toEqual([`The Buildbot master at ${fake.url} is not answering.`]);
    await fake.up();
    expect(await say('list workers')).toEqual(['Workers (2): ghost (disconnected), worker1 (connected)']);
  });
});

describe('the end of the input', () => {
  it('is reached only after the replies of the last line are printed', async () => {
    const { fake, session, link } = await start();
    const answered = session.say('force build fast-pass last words');
    await session.close();
    await answered;
    expect(session.printed).toEqual([
      'Force build of fast-pass requested (request 1, scheduler force-fast-pass).',
      `Build #1 of fast-pass started.  ${link('fast-pass', 1)}`,
    ]);
    expect(fake.state.builds).toHaveLength(1);
  });
});
