/**
 * A server that refuses the bot's SASL login (904). Buildbot's bot (PR #6079) had no failure
 * handling: it went on signing on unidentified, into channels that may require an account
 * (Buildbot bug 28). Ours drops the link, joins nothing, and tries again after failedDelay.
 * The whole bot runs against the scripted server (support/fake-ircd.ts) and the fake master.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeMaster } from '../fakes/fake-master.js';
import { startIrcBot } from '../e2e/support/irc-bot.js';
import { FakeIrcd } from './support/fake-ircd.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const CREDENTIALS = `AUTHENTICATE ${Buffer.from('ci\0ci\0s3cret').toString('base64')}`;

describe('IRC SASL failure', () => {
  it('drops the link without joining, and logs in on a later try once SASL works (Buildbot bug 28)', async () => {
    let refuse = true;
    const ircd = await FakeIrcd.start({ caps: ['sasl'], refuseSasl: () => refuse });
    cleanups.push(() => ircd.close());
    const master = await startFakeMaster();
    cleanups.push(() => master.close());
    const bot = await startIrcBot(master.url, {
      host: '127.0.0.1',
      port: ircd.port,
      nick: 'bbot',
      channels: ['#ci'],
      sasl: { account: 'ci', password: 's3cret' },
      lostDelay: [0.05, 0.05],
      failedDelay: [0.1, 0.1],
    });
    cleanups.push(() => bot.stop());

    // each refused login is followed by a new connection that logs in again
    await ircd.waitForLine(/^AUTHENTICATE PLAIN$/);
    await ircd.waitForLine(new RegExp(`^${CREDENTIALS}$`));
    await ircd.waitForLine(/^AUTHENTICATE PLAIN$/, 5_000, ircd.received.indexOf(CREDENTIALS) + 1);
    const secondTry = ircd.received.length;
    await ircd.waitForLine(new RegExp(`^${CREDENTIALS}$`), 5_000, ircd.received.lastIndexOf('AUTHENTICATE PLAIN'));
    expect(ircd.connectedAt.length).toBeGreaterThanOrEqual(2);
    // refused, it never ended CAP negotiation (which would sign it on unidentified) nor joined
    expect(ircd.lines(/^(JOIN|CAP END|PRIVMSG)/)).toEqual([]);

    refuse = false;
    await ircd.waitForLine(/^JOIN #ci$/, 5_000, secondTry);
    const join = ircd.received.indexOf('JOIN #ci');
    expect(ircd.received.slice(0, join).filter((line) => line.startsWith('JOIN'))).toEqual([]);
    // the successful login came right before the join, on the same connection
    expect(ircd.received.slice(0, join).reverse().find((line) => /^(AUTHENTICATE|CAP END)/.test(line))).toBe('CAP END');
    expect(ircd.lines(/^CAP END$/)).toHaveLength(1);
  });
});
