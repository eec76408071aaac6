/**
 * The IRC server restarted in the middle of a burst of real builds: the bot reconnects,
 * rejoins, and every completed build's finished line reaches the channel exactly once.
 * Lines written just before the server went down are sent again unless the server confirmed
 * them (delivery receipts). The bot reaches the server through a gate the test opens only once
 * the listener is back, so the listener sees everything.
 */
import { afterAll, expect, inject, it } from 'vitest';
import { saidBy, startIrcBot, type IrcBot } from '../e2e/support/irc-bot.js';
import { startIrcd, stopIrcd, type TestIrcd } from '../e2e/support/test-ircd.js';
import { RawIrcClient, type IrcLine } from '../support/raw-irc-client.js';
import { TcpGate } from '../support/tcp-gate.js';
import { quietBuilder, burst, completedBuilds, masterIdle } from './support/fault-scene.js';

const url = inject('buildbotUrl');
const BOT = 'faultbot';
const CHANNEL = '#faults';

let ircd: TestIrcd | undefined;
/** The bot's way to the server: opened again only once the second listener is in the channel. */
let gate: TcpGate | undefined;
let bot: IrcBot | undefined;
const listeners: RawIrcClient[] = [];

afterAll(async () => {
  await bot?.stop();
  for (const listener of listeners) listener.close();
  await gate?.close();
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
  gate = await TcpGate.start(ircd);
  const first = await listen(ircd);
  bot = await startIrcBot(url, {
    host: gate.host,
    port: gate.port,
    nick: BOT,
    channels: [CHANNEL],
    notifyEvents: ['finished'],
    lostDelay: [0.5, 1],
    failedDelay: [0.5, 1],
  });
  await first.waitFor((l) => l.command === 'JOIN' && l.nick === BOT, 15_000);

  await burst(url, 'warn', 10);
  await first.waitFor(finished, 60_000);
  gate.shut();
  await stopIrcd(ircd.dir);
  ircd = await startIrcd({ dir: ircd.dir, port: ircd.port });
  const second = await listen(ircd);
  await gate.open();

  await masterIdle(url, builder.builderid);
  const builds = await completedBuilds(url, builder.builderid, before);
  expect(builds).toHaveLength(10);
  const deadline = Date.now() + 90_000;
  const told = () => [...first.matching(finished), ...second.matching(finished)].map(numberOf);
  while (told().length < builds.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // a duplicate would arrive now
  expect([...told()].sort((a, b) => a - b)).toEqual(builds.map((build) => build.number));
});
