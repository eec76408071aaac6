/**
 * Checks types/irc-framework.d.ts against the library at run time: the events and fields the
 * declaration promises are the ones irc-framework 4.14 emits for lines from a server.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import IRC, { Client, type ClientEvents } from 'irc-framework';
import { afterEach, describe, expect, it } from 'vitest';

let server: Server | null = null;
let client: Client | null = null;

afterEach(async () => {
  client?.removeAllListeners();
  client?.quit('bye');
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A server that welcomes the client and then sends `script`. */
async function serve(script: string[]): Promise<{ port: number; received: string[] }> {
  const received: string[] = [];
  server = createServer((socket: Socket) => {
    socket.on('error', () => undefined);
    socket.on('data', (data: Buffer) => {
      for (const line of data.toString('utf8').split('\r\n').filter(Boolean)) {
        received.push(line);
        if (line.startsWith('USER ')) socket.write([':fake.test 001 bot :Welcome', ...script].map((l) => `${l}\r\n`).join(''));
        if (line.startsWith('QUIT')) socket.end();
      }
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { port: (server?.address() as AddressInfo).port, received };
}

function next<E extends keyof ClientEvents>(c: Client, event: E): Promise<Parameters<ClientEvents[E]>> {
  return new Promise((resolve) => {
    c.once(event, ((...args: Parameters<ClientEvents[E]>) => resolve(args)) as ClientEvents[E]);
  });
}

describe('irc-framework as declared in types/irc-framework.d.ts', () => {
  it('exports Client both as a named and as a default import', () => {
    expect(IRC.Client).toBe(Client);
  });

  it('emits the declared events with the declared fields', async () => {
    const { port, received } = await serve([
      '@account=alice :alice!~a@host PRIVMSG #c :bot: status',
      ':alice!~a@host NOTICE bot :psst',
      ':alice!~a@host JOIN #c',
      ':alice!~a@host PART #c :gone',
      ':op!~o@host KICK #c alice :behave',
      ':op!~o@host MODE #c +o bot',
      ':fake.test 353 bot = #c :@op alice',
      ':fake.test 366 bot #c :End of NAMES list',
      ':fake.test 474 bot #banned :Cannot join channel (+b)',
      ':alice!~a@host QUIT :Quit: bye',
    ]);
    client = new Client({ host: '127.0.0.1', port, nick: 'bot', username: 'bb', auto_reconnect: false, account: {} });
    const events = {
      registered: next(client, 'registered'),
      message: new Promise<Parameters<ClientEvents['message']>[0][]>((resolve) => {
        const seen: Parameters<ClientEvents['message']>[0][] = [];
        client?.on('message', (event) => {
          seen.push(event);
          if (seen.length === 2) resolve(seen);
        });
      }),
      join: next(client, 'join'),
      part: next(client, 'part'),
      kick: next(client, 'kick'),
      mode: next(client, 'mode'),
      userlist: next(client, 'userlist'),
      ircError: next(client, 'irc error'),
      quit: next(client, 'quit'),
    };
    client.connect();

    expect((await events.registered)[0].nick).toBe('bot');
    expect(client.user.nick).toBe('bot');
    expect(client.connected).toBe(true);
    const [privmsg, notice] = await events.message;
    expect(privmsg).toMatchObject({ type: 'privmsg', nick: 'alice', ident: '~a', hostname: 'host', target: '#c', message: 'bot: status', account: 'alice' });
    expect(privmsg?.tags).toEqual({ account: 'alice' });
    expect(notice).toMatchObject({ type: 'notice', nick: 'alice', target: 'bot', message: 'psst', account: undefined });
    expect((await events.join)[0]).toMatchObject({ nick: 'alice', channel: '#c' });
    expect((await events.part)[0]).toMatchObject({ nick: 'alice', channel: '#c', message: 'gone' });
    expect((await events.kick)[0]).toMatchObject({ nick: 'op', kicked: 'alice', channel: '#c', message: 'behave' });
    expect((await events.mode)[0]).toMatchObject({ target: '#c', nick: 'op', modes: [{ mode: '+o', param: 'bot' }] });
    expect((await events.userlist)[0]).toMatchObject({ channel: '#c', users: [{ nick: 'op', modes: ['o'] }, { nick: 'alice', modes: [] }] });
    expect((await events.ircError)[0]).toMatchObject({ error: 'banned_from_channel', channel: '#banned', reason: 'Cannot join channel (+b)' });
    expect((await events.quit)[0]).toMatchObject({ nick: 'alice', message: 'Quit: bye' });

    // raw() writes a whole line; say() is PRIVMSG.
    client.raw('PRIVMSG #c :raw line');
    client.say('#c', 'said');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual(expect.arrayContaining(['PRIVMSG #c :raw line', 'PRIVMSG #c said']));
    // account: {} keeps irc-framework from trying SASL; it still asks for capabilities.
    expect(received.some((line) => line.startsWith('AUTHENTICATE'))).toBe(false);
  });

  it('reports a taken nick and, with auto_reconnect off, a final close', async () => {
    server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.on('data', (data: Buffer) => {
        if (data.toString().includes('NICK bot')) socket.end(':fake.test 433 * bot :Nickname is already in use\r\n');
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    client = new Client({ host: '127.0.0.1', port, nick: 'bot', auto_reconnect: false });
    const nickInUse = next(client, 'nick in use');
    const socketClose = next(client, 'socket close');
    const close = next(client, 'close');
    client.connect();
    expect((await nickInUse)[0]).toMatchObject({ nick: 'bot', reason: 'Nickname is already in use' });
    expect((await socketClose)[0]).toBe(false);
    expect((await close)[0]).toBe(false);
  });
});
