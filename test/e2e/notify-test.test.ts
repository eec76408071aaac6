/**
 * `notify test [EVENT]` on the real test masters: a sample built from the newest real build the
 * chat's filters let through arrives through the outbox and the adapter, marked [test], and the
 * answer names the subscription that matched (and the master, when the bot has several), or
 * why nothing would come. At the console, on IRC, and with two masters.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FAILURE } from '../../src/buildbot/results.js';
import { buildSchema, builderSchema, type Build } from '../../src/buildbot/schemas.js';
import { removeDatabase, startConsoleBot, type ConsoleBot } from '../support/console-bot.js';
import { RawIrcClient } from '../support/raw-irc-client.js';
import { forceBuildAndWait, getList } from './support/buildbot-rest.js';
import { saidBy, startIrcBot, waitForBotLine, type IrcBot } from './support/irc-bot.js';
import { sharedMasterB } from './support/shared-master-b.js';

const masterUrl = inject('buildbotUrl');

/** The newest completed build of BUILDER on the master with this result. */
async function newestBuild(url: string, builder: string, result: number): Promise<Build> {
  const [b] = await getList(url, `builders?name=${builder}`, 'builders', builderSchema);
  const builds = await getList(url, `builders/${b?.builderid}/builds?complete=true&results=${result}&order=-buildid&limit=1`, 'builds', buildSchema);
  const [build] = builds;
  if (!build) throw new Error(`no build of ${builder} with result ${result}`);
  return build;
}

function outboxRows(bot: ConsoleBot): { state: string; payload: string }[] {
  return bot.bot.db.prepare("SELECT state, payload FROM outbox WHERE dedupe_key LIKE 'test:%' ORDER BY id").all() as { state: string; payload: string }[];
}

beforeAll(async () => {
  await forceBuildAndWait(masterUrl, 'fast-fail');
  await forceBuildAndWait(masterUrl, 'fast-pass');
});

/** Types a line and answers what the console printed since, without real notifications (a build that ended as the bot started may be told then). */
async function say(bot: ConsoleBot, line: string, until: RegExp): Promise<string[]> {
  const from = bot.lines.length;
  bot.type(line);
  await bot.waitFor((lines) => lines.slice(from).some((l) => until.test(l)), 20_000, `a line matching ${until}`);
  return bot.lines.slice(from).filter((l) => !/^(\[(?!test\])\w+\] )?Build #/.test(l));
}

