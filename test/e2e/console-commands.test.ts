/**
 * Every command of the console against the real Buildbot master of the e2e setup, through the
 * whole bot (createBot) with its console adapter: what the operator reads, and what the master
 * then holds (a forced build that ran, a stopped build that ended cancelled). Other e2e files
 * use the same master, so build numbers and changes are read from it, never assumed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { botIdentity } from '../../src/bot-identity.js';
import { CANCELLED, SUCCESS } from '../../src/buildbot/results.js';
import { buildSchema, builderSchema, masterSchema } from '../../src/buildbot/schemas.js';
import { closedPort } from '../support/closed-port.js';
import { consoleCommandNames, startConsoleSession, type ConsoleSession } from '../support/console-session.js';
import { getJson, getList, postChange, waitForBuild } from './support/buildbot-rest.js';

const url = inject('buildbotUrl');
const BUILDERS = ['fast-pass', 'fast-fail', 'warn', 'broken', 'flaky', 'slow', 'mixed', 'queued', 'common'];

let operator: ConsoleSession;
const say = (line: string) => operator.say(line);
let builderIds: Map<string, number>;

function link(builder: string, number: number | string): string {
  return `${url}#/builders/${builderIds.get(builder)}/builds/${number}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function buildProperties(buildid: number): Promise<Record<string, unknown>> {
  const answer = z.object({ builds: z.array(z.object({ properties: z.record(z.string(), z.tuple([z.unknown(), z.string()])) })) });
  const [build] = answer.parse(await getJson(url, `builds/${buildid}?property=*`)).builds;
  return Object.fromEntries(Object.entries(build?.properties ?? {}).map(([name, [value]]) => [name, value]));
}

beforeAll(async () => {
  builderIds = new Map((await getList(url, 'builders', 'builders', builderSchema)).map((b) => [b.name, b.builderid]));
  operator = await startConsoleSession({ masterUrl: url, timing: { buildStartWaitMs: 30_000, buildStopWaitMs: 30_000 } });
});

afterAll(async () => {
  await operator?.close();
});

describe('commands that need no master', () => {
  it('answers help, help COMMAND, commands, hello and source', async () => {
    const help = await say('help');
    expect(help.at(-1)).toBe('Say help COMMAND for its usage.');
    const names = await consoleCommandNames();
    expect(help.map((line) => line.split(' - ')[0]).slice(0, -1)).toEqual(names);
    expect(await say('help stop')).toEqual(['Usage: stop build BUILDER [REASON] - stop every running build of a builder']);
    expect(await say('commands')).toEqual([`Commands: ${names.join(', ')}`]);
    expect(await say('hello')).toEqual([expect.stringMatching(/^\p{L}[\p{L} ]*, operator!$/u)]);
    const { name, version } = botIdentity();
    expect(await say('source')).toEqual([`${name} ${version}; this installation names no source URL: set source: in the configuration`]);
  });

  it('names an unknown command and gives usage lines for malformed ones', async () => {
    expect(await say('frobnicate')).toEqual([`I don't know the command 'frobnicate'. I know: ${(await consoleCommandNames()).join(', ')}.`]);
    expect(await say('list')).toEqual(['What shall I list? Usage: list [all|N] builders|workers|changes']);
    expect(await say('stop build')).toEqual(['Usage: stop build BUILDER [REASON]']);
  });
});

describe('reading the master', () => {
  it("gives the bot's version and the master's", async () => {
    const config = z.object({ versions: z.array(z.tuple([z.string(), z.string()])) }).parse(await (await fetch(`${url}config`)).json());
    const buildbot = config.versions.find(([name]) => name === 'Buildbot')?.[1];
    expect(buildbot).toMatch(/^\d+\.\d+/);
    expect(await say('version')).toEqual([`This is buildbot-chat ${botIdentity().version}, talking to Buildbot ${buildbot} at buildbot-chat test master  ${url}`]);
  });

  it('lists the online builders, all builders, and the workers', async () => {
    const [online] = await say('list builders');
    expect(online).toMatch(/^Builders online \(8\): /);
    expect(online?.replace(/^.*: /, '').split(', ').sort()).toEqual(BUILDERS.filter((b) => b !== 'queued').sort());
    const [all] = await say('list all builders');
    expect(all?.replace(/^Builders \(9\): /, '').split(', ').sort()).toEqual([...BUILDERS.filter((b) => b !== 'queued'), 'queued (offline)'].sort());
    const [workers] = await say('list workers');
    expect(workers).toMatch(/^Workers \(2\): /);
    expect(workers?.replace(/^.*?: /, '').split(', ').sort()).toEqual(['ghost (disconnected)', 'worker1 (connected)']);
  });

  it('lists the latest changes, N of them', async () => {
    // not on main: a change there starts fast-pass
    await postChange(url, { author: 'Alice <alice@example.org>', comments: 'fix the widget\ndetails', branch: 'e2e-console', revision: 'deadbeef00112233', repository: 'demo' });
    await postChange(url, { author: 'Bob <bob@example.org>', comments: 'tune the widget', branch: 'e2e-console', revision: 'cafe00112233', repository: 'demo' });
    const lines = await say('list 2 changes');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('The 2 latest changes:');
    expect(lines[1]).toMatch(/^#\d+ fix the widget - Alice <alice@example\.org>, e2e-console deadbeef0011 in demo, (just now|\d+ seconds? ago)$/);
    expect(lines[2]).toMatch(/^#\d+ tune the widget - Bob <bob@example\.org>, e2e-console cafe00112233 in demo, (just now|\d+ seconds? ago)$/);
    expect((await say('list changes 1')).slice(1)).toEqual([lines[2]]);
  });

  it('gives the status of every builder, of one, and says which are offline', async () => {
    const all = await say('status all');
    expect(all.map((line) => line.split(':')[0]).sort()).toEqual([...BUILDERS].sort());
    expect(all).toContain('queued: offline; never built');
    expect(await say('status')).not.toContain('queued: offline; never built');
    expect(await say('status queued')).toEqual(['queued: offline; never built']);
    expect(await say('status nosuch')).toEqual(["No builder named 'nosuch'. Try 'list builders'."]);
  });

  it("check reports the masters' state; the other shutdown verbs explain there is no control", async () => {
    const [master] = await getList(url, 'masters', 'masters', masterSchema);
    expect(master?.active).toBe(true);
    expect(await say('shutdown check')).toEqual([expect.stringMatching(new RegExp(`^Master ${escapeRegExp(master?.name ?? '?')} is running, last seen (just now|.+ ago)\\.$`))]);
    for (const verb of ['start', 'stop', 'now']) {
      expect(await say(`shutdown ${verb}`)).toEqual([expect.stringMatching(/^I cannot .+: Buildbot's REST API has no shutdown control\. /)]);
    }
  });
});

describe('force build', () => {
  it('runs a real build and answers with its number and link; last then reports it', async () => {
    const lines = await say('force build fast-pass from the e2e console');
    expect(lines).toHaveLength(2);
    const request = /^Force build of fast-pass requested \(request (\d+), scheduler force-fast-pass\)\.$/.exec(lines[0] ?? '');
    expect(request).not.toBeNull();
    const started = new RegExp(`^Build #(\\d+) of fast-pass started\\.  ${escapeRegExp(url)}#/builders/${builderIds.get('fast-pass')}/builds/(\\d+)$`).exec(lines[1] ?? '');
    expect(started?.[1]).toBe(started?.[2]);
    const build = await waitForBuild(url, Number(request?.[1]));
    expect(build).toMatchObject({ number: Number(started?.[1]), results: SUCCESS });
    expect(await buildProperties(build.buildid)).toMatchObject({
      reason: 'from the e2e console (forced by operator)',
      owner: 'operator <operator@console.invalid>',
    });
    expect(await say('last fast-pass')).toEqual([
      expect.stringMatching(new RegExp(`^fast-pass: build #${build.number} completed successfully (just now|\\d+ seconds? ago), after \\ds  ${escapeRegExp(link('fast-pass', build.number))}$`)),
    ]);
    expect(await say('status fast-pass')).toEqual([
      expect.stringMatching(new RegExp(`^fast-pass: idle; last build #${build.number} completed successfully .+  ${escapeRegExp(link('fast-pass', build.number))}$`)),
    ]);
  });

  it("checks --props against the real scheduler's parameters and lists what is allowed", async () => {
    expect(await say('force build --props=colour=red flaky x')).toEqual([
      "Unknown property 'colour' for force-flaky; allowed: duration, result (auto|pass|warn|fail), clean (true|false).",
    ]);
    expect(await say('force build --props=result=maybe flaky x')).toEqual(["result must be one of auto, pass, warn, fail, not 'maybe'."]);
    expect(await say('force build --props=clean=perhaps flaky x')).toEqual(["clean is true or false, not 'perhaps'."]);
    expect(await say('force build nosuch x')).toEqual(["No builder named 'nosuch'. Try 'list builders'."]);
  });
});

describe('stop build', () => {
  it('stops a real running build, which ends cancelled', async () => {
    const forced = await say('force build --branch=e2e-console --revision=abc123 --props=duration=120,result=pass,clean=yes slow long one');
    const number = /^Build #(\d+) of slow started\./.exec(forced[1] ?? '')?.[1];
    expect(number).toBeDefined();
    const [running] = await getList(url, `builders/${builderIds.get('slow')}/builds?complete=false`, 'builds', buildSchema);
    expect(running?.number).toBe(Number(number));

    expect(await say('stop build slow enough of that')).toEqual([
      `Stopping build #${number} of slow.  ${link('slow', number ?? '?')}`,
      `Build #${number} of slow was cancelled.  ${link('slow', number ?? '?')}`,
    ]);
    const [stopped] = await getList(url, `builds/${running?.buildid}`, 'builds', buildSchema);
    expect(stopped).toMatchObject({ complete: true, results: CANCELLED });
    // read once the build is over: Buildbot adds branch and revision while the build sets up
    expect(await buildProperties(running?.buildid ?? -1)).toMatchObject({ branch: 'e2e-console', revision: 'abc123', duration: '120', result: 'pass', clean: true });
    // the step it was in, if it had reached one, follows the reason
    expect(await say('last slow')).toEqual([
      expect.stringMatching(new RegExp(`^slow: build #${number} was cancelled .*: cancelled \\(stopped by operator: enough of that\\)( \\S.*)?  ${escapeRegExp(link('slow', number ?? '?'))}$`)),
    ]);
  });

  it('answers that no build is running', async () => {
    expect(await say('stop build slow again')).toEqual(['No build of slow is running.']);
  });
});

describe('authz', () => {
  it('denies dangerous commands to a user not listed, naming only the command, and starts nothing', async () => {
    const guest = await startConsoleSession({ masterUrl: url, user: 'guest' });
    try {
      const before = await getList(url, `builders/${builderIds.get('fast-pass')}/builds`, 'builds', buildSchema);
      expect(await guest.say('force build fast-pass sneaky')).toEqual(["You are not allowed to run 'force'."]);
      expect(await guest.say('stop build slow')).toEqual(["You are not allowed to run 'stop'."]);
      expect(await guest.say('shutdown now')).toEqual(["You are not allowed to run 'shutdown'."]);
      expect(await guest.say('status queued')).toEqual(['queued: offline; never built']);
      expect(await getList(url, `builders/${builderIds.get('fast-pass')}/builds`, 'builds', buildSchema)).toHaveLength(before.length);
    } finally {
      await guest.close();
    }
  });

  it('denies dangerous commands to everybody when the config lists nobody', async () => {
    const nobody = await startConsoleSession({ masterUrl: url, authz: {} });
    try {
      expect(await nobody.say('force build fast-pass x')).toEqual(["You are not allowed to run 'force'."]);
      expect(await nobody.say('commands')).toEqual([expect.stringMatching(/; not for you: alias, audit, cancel, force, people, shutdown, stop, worker$/)]);
    } finally {
      await nobody.close();
    }
  });
});

describe('a master that is not answering', () => {
  it('is named in one reply line, for a read and for force', async () => {
    const down = `http://127.0.0.1:${await closedPort()}/`;
    const session = await startConsoleSession({ masterUrl: down });
    try {
      expect(await session.say('status all')).toEqual([`The Buildbot master at ${down} is not answering.`]);
      expect(await session.say('force build fast-pass x')).toEqual([`The Buildbot master at ${down} is not answering.`]);
    } finally {
      await session.close();
    }
  });
});
