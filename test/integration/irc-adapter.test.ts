/**
 * The IRC adapter against a scripted server (support/fake-ircd.ts), for what the e2e tests on
 * ngircd cannot show: accounts from account-tag and WHOIS, SASL and NickServ sign-on, channel
 * keys, getting the nick back by timer, deliver() while the link is down, after a kick and after
 * a refused join.
 */
import { readFileSync } from 'node:fs';
import { connect as tlsConnect } from 'node:tls';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { IrcAdapter } from '../../src/adapters/irc/irc-adapter.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { IrcConfig } from '../../src/adapters/irc/irc-config.js';
import type { CoreHandle } from '../../src/core/adapter.js';
import type { Capabilities } from '../../src/core/command.js';
import type { IncomingMessage } from '../../src/core/message.js';
import { openDatabase } from '../../src/store/open-database.js';
import { tempDatabasePath } from '../unit/store/temp-database.js';
import { FakeIrcd } from './support/fake-ircd.js';
import { buildFinishedReply } from '../../src/notify/notification-payloads.js';
import { hugeNotice, NOTICE_URL } from '../support/huge-notice.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A core that records what it was handed and answers "ok". */
function recordingCore() {
  const messages: IncomingMessage[] = [];
  let capabilities: Capabilities | undefined;
  const core: CoreHandle = {
    async handle(message, caps, send) {
      messages.push(message);
      capabilities = caps;
      await send({ text: 'ok' });
    },
  };
  return { core, messages, capabilities: () => capabilities };
}

function ircConfig(port: number, irc: Record<string, unknown> = {}): IrcConfig {
  const config = parseConfig(
    stringify({
      buildbot: { url: 'http://127.0.0.1:1/' },
      irc: { host: '127.0.0.1', port, nick: 'bbot', channels: ['#ci'], lostDelay: [0.05, 0.05], failedDelay: [0.05, 0.05], ...irc },
    }),
    { IRC_PASSWORD: 'n1ck-pass', SASL_PASSWORD: 's3cret' },
  );
  const [section] = config.platforms.get('irc') ?? [];
  if (!section) throw new Error('no irc section');
  return section as IrcConfig;
}

async function startAdapter(ircd: FakeIrcd, irc: Record<string, unknown> = {}, extra: { nickRegainMs?: number } = {}) {
  const { path, cleanup } = tempDatabasePath();
  const db = openDatabase(path);
  const recorder = recordingCore();
  const adapter = new IrcAdapter({ config: ircConfig(ircd.port, irc), core: recorder.core, logger: pino({ level: 'silent' }), db, ...extra });
  cleanups.push(cleanup, () => {
    db.close();
  }, () => adapter.stop());
  await adapter.start();
  return { adapter, db, ...recorder };
}

