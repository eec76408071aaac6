/**
 * The commands that only read, typed on the console of the whole bot (createBot) against the
 * fake master: help, commands, hello, source, version, list, status, last, shutdown.
 */
import { describe, expect, it } from 'vitest';
import { shownUsage } from '../../src/core/usage.js';
import { botIdentity } from '../../src/bot-identity.js';
import force from '../../commands/force.js';
import { FAILURE, SUCCESS, WARNINGS } from '../../src/buildbot/results.js';
import { consoleCommandNames, startConsoleSession } from '../support/console-session.js';
import { startFakeMaster } from '../fakes/fake-master.js';
import { consolePerTest, manualClock } from './support/console-against-fake.js';

const start = consolePerTest();

/** The console offers every command but those needing channels (join, leave). */
const CONSOLE_COMMANDS = await consoleCommandNames();
/** The dangerous commands on the console, sorted: authz denies them to users it does not name. */
const DANGEROUS = ['alias', 'audit', 'cancel', 'force', 'people', 'shutdown', 'stop', 'worker'];
const ONLINE_BUILDERS = ['warn', 'fast-pass', 'fast-fail', 'broken', 'flaky', 'slow', 'mixed'];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('help', () => {
  it('knows the commands of the conversational core, and no channel commands on the console', () => {
    expect(CONSOLE_COMMANDS).toEqual(expect.arrayContaining(['commands', 'force', 'hello', 'help', 'last', 'list', 'shutdown', 'source', 'status', 'stop', 'version']));
    expect(CONSOLE_COMMANDS).not.toContain('join');
    expect(CONSOLE_COMMANDS).not.toContain('leave');
  });

  it('lists every command with its summary, one a line, and says how to get more', async () => {
    const { say } = await start();
    const lines = await say('help');
    expect(lines.map((line) => line.split(' - ')[0])).toEqual([...CONSOLE_COMMANDS, 'Say help COMMAND for its usage.']);
    expect(lines).toContain('status - what the builders are doing: running, idle or offline, with their last result');
    expect(lines).toContain(`force - ${force.summary}`);
  });

  it('marks the commands this user may not run', async () => {
    const { say } = await start({}, { user: 'guest' });
    const lines = await say('help');
    expect(lines.filter((line) => line.endsWith(' (not for you)')).map((line) => line.split(' - ')[0])).toEqual(DANGEROUS);
  });

  it('explains one command: its usage line, then its longer help', async () => {
    const { say } = await start();
    expect(await say('help force')).toEqual([`Usage: ${shownUsage(force, false)} - ${force.summary}`, force.help]);
    expect(await say('help status')).toEqual(['Usage: status [BUILDER|all] - what the builders are doing: running, idle or offline, with their last result']);
    expect(await say('help hi')).toEqual(['Usage: hello - say hello (also: hi)']);
  });

  it('tells a user which command they may not run', async () => {
    const { say } = await start({}, { user: 'guest' });
    expect(await say('help stop')).toEqual(['Usage: stop build BUILDER [REASON] - stop every running build of a builder; you may not run it']);
  });

  it('answers help for a command that does not exist, and for a command the console lacks', async () => {
    const { say } = await start();
    expect(await say('help frobnicate')).toEqual(["There is no command 'frobnicate'. Say help for the list."]);
    expect(await say('help join')).toEqual(["There is no command 'join'. Say help for the list."]);
  });

  it("answers a command's usage when the command comes with arguments, as Buildbot does", async () => {
    const { say } = await start();
    const shutdown = await say('help shutdown');
    expect(shutdown[0]).toMatch(/^Usage: shutdown check\|start\|stop\|now/);
    expect(await say('help shutdown check')).toEqual(shutdown);
    expect(await say('help force build --branch=main fast-pass')).toEqual(await say('help force'));
  });
});

describe('commands', () => {
  it('names every command in one line', async () => {
    const { say } = await start();
    expect(await say('commands')).toEqual([`Commands: ${CONSOLE_COMMANDS.join(', ')}`]);
  });

  it('names apart the commands this user may not run', async () => {
    const { say } = await start({}, { user: 'guest' });
    const mayRun = CONSOLE_COMMANDS.filter((name) => !DANGEROUS.includes(name));
    expect(await say('commands')).toEqual([`Commands: ${mayRun.join(', ')}; not for you: ${DANGEROUS.join(', ')}`]);
  });
});

