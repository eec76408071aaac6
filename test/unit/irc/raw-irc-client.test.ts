import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseIrcLine, RawIrcClient, RawIrcWaitError } from '../../support/raw-irc-client.js';

/** A tiny IRC server: welcomes, echoes JOIN (key "sesame" for #locked), ends on QUIT. */
class FakeIrcServer {
  readonly received: Buffer[] = [];
  readonly sockets: Socket[] = [];
  private server: Server | null = null;
  port = 0;

  async start(options: { nickInUse?: string } = {}): Promise<void> {
    this.server = createServer((socket) => {
      this.sockets.push(socket);
      let nick = '*';
      let buffer = '';
      socket.on('data', (data: Buffer) => {
        this.received.push(data);
        buffer += data.toString('utf8');
        let end: number;
        while ((end = buffer.indexOf('\r\n')) >= 0) {
          const [command = '', ...args] = buffer.slice(0, end).split(' ');
          buffer = buffer.slice(end + 2);
          if (command === 'NICK') {
            nick = args[0] ?? '*';
            if (nick === options.nickInUse) socket.write(`:fake.test 433 * ${nick} :Nickname already in use\r\n`);
          } else if (command === 'USER' && nick !== options.nickInUse) {
            socket.write(`:fake.test 001 ${nick} :Welcome to the fake network ${nick}\r\n`);
          } else if (command === 'JOIN') {
            if (args[0] === '#locked' && args[1] !== 'sesame') {
              socket.write(`:fake.test 475 ${nick} #locked :Cannot join channel (+k)\r\n`);
            } else {
              socket.write(`:${nick}!~${nick}@127.0.0.1 JOIN :${args[0]}\r\n:fake.test 366 ${nick} ${args[0]} :End of NAMES list\r\n`);
            }
          } else if (command === 'QUIT') {
            socket.end(`ERROR :Closing connection\r\n`);
          }
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server?.address() as AddressInfo).port;
  }

  /** Everything received so far, as text. */
  text(): string {
    return Buffer.concat(this.received).toString('utf8');
  }

  send(data: string | Buffer): void {
    for (const socket of this.sockets) socket.write(data);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

describe('parsing IRC lines', () => {
  it('splits tags, prefix, command and parameters', () => {
    expect(parseIrcLine('@account=alice;msgid=a\\sb\\:c;+draft/x :bob!~b@host PRIVMSG #chan :hi: there')).toEqual({
      raw: '@account=alice;msgid=a\\sb\\:c;+draft/x :bob!~b@host PRIVMSG #chan :hi: there',
      tags: { account: 'alice', msgid: 'a b;c', '+draft/x': '' },
      prefix: 'bob!~b@host',
      nick: 'bob',
      command: 'PRIVMSG',
      params: ['#chan', 'hi: there'],
    });
  });

  it('reads numerics, server prefixes, no trailing parameter and an empty trailing one', () => {
    expect(parseIrcLine(':irc.test 353 me = #c :@op +voice')).toMatchObject({ nick: 'irc.test', command: '353', params: ['me', '=', '#c', '@op +voice'] });
    expect(parseIrcLine('PING token')).toMatchObject({ prefix: '', command: 'PING', params: ['token'] });
    expect(parseIrcLine(':a!b@c TOPIC #c :')).toMatchObject({ params: ['#c', ''] });
  });
});

describe('raw IRC test client', () => {
  const server = new FakeIrcServer();
  const clients: RawIrcClient[] = [];
  const connect = async (nick: string) => {
    const client = await RawIrcClient.connect('127.0.0.1', server.port, nick);
    clients.push(client);
    return client;
  };

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.stop();
    server.received.length = 0;
    server.sockets.length = 0;
  });

  it('registers with NICK and USER and waits for the welcome', async () => {
    await server.start();
    const alice = await connect('alice');
    expect(server.text()).toBe('NICK alice\r\nUSER alice 0 * :alice (raw test client)\r\n');
    expect(alice.lines.map((l) => l.command)).toEqual(['001']);
  });

  it('fails to connect with the server line when the nick is taken', async () => {
    await server.start({ nickInUse: 'alice' });
    await expect(RawIrcClient.connect('127.0.0.1', server.port, 'alice')).rejects.toThrow(
      'alice: registration refused: :fake.test 433 * alice :Nickname already in use',
    );
  });

  it('answers PING with the same token', async () => {
    await server.start();
    await connect('alice');
    server.send('PING :token-123\r\n');
    await until(() => server.text().includes('PONG :token-123\r\n'));
  });

  it('joins once the server echoes the JOIN, and reports a refused join', async () => {
    await server.start();
    const alice = await connect('alice');
    await alice.join('#builds');
    await alice.join('#locked', 'sesame');
    expect(server.text()).toContain('JOIN #builds\r\nJOIN #locked sesame\r\n');
    await expect(alice.join('#locked')).rejects.toThrow('alice: cannot join #locked: :fake.test 475 alice #locked :Cannot join channel (+k)');
  });

  it('writes PRIVMSG and raw lines byte for byte', async () => {
    await server.start();
    const alice = await connect('alice');
    alice.say('#builds', 'héllo 👍 \x02bold\x02');
    alice.raw('NOTICE bob :x\r\nQUIT :injected');
    await until(() => server.text().includes('injected'));
    const tail = Buffer.concat(server.received).subarray(-70);
    expect(tail.toString('utf8')).toContain('PRIVMSG #builds :héllo 👍 \x02bold\x02\r\nNOTICE bob :x\r\nQUIT :injected\r\n');
    expect(alice.sent.slice(-2)).toEqual(['PRIVMSG #builds :héllo 👍 \x02bold\x02', 'NOTICE bob :x\r\nQUIT :injected']);
  });

  it('keeps a UTF-8 character whole when the server sends it in two TCP writes', async () => {
    await server.start();
    const alice = await connect('alice');
    const line = Buffer.from(':bob!b@h PRIVMSG #c :caf\u00e9 \u{1F44D}\r\n', 'utf8');
    const cut = line.indexOf(0xf0) + 2; // inside the 4-byte emoji
    server.send(line.subarray(0, cut));
    await new Promise((resolve) => setTimeout(resolve, 20));
    server.send(line.subarray(cut));
    const got = await alice.waitFor((l) => l.command === 'PRIVMSG');
    expect(got.params).toEqual(['#c', 'café 👍']);
  });

  it('waits for lines that arrive later, each wait starting after the last match', async () => {
    await server.start();
    const alice = await connect('alice');
    server.send(':bob!b@h PRIVMSG #c :one\r\n:bob!b@h PRIVMSG #c :two\r\n');
    const isBob = (l: { nick: string }) => l.nick === 'bob';
    expect((await alice.waitFor(isBob)).params[1]).toBe('one');
    expect((await alice.waitFor(isBob)).params[1]).toBe('two');
    const third = alice.waitFor(isBob);
    server.send(':bob!b@h PRIVMSG #c :three\r\n');
    expect((await third).params[1]).toBe('three');
    expect((await alice.waitFor(isBob, 1000, { since: 0 })).params[1]).toBe('one');
    expect(alice.matching(isBob).map((l) => l.params[1])).toEqual(['one', 'two', 'three']);
  });

  it('times out with an error that lists the last lines seen', async () => {
    await server.start();
    const alice = await connect('alice');
    server.send(':bob!b@h PRIVMSG #c :\x0304red\x0f\r\n');
    await until(() => alice.lines.length === 2);
    const error = await alice.waitFor((l) => l.command === 'KICK', 50, { description: 'a KICK' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RawIrcWaitError);
    expect((error as Error).message).toBe(
      [
        'alice: no a KICK within 50 ms',
        'last 2 of 2 lines received:',
        '  ":fake.test 001 alice :Welcome to the fake network alice"',
        '  ":bob!b@h PRIVMSG #c :\\u000304red\\u000f"',
      ].join('\n'),
    );
  });

  it('fails a wait at once when the server closes the connection', async () => {
    await server.start();
    const alice = await connect('alice');
    const waiting = alice.waitFor((l) => l.command === 'KICK', 5000);
    const started = Date.now();
    for (const socket of server.sockets) socket.end('ERROR :Closing Link: alice (Excess Flood)\r\n');
    await expect(waiting).rejects.toThrow(/connection closed while waiting[\s\S]*Excess Flood/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(() => alice.say('#c', 'late')).toThrow('closed connection');
  });

  it('quits with QUIT and resolves when the server has closed the link', async () => {
    await server.start();
    const alice = await connect('alice');
    await alice.quit('done here');
    expect(server.text()).toMatch(/QUIT :done here\r\n$/);
    expect(alice.lines.at(-1)?.raw).toBe('ERROR :Closing connection');
  });
});
