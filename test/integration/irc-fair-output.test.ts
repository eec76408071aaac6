/**
 * Fair IRC output, the whole bot against the in-repo fake IRC server and fake master: `help`
 * asked in a channel (17 lines, about 19 s of paced lines) goes to the channel as one line and
 * to the asker as a private message, and another user who asks meanwhile is answered after one
 * more line of it at most, not after the whole answer. Lines are paced at one per 2 s here, so
 * the bot's own handling time (milliseconds) cannot blur the count.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeMaster } from '../fakes/fake-master.js';
import { startTestBot, temporaryDatabase } from '../support/test-bot.js';
import { FakeIrcd } from './support/fake-ircd.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const WAIT_MS = 60_000;

describe('fair IRC output', () => {
  it('sends a long answer in a channel privately, and answers another user after one more of its lines at most', async () => {
    const master = await startFakeMaster();
    cleanups.push(() => master.close());
    const ircd = await FakeIrcd.start();
    cleanups.push(() => ircd.close());
    const bot = await startTestBot({
      masterUrl: master.url,
      database: temporaryDatabase('buildbot-chat-irc-fair-'),
      sections: { irc: { host: '127.0.0.1', port: ircd.port, nick: 'bbot', channels: ['#ci'], floodLinesPerSecond: 0.5, floodBurst: 5 } },
    });
    cleanups.push(() => bot.stop());
    await ircd.waitForLine(/^JOIN #ci$/, WAIT_MS);

    ircd.send(':alice!a@h PRIVMSG #ci :bbot: help');
    const pointer = await ircd.waitForLine(/^PRIVMSG #ci :alice: /, WAIT_MS);
    const toAlice = () => ircd.lines(/^PRIVMSG alice :/);
    // the burst is spent: the rest of the answer is being paced
    await ircd.waitForLine(/^PRIVMSG alice :/, WAIT_MS);
    await vi.waitFor(() => expect(toAlice().length).toBeGreaterThanOrEqual(5), { timeout: WAIT_MS, interval: 20 });
    const asked = ircd.received.length;
    ircd.send(':bob!b@h PRIVMSG #ci :bbot: hello');
    const answer = await ircd.waitForLine(/^PRIVMSG #ci :bob: /, WAIT_MS, asked);
    const between = ircd.received.slice(asked, ircd.received.indexOf(answer, asked)).filter((line) => line.startsWith('PRIVMSG alice :'));
    expect(between.length).toBeLessThanOrEqual(1);

    // alice's answer arrives whole (as many lines as the channel was told), after bob's, in a private message
    const told = Number(/the answer is (\d+) lines long/.exec(pointer)?.[1]);
    expect(told).toBeGreaterThanOrEqual(17);
    await vi.waitFor(() => expect(toAlice().length).toBeGreaterThanOrEqual(told), { timeout: WAIT_MS * 2, interval: 20 });
    const lines = toAlice();
    expect(lines).toHaveLength(told);
    expect(lines.at(-1)).toMatch(/\bhelp\b/); // help's closing line
    expect(pointer).toBe(`PRIVMSG #ci :alice: the answer is ${told} lines long, so I sent it to you in a private message.`);
    expect(ircd.received.indexOf(lines.at(-1) ?? '')).toBeGreaterThan(ircd.received.indexOf(answer));
    // nothing of help but the one line went to the channel
    expect(ircd.lines(/^PRIVMSG #ci :/)).toEqual([pointer, answer]);
  });
});