describe('hello, source and version', () => {
  it('greets the console user by name, also as hi', async () => {
    const { say } = await start();
    expect(await say('hello')).toEqual([expect.stringMatching(/^\p{L}[\p{L} ]*, operator!$/u)]);
    expect(await say('hi')).toEqual([expect.stringMatching(/^\p{L}[\p{L} ]*, operator!$/u)]);
  });

  it("says where the source is: the config's source, or that this installation names none", async () => {
    const { say } = await start();
    const { version } = botIdentity();
    expect(await say('source')).toEqual([`buildbot-chat ${version}; this installation names no source URL: set source: in the configuration`]);
    const fork = await start({}, { source: 'https://git.example.org/our-fork' });
    expect(await fork.say('source')).toEqual([`buildbot-chat ${version}: my source is at https://git.example.org/our-fork`]);
  });

  it("gives the bot's version and the master's, with the master's title and link", async () => {
    const { say, fake } = await start();
    expect(await say('version')).toEqual([`This is buildbot-chat ${botIdentity().version}, talking to Buildbot 3.7.0-2 at chat bot test master  ${fake.url}`]);
  });
});

describe('list', () => {
  it('lists the builders that have a connected worker, or all of them', async () => {
    const { say } = await start();
    // sorted by name
    expect(await say('list builders')).toEqual([`Builders online (7): ${[...ONLINE_BUILDERS].sort().join(', ')}`]);
    expect(await say('list all builders')).toEqual(['Builders (8): broken, fast-fail, fast-pass, flaky, mixed, queued (offline), slow, warn']);
  });

  it('says so when no builder is online', async () => {
    const { say, fake } = await start();
    fake.disconnectWorker('worker1');
    expect(await say('list builders')).toEqual(['No builders are online (say list all builders to see the offline ones).']);
  });

  it('lists the workers with their state', async () => {
    const { say, fake } = await start();
    expect(await say('list workers')).toEqual(['Workers (2): ghost (disconnected), worker1 (connected)']);
    fake.disconnectWorker('worker1');
    expect(await say('list all workers')).toEqual(['Workers (2): ghost (disconnected), worker1 (disconnected)']);
  });

  it('lists the latest changes, oldest first, N of them or all', async () => {
    const { say, fake } = await start();
    expect(await say('list changes')).toEqual(['No changes yet.']);
    for (const [n, branch] of [[1, 'main'], [2, 'dev'], [3, 'main']] as const) {
      fake.addChange({ author: `Dev ${n} <dev${n}@example.org>`, comments: `change ${n}\nmore words`, branch, revision: `abcdef${n}234567890`, repository: 'demo' });
    }
    const line = (n: number, branch: string) => `#${n} change ${n} - Dev ${n} <dev${n}@example.org>, ${branch} abcdef${n}23456 in demo, 1 hour ago`;
    expect(await say('list changes')).toEqual(['The 3 latest changes:', line(1, 'main'), line(2, 'dev'), line(3, 'main')]);
    expect(await say('list 2 changes')).toEqual(['The 2 latest changes:', line(2, 'dev'), line(3, 'main')]);
    expect(await say('list changes 1')).toEqual(['The latest change:', line(3, 'main')]);
    expect(await say('list all changes')).toEqual(['The 3 latest changes (I show 50 at most):', line(1, 'main'), line(2, 'dev'), line(3, 'main')]);
  });

  it('prints its usage line for a missing or unknown kind', async () => {
    const { say } = await start();
    expect(await say('list')).toEqual(['What shall I list? Usage: list [all|N] builders|workers|changes']);
    expect(await say('list frogs')).toEqual(["I can list builders, workers or changes, not 'frogs'. Usage: list [all|N] builders|workers|changes"]);
  });
});

