/**
 * One bot process, two real Buildbot masters, two real IRC servers and a Telegram bot (the
 * in-repo fake Bot API): commands on each network reach the right master, `status` groups by
 * master, a builder name both masters have is answered with the choices, each build notifies
 * only the chats subscribed to its master and names it, and master B, reached through two TCP
 * proxies, is followed to the second one when the first closes, every build told exactly once.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../fakes/fake-telegram/server.js';
import { RawIrcClient } from '../support/raw-irc-client.js';
import { TcpGate } from '../support/tcp-gate.js';
import { FAST_LIMITS } from '../support/telegram-bot.js';
import { startTestBot, temporaryDatabase, type TestBot } from '../support/test-bot.js';
import { eventStreamConnected } from '../support/event-stream-connected.js';
import { forceBuild, waitForBuild } from './support/buildbot-rest.js';
import { saidBy, waitForBotLine } from './support/irc-bot.js';
import { SHARED_MASTER_B_ENV, sharedMasterB } from './support/shared-master-b.js';
import { startMaster, stopMaster, type TestMaster } from './support/test-master.js';

const urlA = inject('buildbotUrl');
const ircA = { host: inject('ircHost'), port: inject('ircPort') };
const ircB = { host: inject('ircHostB'), port: inject('ircPortB') };

const BOT = 'mmbot';
const CHANNEL_A = '#mm-a';
const CHANNEL_B = '#mm-b';
const ALICE = 'alice-mm';
const BOB = 'bob-mm';

let masterB: TestMaster;
let first: TcpGate;
let second: TcpGate;
let fake: FakeTelegram;
let telegramChat: number;
let alice: RawIrcClient;
let bob: RawIrcClient;
let bot: TestBot;

beforeAll(async () => {
  masterB = await sharedMasterB();
  const target = { host: '127.0.0.1', port: Number(new URL(masterB.url).port) };
  first = await TcpGate.start(target);
  second = await TcpGate.start(target);
  fake = await startFakeTelegram();
  telegramChat = fake.privateChat({ first_name: 'Tess' }).chat.id;
  // alice and bob join first, so each is the operator of their channel
  alice = await RawIrcClient.connect(ircA.host, ircA.port, ALICE);
  await alice.join(CHANNEL_A);
  bob = await RawIrcClient.connect(ircB.host, ircB.port, BOB);
  await bob.join(CHANNEL_B);
  bot = await startTestBot({
    database: temporaryDatabase('buildbot-chat-masters-e2e-'),
    sections: {
      masters: {
        a: { url: urlA },
        b: { url: [first.url(), second.url()], failoverAfterSeconds: 5, authz: { '!': [BOB] } },
      },
      irc: [
        { host: ircA.host, port: ircA.port, nick: BOT, channels: [CHANNEL_A], commandPrefix: '!', authz: { '!': [ALICE, BOB] } },
        { name: 'second', host: ircB.host, port: ircB.port, nick: BOT, channels: [CHANNEL_B], commandPrefix: '!', authz: { '!': [ALICE, BOB] } },
      ],
      telegram: { token: '${TELEGRAM_TOKEN}', apiRoot: fake.apiRoot, pollTimeout: 1, retryDelay: 0.1, limits: FAST_LIMITS, chatIds: [telegramChat], notifyEvents: ['finished'] },
    },
    env: { TELEGRAM_TOKEN: fake.token },
  });
  await waitForBotLine(alice, (l) => l.command === 'JOIN' && l.nick === BOT, { description: 'the bot joining on network A' });
  await waitForBotLine(bob, (l) => l.command === 'JOIN' && l.nick === BOT, { description: 'the bot joining on network B' });
  await eventStreamConnected(bot.bot, 30_000);
  // each channel hears of its own master only
  alice.say(CHANNEL_A, '!notify on finished --master=a');
  await waitForBotLine(alice, saidBy(BOT, CHANNEL_A, /Notified here: finished \(masters a\)/));
  bob.say(CHANNEL_B, '!notify on finished --master=b');
  await waitForBotLine(bob, saidBy(BOT, CHANNEL_B, /Notified here: finished \(masters b\)/));
}, 180_000);

afterAll(async () => {
  await bot?.stop();
  await Promise.all([alice?.quit(), bob?.quit()]);
  await fake?.close();
  await first?.close();
  await second?.close();
});

/** Telegram messages of the test chat about `builder` build `number` finishing. */
function finishedInTelegram(master: string, builder: string, number: number): string[] {
  const about = new RegExp(`^\\[${master}\\] Build #${number} of ${builder} `);
  return fake.sentMessages(telegramChat).map((m) => m.text).filter((text) => about.test(text));
}