async function until(condition: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function fakeIrcd(options: Parameters<typeof FakeIrcd.start>[0] = {}): Promise<FakeIrcd> {
  const ircd = await FakeIrcd.start(options);
  cleanups.push(() => ircd.close());
  return ircd;
}

describe('IRC identities', () => {
  it('takes the account from account-tag, and an untagged line as no account', async () => {
    const ircd = await fakeIrcd({ caps: ['account-tag', 'account-notify', 'extended-join'] });
    const { messages } = await startAdapter(ircd, { authz: { force: ['account:alice-acct'] } });
    await ircd.waitForLine(/^JOIN #ci$/);
    ircd.send('@account=alice-acct :mallory!m@h PRIVMSG #ci :bbot: status');
    ircd.send(':alice!a@h PRIVMSG #CI :bbot, status');
    await until(() => messages.length === 2, 'two messages');
    expect(messages[0]).toMatchObject({
      chat: { adapter: 'irc', id: '#ci', private: false, title: '#ci' },
      user: { id: 'mallory', name: 'mallory', account: 'alice-acct', chatOperator: false },
      text: 'status',
    });
    expect(messages[1]?.chat.id).toBe('#ci');
    expect(messages[1]?.user).toEqual({ id: 'alice', name: 'alice', chatOperator: false });
    // each answer in a channel starts with the asker's nick
    await ircd.waitForLine(/^PRIVMSG #ci :mallory: ok$/);
    await ircd.waitForLine(/^PRIVMSG #CI :alice: ok$/);
    expect(ircd.lines(/^WHOIS/)).toEqual([]);
  });

  it('ignores an account tag the server never agreed to send', async () => {
    const ircd = await fakeIrcd();
    const { messages } = await startAdapter(ircd);
    await ircd.waitForLine(/^JOIN #ci$/);
    ircd.send('@account=root :mallory!m@h PRIVMSG bbot :status');
    await until(() => messages.length === 1, 'the message');
    expect(messages[0]?.user).toEqual({ id: 'mallory', name: 'mallory' });
  });

  it('asks WHOIS when authz names accounts and the server has no account-tag', async () => {
    const ircd = await fakeIrcd({ accounts: { alice: 'alice-acct' } });
    const { messages } = await startAdapter(ircd, { authz: { force: ['account:alice-acct'] } });
    await ircd.waitForLine(/^JOIN #ci$/);
    ircd.send(':alice!a@h PRIVMSG bbot :status');
    ircd.send(':bob!b@h PRIVMSG bbot :status');
    await until(() => messages.length === 2, 'two messages');
    expect(messages.find((m) => m.user.id === 'alice')).toMatchObject({ chat: { id: 'alice', private: true }, user: { account: 'alice-acct' } });
    expect(messages.find((m) => m.user.id === 'bob')?.user.account).toBeUndefined();
    expect(ircd.lines(/^WHOIS/)).toEqual(['WHOIS alice', 'WHOIS bob']);
    await ircd.waitForLine(/^PRIVMSG alice :ok$/);
  });

  it('knows the channel operators from the names list', async () => {
    const ircd = await fakeIrcd();
    const { messages } = await startAdapter(ircd);
    await ircd.waitForLine(/^JOIN #ci$/);
    ircd.send(':op!o@h PRIVMSG #ci :bbot: notify on');
    await until(() => messages.length === 1, 'the message');
    expect(messages[0]?.user.chatOperator).toBe(true);
  });
});

describe('IRC sign-on', () => {
  it('logs in with SASL, and not to NickServ', async () => {
    const ircd = await fakeIrcd({ caps: ['sasl'] });
    await startAdapter(ircd, { sasl: { account: 'ci', password: '${SASL_PASSWORD}' }, password: '${IRC_PASSWORD}' });
    await ircd.waitForLine(/^JOIN #ci$/);
    expect(ircd.lines(/^AUTHENTICATE/)).toEqual(['AUTHENTICATE PLAIN', `AUTHENTICATE ${Buffer.from('ci\0ci\0s3cret').toString('base64')}`]);
    expect(ircd.lines(/n1ck-pass/)).toEqual(['PASS n1ck-pass']);
  });

  it('identifies to NickServ after the welcome and before joining, and tries no SASL with that password', async () => {
    const ircd = await fakeIrcd({ caps: ['sasl'] });
    await startAdapter(ircd, { password: '${IRC_PASSWORD}' });
    await ircd.waitForLine(/^JOIN #ci$/);
    const identify = ircd.received.indexOf('PRIVMSG NickServ :IDENTIFY bbot n1ck-pass');
    expect(identify).toBeGreaterThan(ircd.received.findIndex((line) => line.startsWith('USER ')));
    expect(identify).toBeLessThan(ircd.received.indexOf('JOIN #ci'));
    expect(ircd.lines(/^PASS/)).toEqual(['PASS n1ck-pass']);
    expect(ircd.lines(/^AUTHENTICATE|^CAP REQ.*sasl/)).toEqual([]);
  });

  it('sends no password at all when none is configured', async () => {
    const ircd = await fakeIrcd({ caps: ['sasl'] });
    await startAdapter(ircd);
    await ircd.waitForLine(/^JOIN #ci$/);
    expect(ircd.lines(/^PASS|^AUTHENTICATE|NickServ/)).toEqual([]);
  });

  it('signs on as nick_ when the nick is taken and asks for it again until it gets it', async () => {
    let taken = true;
    const ircd = await fakeIrcd({ nickTaken: (nick) => nick === 'bbot' && taken });
    const { messages } = await startAdapter(ircd, {}, { nickRegainMs: 50 });
    await ircd.waitForLine(/^JOIN #ci$/);
    expect(ircd.lines(/^NICK/)).toEqual(['NICK bbot', 'NICK bbot_']);
    ircd.send(':alice!a@h PRIVMSG #ci :bbot_: status');
    await until(() => messages.length === 1, 'a command to the fallback nick');
    const tries = ircd.received.length;
    await ircd.waitForLine(/^NICK bbot$/, 5_000, tries);
    // counted from the moment the nick is free: tries seen earlier (a busy machine may see two) were refused
    const freed = ircd.received.length;
    taken = false;
    await until(() => ircd.received.slice(freed).includes('NICK bbot'), 'the nick asked for again', 30_000);
    ircd.send(':alice!a@h PRIVMSG #ci :bbot: status');
    await until(() => messages.length === 2, 'a command to the wanted nick');
    expect(messages.map((m) => m.text)).toEqual(['status', 'status']);
  });
});

describe('IRC reconnection', () => {
  it('waits twice as long each time a link drops soon after sign-on (Buildbot bug 30)', async () => {
    const ircd = await fakeIrcd();
    // failedDelay's maximum (1 s) is the cap
    const { adapter } = await startAdapter(ircd, { lostDelay: [0.05, 0.05], failedDelay: [1, 1] });
    for (let drop = 1; drop <= 4; drop++) {
      await until(() => adapter.isConnected() && ircd.connectedAt.length === drop, `sign-on ${drop}`);
      ircd.dropClients();
    }
    await until(() => ircd.connectedAt.length === 5, 'the fifth connection');
    const gaps = ircd.connectedAt.slice(1).map((at, index) => at - (ircd.connectedAt[index] ?? 0));
    // 100, 200, 400, 800 ms of waiting, each plus the time the link was up
    for (const [index, gap] of gaps.entries()) expect(gap).toBeGreaterThanOrEqual(100 * 2 ** index);
    expect(gaps[3]).toBeLessThan(5_000);
  });
});

describe('IRC over TLS', () => {
  const selfSigned = {
    key: readFileSync(new URL('../fixtures/tls/self-signed.key', import.meta.url), 'utf8'),
    cert: readFileSync(new URL('../fixtures/tls/self-signed.crt', import.meta.url), 'utf8'),
  };

  it('refuses a server whose certificate does not verify, and sends it nothing (Buildbot bug 27)', async () => {
    const ircd = await fakeIrcd({ tls: selfSigned });
    // the fake does speak TLS: a client that skips verification gets through
    const unchecked = tlsConnect({ host: '127.0.0.1', port: ircd.port, rejectUnauthorized: false });
    unchecked.write('NICK unchecked\r\n');
    await ircd.waitForLine(/^NICK unchecked$/);
    unchecked.destroy();

    const { adapter } = await startAdapter(ircd, { tls: true });
    await until(() => ircd.tlsFailures >= 1, 'the bot to give up the handshake');
    expect(ircd.received).toEqual(['NICK unchecked']);
    expect(adapter.isConnected()).toBe(false);
  });
});

describe('IRC delivery and channels', () => {
  it('refuses to deliver while disconnected, so the outbox keeps it, and delivers after reconnecting', async () => {
    const ircd = await fakeIrcd();
    const { adapter } = await startAdapter(ircd);
    await ircd.waitForLine(/^JOIN #ci$/);
    await expect(adapter.deliver('#ci', { text: 'first' })).resolves.toEqual({ ok: true });
    await ircd.waitForLine(/^PRIVMSG #ci :first$/);
    const before = ircd.received.length;
    ircd.dropClients();
    await until(() => !adapter.isConnected(), 'the adapter to notice');
    await expect(adapter.deliver('#ci', { text: 'second' })).rejects.toThrow('not connected to the IRC server');
    await until(() => adapter.isConnected(), 'the adapter to reconnect');
    await ircd.waitForLine(/^JOIN #ci$/, 5_000, before);
    await expect(adapter.deliver('#ci', { text: 'second' })).resolves.toEqual({ ok: true });
    await ircd.waitForLine(/^PRIVMSG #ci :second$/);
    expect(ircd.lines(/^PRIVMSG #ci :second$/)).toHaveLength(1);
  });

  it('sends the longest notification as two lines at most, cut with an ellipsis and the link kept', async () => {
    const ircd = await fakeIrcd();
    const { adapter } = await startAdapter(ircd);
    await ircd.waitForLine(/^JOIN #ci$/);
    await expect(adapter.deliver('#ci', buildFinishedReply(hugeNotice(), { useRevisions: true, showBlameList: true, tags: null, logTailLines: 0 }, 'default'))).resolves.toEqual({ ok: true });
    await expect(adapter.deliver('#ci', { text: 'next' })).resolves.toEqual({ ok: true });
    await ircd.waitForLine(/^PRIVMSG #ci :next$/);
    const lines = ircd.lines(/^PRIVMSG #ci :/).slice(0, -1);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(lines.join(' ')).not.toContain('more lines not shown');
    expect(lines.at(-1)).toMatch(new RegExp(`…\\S*  ${NOTICE_URL.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}$`));
  });

  it('gives up for good on a channel it is not in and on a name that is no IRC target', async () => {
    const ircd = await fakeIrcd();
    const { adapter } = await startAdapter(ircd);
    await ircd.waitForLine(/^JOIN #ci$/);
    await expect(adapter.deliver('#elsewhere', { text: 'x' })).resolves.toMatchObject({ ok: false, permanent: true });
    await expect(adapter.deliver('#ci\r\nQUIT', { text: 'x' })).resolves.toMatchObject({ ok: false, permanent: true });
    await expect(adapter.deliver('alice', { text: 'to a nick' })).resolves.toEqual({ ok: true });
    await ircd.waitForLine(/^PRIVMSG alice :to a nick$/);
  });

  it('holds a notification while kicked, joins again after lostDelay, then sends it', async () => {
    const ircd = await fakeIrcd();
    const { adapter } = await startAdapter(ircd, { lostDelay: [0.3, 0.3] });
    await ircd.waitForLine(/^JOIN #ci$/);
    const before = ircd.received.length;
    ircd.send(':op!o@h KICK #ci bbot :out');
    // the PONG to a later PING shows the adapter has read the KICK
    ircd.send('PING :after-kick');
    await ircd.waitForLine(/^PONG .*after-kick/, 5_000, before);
    await expect(adapter.deliver('#ci', { text: 'while out' })).resolves.toEqual({ ok: true });
    const rejoin = ircd.received.findIndex((line, index) => index >= before && line === 'JOIN #ci');
    expect(rejoin).toBeGreaterThan(0);
    expect(ircd.received.indexOf('PRIVMSG #ci :while out')).toBeGreaterThan(rejoin);
  });

  it('keeps trying a channel that refused it at sign-on every failedDelay, and sends nothing there meanwhile', async () => {
    const ircd = await fakeIrcd();
    ircd.bans.add('#ci');
    const { adapter } = await startAdapter(ircd, { failedDelay: [0.2, 0.2] });
    await ircd.waitForLine(/^JOIN #ci$/);
    const first = ircd.received.length;
    await ircd.waitForLine(/^JOIN #ci$/, 5_000, first);
    const delivery = adapter.deliver('#ci', { text: 'after the ban' });
    ircd.bans.delete('#ci');
    await expect(delivery).resolves.toEqual({ ok: true });
    await ircd.waitForLine(/^PRIVMSG #ci :after the ban$/);
    expect(ircd.lines(/^PRIVMSG #ci/)).toEqual(['PRIVMSG #ci :after the ban']);
  });

  it('stays out of a channel it left on request, even when the PART comes back late', async () => {
    const ircd = await fakeIrcd();
    const { adapter, capabilities, messages } = await startAdapter(ircd, { lostDelay: [0.05, 0.05] });
    await ircd.waitForLine(/^JOIN #ci$/);
    ircd.send(':alice!a@h PRIVMSG bbot :leave');
    await until(() => messages.length === 1, 'a message to learn the capabilities');
    await capabilities()?.chatControl?.leave('#ci');
    await ircd.waitForLine(/^PART #ci$/);
    ircd.send(':bbot!buildbot@fake PART #ci');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ircd.lines(/^JOIN #ci$/)).toHaveLength(1);
    await expect(adapter.deliver('#ci', { text: 'x' })).resolves.toMatchObject({ ok: false, permanent: true });
  });

  it('joins a keyed channel, reports a refusal, and remembers the channel with its key', async () => {
    const ircd = await fakeIrcd({ keys: { '#locked': 'right' } });
    const { capabilities, messages, db } = await startAdapter(ircd);
    await ircd.waitForLine(/^JOIN #ci$/);
    ircd.send(':alice!a@h PRIVMSG bbot :join');
    await until(() => messages.length === 1, 'a message to learn the capabilities');
    const control = capabilities()?.chatControl;
    await expect(control?.join('#locked', 'wrong')).rejects.toThrow('I cannot join #locked: Cannot join channel (+k).');
    await expect(control?.join('#locked', 'bad key')).rejects.toThrow('A channel key cannot hold spaces');
    await control?.join('#locked', 'right');
    expect(db.prepare('SELECT name, key FROM irc_channels').all()).toEqual([{ name: '#locked', key: 'right' }]);
    await control?.leave('#locked');
    await ircd.waitForLine(/^PART #locked$/);
    expect(db.prepare('SELECT name FROM irc_channels').all()).toEqual([]);
    await expect(control?.leave('#locked')).rejects.toThrow('I am not in #locked.');
  });
});

describe('answers to one IRC user', () => {
  it('keep their order: a slow first answer is not overtaken by the answer to a later command', async () => {
    const ircd = await fakeIrcd();
    const { path, cleanup } = tempDatabasePath();
    const db = openDatabase(path);
    // The first command takes a while (a WHOIS, a master read), the second answers at once.
    const core: CoreHandle = {
      async handle(message, _caps, send) {
        if (message.text === 'first') await new Promise((resolve) => setTimeout(resolve, 300));
        await send({ text: `answer to ${message.text}` });
      },
    };
    const adapter = new IrcAdapter({ config: ircConfig(ircd.port), core, logger: pino({ level: 'silent' }), db });
    cleanups.push(cleanup, () => {
      db.close();
    }, () => adapter.stop());
    await adapter.start();
    await ircd.waitForLine(/^JOIN #ci$/);
    ircd.send(':alice!a@h PRIVMSG #ci :bbot: first');
    ircd.send(':alice!a@h PRIVMSG #ci :bbot: second');
    await ircd.waitForLine(/^PRIVMSG #ci :alice: answer to second$/);
    expect(ircd.lines(/^PRIVMSG #ci :alice: /)).toEqual(['PRIVMSG #ci :alice: answer to first', 'PRIVMSG #ci :alice: answer to second']);
  });

  it('reach the user under the new nick after a nick change', async () => {
    const ircd = await fakeIrcd();
    const { adapter, messages } = await startAdapter(ircd);
    await ircd.waitForLine(/^JOIN #ci$/);
    ircd.send(':alice!a@h PRIVMSG bbot :status');
    await ircd.waitForLine(/^PRIVMSG alice :ok$/);
    ircd.send(':alice!a@h NICK :alicia');
    ircd.send(':alicia!a@h PRIVMSG bbot :status');
    await ircd.waitForLine(/^PRIVMSG alicia :ok$/);
    ircd.send(':alicia!a@h PRIVMSG #ci :bbot: status');
    await ircd.waitForLine(/^PRIVMSG #ci :alicia: ok$/);
    expect(messages.map((m) => m.user.id)).toEqual(['alice', 'alicia', 'alicia']);
    expect(adapter.isConnected()).toBe(true);
  });
});