describe('status', () => {
  it('shows every online builder idle and never built on a fresh master', async () => {
    const { say } = await start();
    // sorted by name, whatever order the master lists them in
    expect(await say('status')).toEqual([...ONLINE_BUILDERS].sort().map((name) => `${name}: idle; never built`));
  });

  it('shows running builds with their step, last results with their links, offline builders with all', async () => {
    const time = manualClock();
    const { say, fake, link } = await start({ clock: time.clock });
    const failed = fake.startBuild({ builder: 'fast-fail', durationMs: null });
    time.advance(75);
    fake.finishBuild(failed.buildid, FAILURE, 'failed test (failure)');
    fake.startBuild({ builder: 'slow', durationMs: null });
    const lines = await say('status all');
    expect(lines).toContain(`fast-fail: idle; last build #1 failed 59 minutes ago  ${link('fast-fail', 1)}`);
    // started 59m 15s ago by the master's clock, whose seconds are whole: give or take one
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^slow: running build #1 \\(prepare\\) for 59m 1[456]s; never built  ${escapeRegExp(link('slow', 1))}$`)));
    expect(lines).toContain('queued: offline; never built');
    expect(lines).toHaveLength(8);
    expect(await say('status')).not.toContain('queued: offline; never built');
  });

  it('shows one builder', async () => {
    const { say, fake, link } = await start();
    const build = fake.startBuild({ builder: 'warn', durationMs: null });
    fake.finishBuild(build.buildid, WARNINGS, 'warnings lint (warnings)');
    expect(await say('status warn')).toEqual([`warn: idle; last build #1 completed with warnings 1 hour ago  ${link('warn', 1)}`]);
    expect(await say('status queued')).toEqual(['queued: offline; never built']);
  });

  it('names the builder it does not know and suggests close names', async () => {
    const { say } = await start();
    expect(await say('status fast')).toEqual(["No builder named 'fast'. Did you mean fast-pass, fast-fail?"]);
    expect(await say('status nosuch')).toEqual(["No builder named 'nosuch'. Try 'list builders'."]);
  });

  it('says when no builder is online', async () => {
    const { say, fake } = await start();
    fake.disconnectWorker('worker1');
    expect(await say('status')).toEqual(['No builder is online (8 configured); say status all to see them all.']);
  });

  it('sums up a master with many builders instead of a line each', async () => {
    const { say, fake } = await start();
    for (let n = 1; n <= 6; n++) fake.addBuilder({ name: `bulk-${n}` });
    const failed = fake.startBuild({ builder: 'fast-fail', durationMs: null });
    fake.finishBuild(failed.buildid, FAILURE, 'failed test (failure)');
    fake.startBuild({ builder: 'slow', durationMs: null });
    expect(await say('status all')).toEqual([
      '14 builders: 1 running, 1 failing, 11 idle and passing, 1 offline.',
      'Running: slow #1 (prepare)',
      'Failing: fast-fail failure 1 hour ago',
      'Offline: queued',
      `Say status BUILDER for one builder, or see ${fake.url}`,
    ]);
  });

  it('prints its usage line for two words', async () => {
    const { say } = await start();
    expect(await say('status warn slow')).toEqual(['Usage: status [BUILDER|all]']);
  });
});