describe('at the console', () => {
  let bot: ConsoleBot;

  beforeAll(async () => {
    bot = await startConsoleBot({ masterUrl, connectTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    await bot?.stop();
    if (bot) removeDatabase(bot.database);
  });

  it('says why nothing comes to a chat that subscribes to nothing', async () => {
    expect(await say(bot, 'notify test', /No test/)).toEqual(['No test notification: this chat is notified of nothing (notify on turns events on).']);
    expect(outboxRows(bot)).toEqual([]);
  });

  it('sends a failure sample of the newest failed build its filters match, through the outbox', async () => {
    await say(bot, 'notify on failure --builder=fast-fail', /failure/);
    const failed = await newestBuild(masterUrl, 'fast-fail', FAILURE);
    const lines = await say(bot, 'notify test failure', /^\[test\] Build #/);
    expect(lines).toContain(`Sent a test failure notification of fast-fail #${failed.number}, matched by this chat's subscription to failure (builders fast-fail).`);
    expect(lines.find((l) => l.startsWith('[test]'))).toMatch(new RegExp(`^\\[test\\] Build #${failed.number} of fast-fail failed after \\d+s`));
    await bot.bot.notifications.idle();
    const rows = outboxRows(bot);
    expect(rows.map((row) => row.state)).toEqual(['sent']);
    const payload = JSON.parse(rows[0]?.payload ?? '{}') as Record<string, unknown>;
    expect(payload).toMatchObject({ template: 'build-finished', data: { test: true, builder: 'fast-fail', number: failed.number } });
    // a sample is never tied to a real build's messages
    expect(payload).not.toHaveProperty('build');
  });

  it('names the filter that lets no build through, and an event the chat does not get', async () => {
    await say(bot, 'notify on finished --builder=no-such-builder', /finished/);
    expect(await say(bot, 'notify test finished', /No test/)).toEqual([
      expect.stringMatching(/^No test notification: none of the master's last \d+ completed builds passes builders no-such-builder\.$/),
    ]);
    expect(await say(bot, 'notify test worse', /No test/)).toEqual(['No test notification: this chat is not notified of worse (notify on worse turns it on).']);
    expect(await say(bot, 'notify test failure success', /Usage/)).toEqual([expect.stringContaining('notify test takes one event.')]);
  });
});

describe('on IRC', () => {
  const host = inject('ircHost');
  const port = inject('ircPort');
  const BOT = 'notifytestbot';
  const CHANNEL = '#irc-notify-test';
  let alice: RawIrcClient;
  let bot: IrcBot;

  beforeAll(async () => {
    // alice joins first: she is the channel's operator and may change its notifications
    alice = await RawIrcClient.connect(host, port, 'alice-nt');
    await alice.join(CHANNEL);
    bot = await startIrcBot(masterUrl, { host, port, nick: BOT, channels: [CHANNEL], commandPrefix: '!' });
    await waitForBotLine(alice, (l) => l.command === 'JOIN' && l.nick === BOT, { description: 'the bot joining' });
  });

  afterAll(async () => {
    await bot?.stop();
    await alice?.quit();
  });

  it('sends the channel a sample of its subscription, and says which matched', async () => {
    let since = alice.lines.length;
    alice.say(CHANNEL, '!notify on failure --builder=fast-fail');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, /^alice-nt: Notified here: failure/), { since });
    const failed = await newestBuild(masterUrl, 'fast-fail', FAILURE);
    since = alice.lines.length;
    alice.say(CHANNEL, '!notify test');
    await waitForBotLine(
      alice,
      saidBy(BOT, CHANNEL, `alice-nt: Sent a test failure notification of fast-fail #${failed.number}, matched by this chat's subscription to failure (builders fast-fail).`),
      { since },
    );
    const sample = await waitForBotLine(alice, saidBy(BOT, CHANNEL, /^\[test\] Build /), { since });
    // on the wire: the builder in bold, the result coloured, the link at the end
    expect(sample.params[1]).toMatch(new RegExp(`^\\[test\\] Build #${failed.number} of \\x02fast-fail\\x02 \\S*failed`));
    expect(sample.params[1]).toContain(`/builders/${failed.builderid}/builds/${failed.number}`);
  });
});

describe('with two masters', () => {
  let bot: ConsoleBot;
  let failedOnB: Build;

  beforeAll(async () => {
    const masterB = await sharedMasterB();
    failedOnB = await forceBuildAndWait(masterB.url, 'b-fail');
    bot = await startConsoleBot({ config: { masters: { a: { url: masterUrl }, b: { url: masterB.url } } }, connectTimeoutMs: 20_000 });
  });

  afterAll(async () => {
    await bot?.stop();
    if (bot) removeDatabase(bot.database);
  });

  it('builds the sample on the master the subscription covers, and names it', async () => {
    await say(bot, 'notify on failure --master=b', /failure/);
    const lines = await say(bot, 'notify test failure', /^\[test\] \[b\] Build #/);
    expect(lines).toContain(`Sent a test failure notification of b-fail #${failedOnB.number} from master b, matched by this chat's subscription to failure (masters b).`);
    expect(lines.find((l) => l.startsWith('[test]'))).toMatch(new RegExp(`^\\[test\\] \\[b\\] Build #${failedOnB.number} of b-fail failed`));
  });

  it('takes --master=NAME, and says when the subscription does not cover that master', async () => {
    expect(await say(bot, 'notify test failure --master=a', /No test/)).toContain("No test notification: this chat's subscription to failure covers master b only, not a.");
    expect(await say(bot, 'notify test failure --master=c', /No master/)).toContain("No master named 'c'. The masters are: a, b.");
    await say(bot, 'notify on finished', /finished/);
    const lines = await say(bot, 'notify test finished --master=b', /^\[test\] \[b\] Build #/);
    expect(lines).toContainEqual(expect.stringMatching(/^Sent a test finished notification of b-\S+ #\d+ from master b, matched by this chat's subscription to finished\.$/));
  });
});
