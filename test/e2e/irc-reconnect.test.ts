/**
 * The IRC connection's life against an ngircd of its own, which the test stops and starts again:
 * a fallback nick and getting the wanted one back, and after the server restarts, the bot signs
 * on again, rejoins its configured and its remembered channels, and delivers the notifications
 * of a build that ran while it was away; kicked and banned, it holds notifications and joins again.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { RawIrcClient, type IrcLine } from '../support/raw-irc-client.js';
import { TcpGate } from '../support/tcp-gate.js';
import { forceBuildAndWait } from './support/buildbot-rest.js';
import { saidBy, startIrcBot, waitForBotLine, type IrcBot } from './support/irc-bot.js';
import { startIrcd, stopIrcd, type TestIrcd } from './support/test-ircd.js';

const masterUrl = inject('buildbotUrl');

const BOT = 'backbot';
const CHANNEL = '#irc-back';
const EXTRA = '#irc-back-joined';
const WATCHER = 'watcher-back';

let ircd: TestIrcd;
/** The bot's way to the server, so that the watcher is back in the channels before the bot. */
let gate: TcpGate;
let watcher: RawIrcClient;
let holder: RawIrcClient;
let bot: IrcBot;

/** The bot is in `channel`: its JOIN, or its nick in the names list a later joiner gets. */
const botIn = (nick: string, channel: string) => (l: IrcLine) =>
  (l.command === 'JOIN' && l.nick === nick && l.params[0] === channel) ||
  (l.command === '353' && l.params[2] === channel && (l.params[3] ?? '').split(' ').some((n) => n.replace(/^[~&@%+]/, '') === nick));

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  ircd = await startIrcd();
  gate = await TcpGate.start(ircd);
  // someone holds the bot's nick when it signs on
  holder = await RawIrcClient.connect(ircd.host, ircd.port, BOT);
  await holder.join(CHANNEL);
  watcher = await RawIrcClient.connect(ircd.host, ircd.port, WATCHER);
  await watcher.join(CHANNEL);
  await watcher.join(EXTRA);
  bot = await startIrcBot(masterUrl, {
    host: gate.host,
    port: gate.port,
    nick: BOT,
    channels: [CHANNEL],
    notifyEvents: ['started', 'finished'],
    commandPrefix: '!',
    authz: { '!': [WATCHER] },
    lostDelay: [0.2, 0.5],
    failedDelay: [0.5, 1],
  });
});

afterAll(async () => {
  await bot?.stop();
  await Promise.all([watcher?.quit(), holder?.quit()]);
  await gate?.close();
  if (ircd) await stopIrcd(ircd.dir, { remove: true });
});

it('signs on as nick_ while its nick is taken, and takes the nick back once it is free', async () => {
  await waitForBotLine(watcher, botIn(`${BOT}_`, CHANNEL), { description: `${BOT}_ joining` });
  const since = watcher.lines.length;
  await holder.quit('making room');
  const renamed = await waitForBotLine(watcher, (l) => l.command === 'NICK' && l.nick === `${BOT}_`, { since });
  expect(renamed.params[0]).toBe(BOT);
  watcher.say(CHANNEL, `${BOT}: hello`);
  await waitForBotLine(watcher, saidBy(BOT, CHANNEL, new RegExp(`, ${WATCHER}!$`)), { since });
});

it('comes back after the server restarts, rejoins and delivers what was queued meanwhile', async () => {
  watcher.say(CHANNEL, `!join ${EXTRA}`);
  await waitForBotLine(watcher, saidBy(BOT, CHANNEL, `${WATCHER}: Joining ${EXTRA}.`), { since: 0 });
  const irc = bot.bot.adapters.find((adapter) => adapter.name === 'irc');
  expect(irc?.isConnected()).toBe(true);

  gate.shut();
  await stopIrcd(ircd.dir);
  await until(() => irc?.isConnected() === false, 'the bot to notice the server is gone');
  const build = await forceBuildAndWait(masterUrl, 'fast-pass', { reason: 'while IRC was down' });
  const pending = bot.bot.db.prepare<[], { count: number }>(
    "SELECT count(*) AS count FROM outbox WHERE chat_key = 'irc:#irc-back' AND state = 'pending'",
  );
  await until(() => (pending.get()?.count ?? 0) >= 2, 'the started and finished notifications to wait in the outbox');

  ircd = await startIrcd({ dir: ircd.dir, port: ircd.port });
  watcher = await RawIrcClient.connect(ircd.host, ircd.port, WATCHER);
  await watcher.join(CHANNEL);
  await watcher.join(EXTRA);
  await gate.open();
  await waitForBotLine(watcher, botIn(BOT, CHANNEL), { timeoutMs: 30_000, description: 'the bot back in the configured channel' });
  await waitForBotLine(watcher, botIn(BOT, EXTRA), { timeoutMs: 30_000, description: 'the bot back in the channel it joined on request' });

  const started = await waitForBotLine(watcher, saidBy(BOT, CHANNEL, new RegExp(`^Build #${build.number} of \\x02fast-pass\\x02 started`)), { timeoutMs: 30_000 });
  const finished = await waitForBotLine(watcher, saidBy(BOT, CHANNEL, new RegExp(`^Build #${build.number} of \\x02fast-pass\\x02 \\x0303completed successfully`)), {
    timeoutMs: 30_000,
  });
  expect(started.params[1]).toContain('while IRC was down');
  expect(watcher.lines.indexOf(started)).toBeLessThan(watcher.lines.indexOf(finished));
  await until(() => pending.get()?.count === 0, 'the outbox to be empty');
});

it('holds notifications while kicked and banned, joins again once the ban is lifted, and delivers them', async () => {
  const since = watcher.lines.length;
  // the watcher is the channel operator: it was back in the channel before the bot (the gate)
  watcher.raw(`MODE ${CHANNEL} +b ${BOT}!*@*`);
  watcher.raw(`KICK ${CHANNEL} ${BOT} :testing`);
  await watcher.waitFor((l) => l.command === 'KICK' && l.params[1] === BOT, 5_000, { since });
  const kicked = watcher.lines.length;

  const build = await forceBuildAndWait(masterUrl, 'fast-pass', { reason: 'while the bot was banned' });
  const held = bot.bot.db.prepare<[], { count: number }>(
    "SELECT count(*) AS count FROM outbox WHERE chat_key = 'irc:#irc-back' AND state = 'pending' AND attempts > 0",
  );
  await until(() => (held.get()?.count ?? 0) >= 1, 'a notification tried and held back while the bot is out', 30_000);
  expect(watcher.matching((l) => l.command === 'PRIVMSG' && l.nick === BOT, kicked)).toEqual([]);

  watcher.raw(`MODE ${CHANNEL} -b ${BOT}!*@*`);
  await waitForBotLine(watcher, (l) => l.command === 'JOIN' && l.nick === BOT && l.params[0] === CHANNEL, { since: kicked, description: 'the bot joining again' });
  const started = await waitForBotLine(watcher, saidBy(BOT, CHANNEL, new RegExp(`^Build #${build.number} of \\x02fast-pass\\x02 started`)), { since: kicked, timeoutMs: 30_000 });
  const finished = await waitForBotLine(watcher, saidBy(BOT, CHANNEL, new RegExp(`^Build #${build.number} of \\x02fast-pass\\x02 \\x0303completed successfully`)), {
    since: kicked,
    timeoutMs: 30_000,
  });
  expect(started.params[1]).toContain('while the bot was banned');
  expect(watcher.lines.indexOf(started)).toBeLessThan(watcher.lines.indexOf(finished));
});
