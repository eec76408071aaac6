/**
 * Long answers on IRC against a master of its own with 69 builders (BB_BUILDERS=60), and
 * ngircd's default flood penalties: every line arrives, split to fit and paced, per-builder
 * listings are summarised, an answer too long for the channel goes privately to the asker while
 * another user's answer is not held behind it, and the bot is still connected at the end.
 * Channel replies are NOTICEs here (noticeOnChannel).
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { RawIrcClient, type IrcLine } from '../support/raw-irc-client.js';
import { saidBy, startIrcBot, waitForBotLine, type IrcBot } from './support/irc-bot.js';
import { startMaster, stopMaster, type TestMaster } from './support/test-master.js';

const host = inject('ircHost');
const port = inject('ircPort');

const BOT = 'floodbot';
const CHANNEL = '#irc-long';
const USER = 'reader-long';

let master: TestMaster;
const OTHER = 'other-long';

let reader: RawIrcClient;
let other: RawIrcClient;
let bot: IrcBot;

beforeAll(async () => {
  master = await startMaster({ env: { BB_BUILDERS: '60', BB_WEB_PORT: '0', BB_WORKER_PORT: '0' } });
  reader = await RawIrcClient.connect(host, port, USER);
  await reader.join(CHANNEL);
  other = await RawIrcClient.connect(host, port, OTHER);
  await other.join(CHANNEL);
  bot = await startIrcBot(master.url, { host, port, nick: BOT, channels: [CHANNEL], commandPrefix: '!', noticeOnChannel: true });
  await waitForBotLine(reader, (l) => l.command === 'JOIN' && l.nick === BOT, { description: 'the bot joining' });
}, 240_000);

afterAll(async () => {
  await bot?.stop();
  await reader?.quit();
  await other?.quit();
  if (master) await stopMaster(master.dir, { remove: true });
});

const notice = (text: RegExp | string) => saidBy(BOT, CHANNEL, text, 'NOTICE');
const fromBot = (line: IrcLine) => line.nick === BOT && (line.command === 'NOTICE' || line.command === 'PRIVMSG');

it('delivers status all, a long list and last all in full, paced and summarised, without being disconnected', async () => {
  const since = reader.lines.length;
  reader.say(CHANNEL, '!status all');
  reader.say(CHANNEL, '!list all builders');
  reader.say(CHANNEL, '!last all');
  reader.say(CHANNEL, '!version');

  // status all: a summary of all 69 builders, from its first line to its last
  await waitForBotLine(reader, notice(new RegExp(`^${USER}: 69 builders: 0 running, 0 failing, \\d+ idle and passing, \\d+ offline\\.$`)), { since, timeoutMs: 30_000 });
  await waitForBotLine(reader, notice(`Say !status BUILDER for one builder, or see ${master.url}`), { since, timeoutMs: 30_000 });

  // list all builders: one line too long for IRC, split at spaces into lines that each fit and
  // arrive one after the other
  const namesIn = (line: IrcLine) => [...(line.params[1] ?? '').matchAll(/\x02([^\x02]+)\x02/g)].map((m) => m[1]);
  let line = await waitForBotLine(reader, notice(new RegExp(`^${USER}: Builders \\(69\\): `)), { since, timeoutMs: 60_000 });
  const listLines = [line];
  while (listLines.flatMap(namesIn).length < 69) {
    line = await waitForBotLine(reader, fromBot, { since: reader.lines.indexOf(line) + 1, timeoutMs: 30_000 });
    listLines.push(line);
  }
  expect(listLines.length).toBeGreaterThan(1);
  for (const listed of listLines) expect(Buffer.byteLength(listed.raw, 'utf8') + 2).toBeLessThanOrEqual(512);
  const names = listLines.flatMap(namesIn);
  expect(new Set(names).size).toBe(69);
  expect(names).toEqual(expect.arrayContaining(['fast-pass', 'queued', 'bulk-001', 'bulk-060']));

  // last all: a summary that names what failed and counts the rest, as status does
  await waitForBotLine(reader, notice(new RegExp(`^${USER}: 69 builders: 0 failing, (\\d+ passed, )?\\d+ never built\\.$`)), { since, timeoutMs: 90_000 });
  await waitForBotLine(reader, notice(`Say !last BUILDER for one builder, or see ${master.url}`), { since, timeoutMs: 30_000 });

  // still connected and answering, after everything else
  await waitForBotLine(reader, notice(new RegExp(`^${USER}: This is buildbot-chat `)), { since, timeoutMs: 30_000 });
  expect(reader.matching((l) => l.nick === BOT && (l.command === 'QUIT' || l.command === 'PART'), since)).toEqual([]);
  expect(reader.matching(notice(/no build has completed yet/), since)).toEqual([]);
  // nothing from the bot went anywhere but the channel, and all of it as NOTICE
  expect(reader.matching(fromBot, since).every((l) => l.command === 'NOTICE' && l.params[0] === CHANNEL)).toBe(true);
}, 180_000);

it('sends help privately to the asker, and answers another user without waiting for it', async () => {
  const since = reader.lines.length;
  const otherSince = other.lines.length;
  reader.say(CHANNEL, '!help');
  const pointer = await waitForBotLine(reader, notice(new RegExp(`^${USER}: the answer is \\d+ lines long, so I sent it to you in a private message\\.$`)), { since, timeoutMs: 30_000 });
  const privately = (line: IrcLine) => line.nick === BOT && line.command === 'PRIVMSG' && line.params[0] === USER;
  const total = Number(/is (\d+) lines/.exec(pointer.params[1] ?? '')?.[1]);
  // the burst is out and the rest is being paced when the other user asks
  await reader.waitFor((l) => privately(l) && reader.matching(privately, since).length >= 6, 60_000, { since });
  other.say(CHANNEL, '!version');
  await waitForBotLine(other, saidBy(BOT, CHANNEL, new RegExp(`^${OTHER}: This is buildbot-chat `), 'NOTICE'), { since: otherSince, timeoutMs: 30_000 });
  expect(reader.matching(privately, since).length).toBeLessThan(total);
  await reader.waitFor(() => reader.matching(privately, since).length === total, 90_000, { since });
}, 180_000);
