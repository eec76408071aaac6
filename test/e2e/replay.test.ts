/**
 * `buildbot-chat replay` through the CLI, against the real test master and IRC server: a
 * finished build recorded from the master (as REST build JSON and as a /ws frame) is shown
 * with --dry-run (which chat, which message, nothing sent) and delivered to the IRC channel
 * without it; the replay marks nothing handled and moves no cursor, so the bot, started again
 * on the same database, still reports the real build. With two masters, --master picks one.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import type { Build } from '../../src/buildbot/schemas.js';
import { RawIrcClient } from '../support/raw-irc-client.js';
import { startTestBot, type TestBot } from '../support/test-bot.js';
import { forceBuildAndWait, getJson } from './support/buildbot-rest.js';
import { saidBy, waitForBotLine } from './support/irc-bot.js';
import { runCli } from './support/run-cli.js';

const masterUrl = inject('buildbotUrl');
const host = inject('ircHost');
const port = inject('ircPort');
const BOT = 'replaybot';
const LIVE = 'replaylive';
const CHANNEL = '#irc-replay';

let dir: string;
let database: string;
let config: string;
let restFile: string;
let frameFile: string;
let build: Build;
let alice: RawIrcClient;
let live: TestBot | undefined;

function ircSection(nick: string) {
  return { host, port, nick, channels: [CHANNEL], notifyEvents: ['failure'], floodBurst: 20 };
}

/** The bot as it runs for real, on the replay's database (another nick: the replay's may linger). */
function startLiveBot(): Promise<TestBot> {
  return startTestBot({ masterUrl, database, sections: { irc: ircSection(LIVE) } });
}

/** What a replay must leave alone: events handled and the live stream's cursors. */
function liveState(): { processed: unknown[]; state: unknown[] } {
  const db = new Database(database, { readonly: true });
  try {
    return {
      processed: db.prepare('SELECT * FROM processed_events ORDER BY 1, 2, 3').all(),
      state: db.prepare('SELECT key, value FROM state ORDER BY key').all(),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'buildbot-chat-replay-e2e-'));
  database = join(dir, 'bot.sqlite');
  config = join(dir, 'buildbot-chat.yaml');
  await writeFile(config, stringify({ buildbot: { url: masterUrl }, database, log: { level: 'warn' }, irc: ircSection(BOT) }));
  alice = await RawIrcClient.connect(host, port, 'alice-replay');
  await alice.join(CHANNEL);
  // the bot has run on this database (its cursors are set), and is stopped when the build ends
  live = await startLiveBot();
  await waitForBotLine(alice, (l) => l.command === 'JOIN' && l.nick === LIVE, { description: 'the live bot joining' });
  await live.stop();
  build = await forceBuildAndWait(masterUrl, 'fast-fail');
  const rest = await getJson(masterUrl, `builds/${build.buildid}?property=*`);
  restFile = join(dir, 'build.json');
  await writeFile(restFile, JSON.stringify(rest));
  frameFile = join(dir, 'frame.json');
  await writeFile(frameFile, JSON.stringify({ k: `builds/${build.buildid}/finished`, m: (rest as { builds: unknown[] }).builds[0] }));
});

afterAll(async () => {
  await live?.stop();
  await alice?.quit();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// A failure names the owner of the forced build first (notify.mentionEvents; nobody in people:, so as text).
const told = (nick: string) => saidBy(nick, CHANNEL, new RegExp(`^e2e test: Build #${build.number} of \\x02fast-fail\\x02 \\S*failed`));

describe('buildbot-chat replay', () => {
  it('--dry-run prints which chat would get which message and sends nothing', async () => {
    const before = liveState();
    const run = await runCli(['replay', '--config', config, '--dry-run', restFile, frameFile], '');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const message = `  irc ${CHANNEL}: Build #${build.number} of fast-fail failed after`;
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      `${restFile}: build finished (build id ${build.buildid}, builder id ${build.builderid}, #${build.number}): 1 chat`,
      expect.stringContaining(message),
      `${frameFile}: build finished (build id ${build.buildid}, builder id ${build.builderid}, #${build.number}): 1 chat`,
      expect.stringContaining(message),
    ]);
    expect(alice.matching((l) => l.nick === BOT)).toEqual([]);
    expect(liveState()).toEqual(before);
  });

  it('delivers the event to the subscribed channel, and leaves the live stream as it was', async () => {
    const before = liveState();
    const since = alice.lines.length;
    const run = await runCli(['replay', '--config', config, frameFile], '');
    // warnings may come (IRC logs the server closing the link as the replay quits), errors may not
    expect(run.stderr).not.toMatch(/"level":(50|60)/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 of 1 messages delivered');
    await waitForBotLine(alice, told(BOT), { since });
    expect(liveState()).toEqual(before);
    // the bot, started again, catches up and reports the real build: the replay hid nothing
    live = await startLiveBot();
    await waitForBotLine(alice, told(LIVE), { since, timeoutMs: 30_000 });
    await live.bot.notifications.idle();
    expect(alice.matching(told(LIVE))).toHaveLength(1);
  });

  it('names the file that cannot be read, and exits with a data error', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"hello": 1}');
    const run = await runCli(['replay', '--config', config, '--dry-run', bad], '');
    expect(run.code).toBe(65);
    expect(run.stderr).toBe(`buildbot-chat replay: ${bad}: neither a /ws event frame {"k": ..., "m": ...} nor REST build JSON\n`);
  });
});

describe('with two masters', () => {
  let twoMasters: string;

  beforeAll(async () => {
    twoMasters = join(dir, 'two-masters.yaml');
    // two names for the test master: enough to see which pipeline handles the events
    await writeFile(
      twoMasters,
      stringify({ masters: { a: { url: masterUrl }, b: { url: masterUrl } }, database: join(dir, 'two.sqlite'), log: { level: 'warn' }, irc: ircSection(BOT) }),
    );
  });

  it('asks which master the events come from', async () => {
    const run = await runCli(['replay', '--config', twoMasters, '--dry-run', frameFile], '');
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('buildbot-chat replay: the config has several masters (a, b): name one with --master=NAME');
    const wrong = await runCli(['replay', '--config', twoMasters, '--master=c', '--dry-run', frameFile], '');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.split('\n')[0]).toBe("buildbot-chat replay: no master named 'c'; the masters are: a, b");
  });

  it('--master=NAME runs the events through that master\'s pipeline, named in the message', async () => {
    const run = await runCli(['replay', '--config', twoMasters, '--master=b', '--dry-run', frameFile], '');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  irc ${CHANNEL}: [b] Build #${build.number} of fast-fail failed after`);
  });
});