describe('last', () => {
  it("gives a builder's last completed build: result, when, how long, why it failed, link", async () => {
    const time = manualClock();
    const { say, fake, link } = await start({ clock: time.clock });
    const first = fake.startBuild({ builder: 'fast-fail', durationMs: null });
    time.advance(10);
    fake.finishBuild(first.buildid, SUCCESS);
    const second = fake.startBuild({ builder: 'fast-fail', durationMs: null });
    time.advance(75);
    fake.finishBuild(second.buildid, FAILURE, 'failed test (failure)');
    expect(await say('last fast-fail')).toEqual([`fast-fail: build #2 failed 59 minutes ago, after 1m 15s: failed test (failure)  ${link('fast-fail', 2)}`]);
  });

  it('gives every online builder, or every builder with all', async () => {
    const { say, fake, link } = await start();
    const build = fake.startBuild({ builder: 'fast-pass', durationMs: null });
    fake.finishBuild(build.buildid, SUCCESS);
    // builders that never built are counted, not listed one by one
    expect(await say('last')).toEqual([`fast-pass: build #1 completed successfully 1 hour ago, after 0s  ${link('fast-pass', 1)}`, '6 more builders have no completed build yet.']);
    expect(await say('last all')).toEqual([`fast-pass: build #1 completed successfully 1 hour ago, after 0s  ${link('fast-pass', 1)}`, '7 more builders have no completed build yet.']);
    expect(await say('last queued')).toEqual(['queued: no build has completed yet']);
  });

  it('lists the builders sorted by name, whatever order the master gives', async () => {
    const { say, fake } = await start();
    for (const name of ['zeta', 'alpha', 'mid']) {
      fake.addBuilder({ name });
      fake.finishBuild(fake.startBuild({ builder: name, durationMs: null }).buildid, SUCCESS);
    }
    fake.finishBuild(fake.startBuild({ builder: 'fast-pass', durationMs: null }).buildid, SUCCESS);
    const names = (await say('last all')).map((line) => line.split(':')[0]);
    expect(names).toEqual(['alpha', 'fast-pass', 'mid', 'zeta', '7 more builders have no completed build yet.']);
  });

  it('sums up a master with many builders: what failed named, the rest counted', async () => {
    const { say, fake, link } = await start();
    for (let n = 1; n <= 60; n++) fake.addBuilder({ name: `bulk-${String(n).padStart(3, '0')}` });
    fake.finishBuild(fake.startBuild({ builder: 'fast-fail', durationMs: null }).buildid, FAILURE, 'failed test (failure)');
    fake.finishBuild(fake.startBuild({ builder: 'bulk-007', durationMs: null }).buildid, FAILURE, 'failed test (failure)');
    fake.finishBuild(fake.startBuild({ builder: 'fast-pass', durationMs: null }).buildid, SUCCESS);
    fake.finishBuild(fake.startBuild({ builder: 'warn', durationMs: null }).buildid, WARNINGS, 'warnings lint (warnings)');
    expect(await say('last all')).toEqual([
      '68 builders: 2 failing, 1 passed, 1 with warnings, 64 never built.',
      `Failing: bulk-007 #1 failure 1 hour ago, fast-fail #1 failure 1 hour ago  ${link('bulk-007', 1)}  ${link('fast-fail', 1)}`,
      `Say last BUILDER for one builder, or see ${fake.url}`,
    ]);
  });

  it('prints its usage line for two words', async () => {
    const { say } = await start();
    expect(await say('last warn slow')).toEqual(['Usage: last [BUILDER|all]']);
  });

  it('with several masters, follows the rule per master: a big one summed up, a small one sorted', async () => {
    const clock = manualClock().clock;
    const big = await startFakeMaster({ clock });
    const small = await startFakeMaster({ clock });
    const session = await startConsoleSession({ masterUrl: big.url, masters: { big: { url: big.url }, small: { url: small.url } } });
    try {
      for (let n = 1; n <= 20; n++) big.addBuilder({ name: `bulk-${String(n).padStart(3, '0')}` });
      big.finishBuild(big.startBuild({ builder: 'bulk-007', durationMs: null }).buildid, FAILURE, 'failed test (failure)');
      for (const name of ['zeta', 'alpha']) {
        small.addBuilder({ name });
        small.finishBuild(small.startBuild({ builder: name, durationMs: null }).buildid, SUCCESS);
      }
      const link = (fake: typeof big, builder: string) => `${fake.url}#/builders/${fake.builder(builder).builderid}/builds/1`;
      expect(await session.say('last all')).toEqual([
        'big:',
        '28 builders: 1 failing, 27 never built.',
        `Failing: bulk-007 #1 failure 1 hour ago  ${link(big, 'bulk-007')}`,
        `Say last BUILDER for one builder, or see ${big.url}`,
        'small:',
        `alpha: build #1 completed successfully 1 hour ago, after 0s  ${link(small, 'alpha')}`,
        `zeta: build #1 completed successfully 1 hour ago, after 0s  ${link(small, 'zeta')}`,
        '8 more builders have no completed build yet.',
      ]);
    } finally {
      await session.close();
      await Promise.all([big.close(), small.close()]);
    }
  });
});

describe('shutdown', () => {
  it("check reports the master's state from /masters", async () => {
    const { say } = await start();
    expect(await say('shutdown check')).toEqual(['Master fake:/srv/bb/master is running, last seen 1 hour ago.']);
  });

  it('start, stop and now explain that the REST API has no shutdown control', async () => {
    const { say, fake } = await start();
    const how = "Buildbot's REST API has no shutdown control. On the master's host, use buildbot stop --clean (or buildbot stop) in the master's folder, or its service manager.";
    expect(await say('shutdown start')).toEqual([`I cannot start a clean shutdown: ${how}`]);
    expect(await say('shutdown stop')).toEqual([`I cannot cancel a clean shutdown: ${how}`]);
    expect(await say('shutdown now')).toEqual([`I cannot stop the master: ${how}`]);
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('prints its usage line without a verb or with another one', async () => {
    const { say } = await start();
    expect(await say('shutdown')).toEqual(['Usage: shutdown check|start|stop|now']);
    expect(await say('shutdown later')).toEqual(['Usage: shutdown check|start|stop|now']);
  });
});

describe('oversized arguments', () => {
  it.each([10_000, 40_000])('answers a %i-character builder name at once, without asking the master', async (length) => {
    const { say, fake } = await start();
    await say('status fast-pass');
    fake.clearRequests();
    const name = 'b'.repeat(length);
    expect(await say(`status ${name}`)).toEqual([`No builder named '${'b'.repeat(79)}…'. Try 'list builders'.`]);
    expect(await say(`force build ${name}`)).toEqual([`No builder named '${'b'.repeat(79)}…'. Try 'list builders'.`]);
    expect(fake.requests).toEqual([]);
  });
});
