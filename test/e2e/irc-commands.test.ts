/**
 * The IRC adapter end to end: the bot (createBot, in-process) on the real ngircd and the real
 * test master, watched and driven by raw socket clients, so what is asserted is what went over
 * the wire: addressing (answers in a channel start with the asker's nick), private replies,
 * notifications, formatting codes, authz.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RawIrcClient } from '../support/raw-irc-client.js';
import { forceBuild } from './support/buildbot-rest.js';
import { saidBy, startIrcBot, waitForBotLine, type IrcBot } from './support/irc-bot.js';

const masterUrl = inject('buildbotUrl');
const host = inject('ircHost');
const port = inject('ircPort');

const BOT = 'cmdbot';
const CHANNEL = '#irc-cmds';
const ALICE = 'alice-cmd';
const MALLORY = 'mallory-cmd';
/** IRC formatting and control characters: none may reach the channel from untrusted text. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;

let alice: RawIrcClient;
let mallory: RawIrcClient;
let bot: IrcBot;

beforeAll(async () => {
  // alice joins first, so ngircd makes her the channel operator
  alice = await RawIrcClient.connect(host, port, ALICE);
  await alice.join(CHANNEL);
  mallory = await RawIrcClient.connect(host, port, MALLORY);
  await mallory.join(CHANNEL);
  bot = await startIrcBot(masterUrl, {
    host,
    port,
    nick: BOT,
    channels: [CHANNEL],
    notifyEvents: ['started', 'finished'],
    commandPrefix: '!',
    authz: { force: [ALICE], '!': [ALICE] },
  });
  await waitForBotLine(alice, (l) => l.command === 'JOIN' && l.nick === BOT, { description: 'the bot joining' });
});

afterAll(async () => {
  await bot?.stop();
  await Promise.all([alice?.quit(), mallory?.quit()]);
});

describe('addressing', () => {
  it('answers "nick: cmd", "nick, cmd", "NICK:cmd" and "!cmd" in the channel, and not chatter', async () => {
    const since = alice.lines.length;
    alice.say(CHANNEL, 'just chatting about help status');
    alice.say(CHANNEL, `${BOT} help status`);
    alice.say(CHANNEL, `${BOT}: help status`);
    alice.say(CHANNEL, `${BOT}, help last`);
    alice.say(CHANNEL, `${BOT.toUpperCase()}:help list`);
    alice.say(CHANNEL, '!help version');
    const replies: string[] = [];
    for (const command of ['status', 'last', 'list', 'version']) {
      const line = await waitForBotLine(alice, saidBy(BOT, CHANNEL, new RegExp(`^${ALICE}: Usage: !${command} `)), { since });
      replies.push(line.params[1] ?? '');
    }
    // the two chatter lines came first; had either been taken as a command, its answer would be here too
    const all = alice.matching((l) => l.nick === BOT && l.command === 'PRIVMSG', since).map((l) => l.params[1]);
    expect(all).toEqual(replies);
    expect(replies[0]).toBe(`${ALICE}: Usage: !status [BUILDER|all] - what the builders are doing: running, idle or offline, with their last result`);
  });

  it('answers a private message privately, with or without addressing', async () => {
    const since = mallory.lines.length;
    const aliceSince = alice.lines.length;
    mallory.say(BOT, 'hello');
    mallory.say(BOT, '!help last');
    mallory.say(BOT, `${BOT}: help list`);
    const greeting = await waitForBotLine(mallory, saidBy(BOT, MALLORY, new RegExp(`, ${MALLORY}!$`)), { since });
    await waitForBotLine(mallory, saidBy(BOT, MALLORY, /^Usage: !last /), { since });
    await waitForBotLine(mallory, saidBy(BOT, MALLORY, /^Usage: !list /), { since });
    expect(greeting.command).toBe('PRIVMSG');
    expect(alice.matching((l) => l.nick === BOT && l.command === 'PRIVMSG', aliceSince)).toEqual([]);
  });
});

describe('notifications', () => {
  it("tells the channel a forced build started and finished, in plain IRC with colours", async () => {
    const since = alice.lines.length;
    alice.say(CHANNEL, '!force build fast-pass nightly check');
    const requested = await waitForBotLine(alice, saidBy(BOT, CHANNEL, new RegExp(`^${ALICE}: Force build of \x02fast-pass\x02 requested`)), { since });
    expect(requested.params[1]).toMatch(new RegExp(`^${ALICE}: Force build of \x02fast-pass\x02 requested \\(request \\d+, scheduler force-fast-pass\\)\\.$`));
    const started = await waitForBotLine(alice, saidBy(BOT, CHANNEL, /^Build #\d+ of \x02fast-pass\x02 started/), { since, timeoutMs: 30_000 });
    const number = /^Build #(\d+)/.exec(started.params[1] ?? '')?.[1];
    expect(started.params[1]).toMatch(
      new RegExp(`^Build #${number} of \\x02fast-pass\\x02 started on main: nightly check \\(forced by ${ALICE} on ${CHANNEL}\\)\\.  ${masterUrl}#/builders/\\d+/builds/${number}$`),
    );
    const finished = await waitForBotLine(alice, saidBy(BOT, CHANNEL, new RegExp(`^Build #${number} of \\x02fast-pass\\x02 \\x0303completed successfully\\x0f`)), {
      since,
      timeoutMs: 60_000,
    });
    // links are bare URLs at the end, nothing of Buildbot's Markdown
    expect(finished.params[1]).toMatch(new RegExp(`  ${masterUrl}#/builders/\\d+/builds/${number}$`));
    expect(finished.params[1]).not.toMatch(/`|\[#/);
  });

  it('strips control codes from a reason typed on IRC and from one stored in the master', async () => {
    const since = alice.lines.length;
    alice.say(CHANNEL, '!force build fast-pass "\x02loud\x02 \x0304,01red\x0f\x16 reason\x07"');
    const typed = await waitForBotLine(alice, saidBy(BOT, CHANNEL, /started on main: loud/), { since, timeoutMs: 30_000 });
    expect(typed.params[1]).toMatch(new RegExp(`started on main: loud red reason \\(forced by ${ALICE} on ${CHANNEL}\\)\\.  `));

    await forceBuild(masterUrl, 'fast-pass', { reason: 'from \x0304the\x03 \x1fmaster\x1f \x01ACTION x\x01' });
    const stored = await waitForBotLine(alice, saidBy(BOT, CHANNEL, /started on main: from/), { since, timeoutMs: 30_000 });
    const text = stored.params[1] ?? '';
    expect(text).toMatch(/started on main: from the master ACTION x\. {2}http/);
    // the only codes left are the bot's own bold around the builder name
    expect(text.replace('\x02fast-pass\x02', 'fast-pass')).not.toMatch(CONTROL);
  });
});

describe('authz', () => {
  it('lets the nick named in authz force and join, and refuses the others', async () => {
    const since = alice.lines.length;
    mallory.say(CHANNEL, '!force build fast-pass not mine');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, `${MALLORY}: You are not allowed to run '!force'.`), { since });
    mallory.say(CHANNEL, '!join #irc-cmds-extra');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, `${MALLORY}: You are not allowed to run '!join'.`), { since });

    await alice.join('#irc-cmds-extra');
    alice.say(CHANNEL, '!join #irc-cmds-extra');
    await waitForBotLine(alice, (l) => l.command === 'JOIN' && l.nick === BOT && l.params[0] === '#irc-cmds-extra', { since });
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, `${ALICE}: Joining #irc-cmds-extra.`), { since });
    alice.say(CHANNEL, '!leave #irc-cmds-extra');
    await waitForBotLine(alice, (l) => l.command === 'PART' && l.nick === BOT && l.params[0] === '#irc-cmds-extra', { since });
    expect(bot.bot.db.prepare('SELECT name FROM irc_channels').all()).toEqual([]);
  });

  it('lets only channel operators change what the channel is notified of', async () => {
    const since = alice.lines.length;
    mallory.say(CHANNEL, '!notify off');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, new RegExp(`^${MALLORY}: Only channel operators, or users allowed to notify by the bot's authz, may change`)), { since });
    alice.say(CHANNEL, '!notify on started finished');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, `${ALICE}: Notified here: finished, started.`), { since });
    // an operator learned from MODE, not only from the names list at join
    alice.raw(`MODE ${CHANNEL} +o ${MALLORY}`);
    await waitForBotLine(alice, (l) => l.command === 'MODE' && l.params[2] === MALLORY, { since });
    const afterMode = alice.lines.length;
    mallory.say(CHANNEL, '!notify on finished started');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL, `${MALLORY}: Notified here: finished, started.`), { since: afterMode });
    const refusals = alice.matching(saidBy(BOT, CHANNEL, new RegExp(`^${MALLORY}: Only channel operators`)), since);
    expect(refusals).toHaveLength(1);
  });
});
