/**
 * Long answers on IRC against a master of its own with 69 builders (BB_BUILDERS=60), and
 * ngircd's default flood penalties: every line arrives, split to fit and paced, the longest
 * answers are capped, and the bot is still connected at the end. Channel replies are NOTICEs
 * here (noticeOnChannel).
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
let reader: RawIrcClient;
let bot: IrcBot;

beforeAll(async () => {
  master = await startMaster({ env: { BB_BUILDERS: '60', BB_WEB_PORT: '0', BB_WORKER_PORT: '0' } });
  reader = await RawIrcClient.connect(host, port, USER);
  await reader.join(CHANNEL);
  bot = await startIrcBot(master.url, { host, port, nick: BOT, channels: [CHANNEL], commandPrefix: '!', noticeOnChannel: true });
  await waitForBotLine(reader, (l) => l.command === 'JOIN' && l.nick === BOT, { description: 'the bot joining' });
}, 240_000);

afterAll(async () => {
  await bot?.stop();
  await reader?.quit();
  if (master) await stopMaster(master.dir, { remove: true });
});

const notice = (text: RegExp | string) => saidBy(BOT, CHANNEL, text, 'NOTICE');
const fromBot = (line: IrcLine) => line.nick === BOT && (line.command === 'NOTICE' || line.command === 'PRIVMSG');

it('delivers status all, a long list and a capped answer in full, paced, without being disconnected', async () => {
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

  // last all: 69 lines, capped in the channel at 20 with a closing line that says where the rest is
  const closing = await waitForBotLine(reader, notice(/^\[\d+ more lines not shown/), { since, timeoutMs: 90_000 });
  expect(closing.params[1]).toBe(`[50 more lines not shown: ask me in a private message (/msg ${BOT} ...) or see ${master.url}]`);

  // still connected and answering, after everything else
  await waitForBotLine(reader, notice(new RegExp(`^${USER}: This is buildbot-chat `)), { since, timeoutMs: 30_000 });
  expect(reader.matching((l) => l.nick === BOT && (l.command === 'QUIT' || l.command === 'PART'), since)).toEqual([]);
  const lastAll = reader.matching(notice(/: build #\d+|no build has completed yet/), since);
  expect(lastAll).toHaveLength(19);
  // nothing from the bot went anywhere but the channel, and all of it as NOTICE
  expect(reader.matching(fromBot, since).every((l) => l.command === 'NOTICE' && l.params[0] === CHANNEL)).toBe(true);
}, 180_000);