describe('one bot, two masters, two networks', () => {
  it('status groups its answer by master', async () => {
    const since = alice.lines.length;
    alice.say(CHANNEL_A, '!status all');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL_A, /b-pass/), { since, timeoutMs: 30_000 });
    const lines = alice.matching((l) => l.nick === BOT && l.command === 'PRIVMSG', since).map((l) => l.params[1] ?? '');
    // eslint-disable-next-line no-control-regex
    const plain = lines.map((line) => line.replace(/[\x02\x03\x0f\x1d\x1f]\d{0,2}(,\d{1,2})?/g, ''));
    const headingA = plain.findIndex((line) => line === `${ALICE}: a:`);
    const headingB = plain.findIndex((line) => line === `${ALICE}: b:`);
    expect(headingA).toBeGreaterThanOrEqual(0);
    expect(headingB).toBeGreaterThan(headingA);
    const underA = plain.slice(headingA, headingB).join('\n');
    const underB = plain.slice(headingB).join('\n');
    expect(underA).toMatch(/fast-pass/);
    expect(underA).not.toMatch(/b-pass/);
    expect(underB).toMatch(/b-pass/);
    expect(underB).not.toMatch(/fast-pass/);
  });

  it('answers a builder name both masters have with the choices, never a guess', async () => {
    const since = alice.lines.length;
    alice.say(CHANNEL_A, '!last common');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL_A, `${ALICE}: 'common' is a builder on 2 masters: say which, a/common or b/common.`), { since });
    alice.say(CHANNEL_A, '!last a/common');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL_A, /common/), { since: alice.lines.length - 1 });
  });

  it("runs a force on the master that owns the builder, narrowed by that master's authz", async () => {
    const since = alice.lines.length;
    // alice may force on IRC, but master b's own authz lists bob alone
    alice.say(CHANNEL_A, '!force build b-pass');
    await waitForBotLine(alice, saidBy(BOT, CHANNEL_A, `${ALICE}: You may not run force on master b.`), { since });
    const sinceB = bob.lines.length;
    bob.say(CHANNEL_B, '!force build b/b-pass from network two');
    const started = await waitForBotLine(bob, saidBy(BOT, CHANNEL_B, /Build #(\d+) of \W*b\/b-pass\W* started/), { since: sinceB, timeoutMs: 60_000 });
    const number = Number(/#(\d+)/.exec(started.params[1] ?? '')?.[1]);
    // told in network B's channel (subscribed to b) and in Telegram (every master), naming b
    await waitForBotLine(bob, saidBy(BOT, CHANNEL_B, new RegExp(`^\\[b\\] Build #${number} of .*b-pass.*completed successfully`)), { since: sinceB, timeoutMs: 60_000 });
    await fake.waitFor(() => finishedInTelegram('b', 'b-pass', number).length === 1, 30_000);
    // and not in network A's channel, subscribed to master a only
    expect(alice.matching(saidBy(BOT, CHANNEL_A, /b-pass/), since)).toEqual([]);
  });

  it("notifies a's builds in a's channel only", async () => {
    const sinceA = alice.lines.length;
    const sinceB = bob.lines.length;
    const build = await waitForBuild(urlA, await forceBuild(urlA, 'fast-pass'));
    await waitForBotLine(alice, saidBy(BOT, CHANNEL_A, new RegExp(`^\\[a\\] Build #${build.number} of .*fast-pass`)), { since: sinceA, timeoutMs: 30_000 });
    await fake.waitFor(() => finishedInTelegram('a', 'fast-pass', build.number).length === 1, 30_000);
    expect(bob.matching(saidBy(BOT, CHANNEL_B, /fast-pass/), sinceB)).toEqual([]);
  });
});

describe('failover inside one cluster', () => {
  it('moves to the second front end when the first closes in the middle of a run of builds, telling every build once', async () => {
    expect(bot.bot.masters.get('b')?.url()).toBe(first.url());
    const numbers: number[] = [];
    for (let i = 0; i < 6; i++) {
      if (i === 3) await first.cut();
      const build = await waitForBuild(masterB.url, await forceBuild(masterB.url, 'b-pass'));
      numbers.push(build.number);
    }
    for (const number of numbers) await fake.waitFor(() => finishedInTelegram('b', 'b-pass', number).length >= 1, 60_000);
    // give late repeats a chance to show before counting
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    for (const number of numbers) expect(finishedInTelegram('b', 'b-pass', number)).toHaveLength(1);
    expect(second.connections).toBeGreaterThan(0);
    const health = bot.bot.masters.get('b')?.url();
    expect(health).toBe(second.url());
  }, 240_000);
});

describe('one master down while the other keeps building', () => {
  it("tells a's builds during b's outage at once, and b's once it is back, each once", async () => {
    await stopMaster(masterB.dir);
    const duringOutage = await waitForBuild(urlA, await forceBuild(urlA, 'fast-pass'));
    await fake.waitFor(() => finishedInTelegram('a', 'fast-pass', duringOutage.number).length === 1, 30_000);
    masterB = await startMaster({ dir: masterB.dir, env: SHARED_MASTER_B_ENV });
    const afterRestart = await waitForBuild(masterB.url, await forceBuild(masterB.url, 'b-pass'));
    await fake.waitFor(() => finishedInTelegram('b', 'b-pass', afterRestart.number).length === 1, 60_000);
    expect(finishedInTelegram('a', 'fast-pass', duringOutage.number)).toHaveLength(1);
  }, 240_000);
});
