/**
 * The IRC server restarted in the middle of a burst of real builds: the bot reconnects,
 * rejoins, and every completed build's finished line reaches the channel exactly once.
 * Lines written just before the server went down are sent again unless the server confirmed
 * them (delivery receipts), so the listener reconnects first and sees everything.
 */
import { afterAll, expect, inject, it } from 'vitest';
import { saidBy, startIrcBot, type IrcBot } from '../e2e/support/irc-bot.js';
import { startIrcd, stopIrcd, type TestIrcd } from '../e2e/support/test-ircd.js';
import { RawIrcClient, type IrcLine } from '../support/raw-irc-client.js';
import { quietBuilder, burst, completedBuilds, masterIdle } from './support/fault-scene.js';

const url = inject('buildbotUrl');
const BOT = 'faultbot';
const CHANNEL = '#faults';

let ircd: TestIrcd | undefined;
let bot: IrcBot | undefined;
const listeners: RawIrcClient[] = [];

afterAll(async () => {
  await bot?.stop();
  for (const listener of listeners) listener.close();
  if (ircd) await stopIrcd(ircd.dir, { remove: true });
});

async function listen(server: TestIrcd): Promise<RawIrcClient> {
  const listener = await RawIrcClient.connect(server.host, server.port, 'listener');
  await listener.join(CHANNEL);
  listeners.push(listener);
  return listener;
}

const finished = saidBy(BOT, CHANNEL, /^Build #\d+ of \x02warn\x02 \x03\d\d?completed with warnings/);
const numberOf = (line: IrcLine) => Number(/^Build #(\d+)/.exec(line.params[1] ?? '')?.[1]);

it('delivers every finished line once across an IRC server restart', async () => {
  const builder = await quietBuilder(url, 'warn');
  const { before } = builder;

  ircd = await startIrcd();
  const first = await listen(ircd);
  bot = await startIrcBot(url, {
    host: ircd.host,
    port: ircd.port,
    nick: BOT,
    channels: [CHANNEL],
    notifyEvents: ['finished'],
    // slow enough to come back after the listener, which must not miss a line
    lostDelay: [3, 3],
    failedDelay: [2, 2],
  });
  await first.waitFor((l) => l.command === 'JOIN' && l.nick === BOT, 15_000);

  await burst(url, 'warn', 10);
  await first.waitFor(finished, 60_000);
  await stopIrcd(ircd.dir);
  ircd = await startIrcd({ dir: ircd.dir, port: ircd.port });
  const second = await listen(ircd);

  await masterIdle(url, builder.builderid);
  const builds = await completedBuilds(url, builder.builderid, before);
  expect(builds).toHaveLength(10);
  const deadline = Date.now() + 90_000;
  const told = () => [...first.matching(finished), ...second.matching(finished)].map(numberOf);
  while (told().length < builds.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // a duplicate would arrive now
  expect([...told()].sort((a, b) => a - b)).toEqual(builds.map((build) => build.number));
});
