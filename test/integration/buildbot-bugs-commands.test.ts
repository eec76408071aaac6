/**
 * Command answers where Buildbot's own bots go wrong (docs/buildbot-bots.md,
 * "Commands"): `notify` mistakes they dropped without a word, and `help` texts that leave out
 * events or name a `shutdown` verb that does not exist, and `True` as a channel command's authz
 * value. Typed on the console of the whole bot against the fake master, on Telegram through the
 * fake Bot API, and on IRC through the scripted server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { shownUsage } from '../../src/core/usage.js';
import notify from '../../commands/notify.js';
import shutdown from '../../commands/shutdown.js';
import { EVENT_NAMES } from '../../src/notify/event-names.js';
import { startFakeMaster } from '../fakes/fake-master.js';
import { startIrcBot } from '../e2e/support/irc-bot.js';
import { ask, Cleanups, startTelegramWorld } from '../support/telegram-bot.js';
import { consolePerTest } from './support/console-against-fake.js';
import { FakeIrcd } from './support/fake-ircd.js';

const start = consolePerTest();
const NOTIFY_USAGE = `Usage: ${shownUsage(notify, false)}`;

describe('notify mistakes are answered (Buildbot bug 10)', () => {
  it('answers "notify" alone with the usage line (Buildbot bug 10)', async () => {
    const { say } = await start();
    expect(await say('notify')).toEqual([NOTIFY_USAGE]);
  });

  it('names the word that is not an event, lists the events, and turns nothing on (Buildbot bug 10)', async () => {
    const { say } = await start();
    expect(await say('notify on start')).toEqual([`'start' is not an event; events: ${EVENT_NAMES.join(', ')}. ${NOTIFY_USAGE}`]);
    // a good event next to a bad one is not half-applied either
    expect(await say('notify on failure finish')).toEqual([`'finish' is not an event; events: ${EVENT_NAMES.join(', ')}. ${NOTIFY_USAGE}`]);
    expect(await say('notify list')).toEqual(['No events are notified here.']);
  });

  it('answers turning off an event that was never on with what is notified (Buildbot bug 10)', async () => {
    const { say } = await start();
    expect(await say('notify off started')).toEqual(['No events are notified here.']);
    expect(await say('notify on failure')).toEqual(['Notified here: failure.']);
    expect(await say('notify off started')).toEqual(['Notified here: failure.']);
  });

  it("answers Buildbot's Telegram-only on-quiet/off-quiet with the usage line (Buildbot bug 10)", async () => {
    const { say } = await start();
    expect(await say('notify on-quiet x')).toEqual([NOTIFY_USAGE]);
    expect(await say('notify off-quiet finished')).toEqual([NOTIFY_USAGE]);
    expect(await say('notify list')).toEqual(['No events are notified here.']);
  });

  describe('on Telegram', () => {
    const cleanups = new Cleanups();
    afterEach(() => cleanups.run());

    it('names the bad event in a reply instead of dropping it (Buildbot bug 10)', async () => {
      const w = await startTelegramWorld(cleanups);
      const reply = await ask(w.fake, w.userChat, '/notify on start');
      expect(reply.text).toBe(`'start' is not an event; events: ${EVENT_NAMES.join(', ')}. Usage: /${shownUsage(notify, false)}`);
      expect((await ask(w.fake, w.userChat, '/notify off finished')).text).toBe('No events are notified here.\nPress an event to turn it on or off here.');
    });
  });
});

describe('help texts (Buildbot bug 18)', () => {
  it('help notify names every event, warnings, cancelled and worker among them (Buildbot bug 18)', async () => {
    const { say } = await start();
    const lines = await say('help notify');
    expect(lines[0]).toBe(`Usage: ${shownUsage(notify, false)} - ${notify.summary}`);
    const events = /^Events: ([a-z, ]+)\./.exec(lines[1] ?? '')?.[1]?.split(', ');
    expect(events).toEqual([...EVENT_NAMES]);
    expect(events).toEqual(expect.arrayContaining(['warnings', 'cancelled', 'worker']));
  });

  it('help shutdown names the verbs that work, stop among them, and no "shutdown cancel" (Buildbot bug 18)', async () => {
    const { say } = await start();
    const lines = await say('help shutdown');
    expect(lines).toEqual([`Usage: shutdown check|start|stop|now - ${shutdown.summary}`, shutdown.help]);
    expect(lines.join('\n')).not.toMatch(/shutdown cancel/i);
    // the verb help names is the one the command takes; Buildbot's help named "cancel"
    expect(await say('shutdown stop')).toEqual([
      "I cannot cancel a clean shutdown: Buildbot's REST API has no shutdown control. On the master's host, use buildbot stop --clean (or buildbot stop) in the master's folder, or its service manager.",
    ]);
    expect(await say('shutdown cancel')).toEqual(['Usage: shutdown check|start|stop|now']);
  });
});

describe('authz true for notify in an IRC channel (Buildbot bug 22)', () => {
  const cleanups = new Cleanups();
  afterEach(() => cleanups.run());

  /** The whole bot in #ci on the scripted server, where only "op" is a channel operator. */
  async function ircBot(authz?: Record<string, unknown>): Promise<FakeIrcd> {
    const ircd = await FakeIrcd.start();
    cleanups.add(() => ircd.close());
    const master = await startFakeMaster();
    cleanups.add(() => master.close());
    const bot = await startIrcBot(master.url, { host: '127.0.0.1', port: ircd.port, nick: 'bbot', channels: ['#ci'], ...(authz ? { authz } : {}) });
    cleanups.add(() => bot.stop());
    await ircd.waitForLine(/^JOIN #ci$/);
    return ircd;
  }

  it('lets anyone in the channel change its notifications when authz says notify: true (Buildbot bug 22)', async () => {
    const ircd = await ircBot({ notify: true });
    ircd.send(':mallory!m@h PRIVMSG #ci :bbot: notify on failure');
    await ircd.waitForLine(/^PRIVMSG #ci :mallory: Notified here: failure\.$/);
    ircd.send(':mallory!m@h PRIVMSG #ci :bbot: notify off failure');
    await ircd.waitForLine(/^PRIVMSG #ci :mallory: No events are notified here\.$/);
  });

  it('keeps the channel to its operators without that entry (Buildbot bug 22)', async () => {
    const ircd = await ircBot();
    ircd.send(':mallory!m@h PRIVMSG #ci :bbot: notify on failure');
    await ircd.waitForLine(/^PRIVMSG #ci :mallory: Only channel operators, or users allowed to notify by the bot's authz, may change what #ci is notified of\.$/);
    ircd.send(':op!o@h PRIVMSG #ci :bbot: notify list');
    await ircd.waitForLine(/^PRIVMSG #ci :op: No events are notified here\.$/);
  });
});
