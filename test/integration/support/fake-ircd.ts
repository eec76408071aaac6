/**
 * A scripted IRC server on a `net` socket, for what ngircd cannot show: IRCv3 account-tag,
 * WHOIS accounts (RPL_WHOISACCOUNT), SASL and NickServ. It speaks just enough of the protocol
 * for irc-framework to sign on (CAP LS/REQ/END, NICK, USER), echoes JOIN and NICK, answers
 * WHOIS and AUTHENTICATE, and records every line it received.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';

export interface FakeIrcdOptions {
  /** Capabilities offered in CAP LS (none: the server ignores CAP, like an old ircd). */
  caps?: string[];
  /** Nicks refused with 433 at the moment they are asked for. */
  nickTaken?: (nick: string) => boolean;
  /** Channel keys: a JOIN with another key gets 475. */
  keys?: Record<string, string>;
  /** WHOIS answers: nick → services account. */
  accounts?: Record<string, string>;
  /** Speak TLS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Refuse SASL credentials with 904 (ERR_SASLFAIL) while this says so. */
  refuseSasl?: () => boolean;
}

const SERVER = 'fake.test';

class Session {
  nick = '';
  user = '';
  registered = false;
  negotiating = false;

  constructor(readonly socket: Socket) {}

  send(line: string): void {
    if (!this.socket.destroyed) this.socket.write(`${line}\r\n`);
  }
}

export class FakeIrcd {
  readonly received: string[] = [];
  /** Channels whose JOIN gets 474 (banned), changeable while the test runs. */
  readonly bans = new Set<string>();
  /** When each client connected (ms since the epoch). */
  readonly connectedAt: number[] = [];
  /** TLS handshakes that failed (a client that did not trust the certificate). */
  tlsFailures = 0;
  /** Called with each line as it arrives (benchmarks time lines with it). */
  onLine: ((line: string) => void) | null = null;
  private readonly sessions = new Set<Session>();
  private latest: Session | null = null;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeIrcdOptions,
  ) {}

  static async start(options: FakeIrcdOptions = {}): Promise<FakeIrcd> {
    let ircd: FakeIrcd | null = null;
    const server = options.tls
      ? createTlsServer(options.tls, (socket) => ircd?.accept(socket)).on('tlsClientError', () => {
          if (ircd) ircd.tlsFailures += 1;
        })
      : createServer((socket) => ircd?.accept(socket));
    ircd = new FakeIrcd(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return ircd;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** Sends a line to the most recent client. */
  send(line: string): void {
    this.latest?.send(line);
  }

  /** Lines received that match, at this moment. */
  lines(pattern: RegExp): string[] {
    return this.received.filter((line) => pattern.test(line));
  }

  /** Waits (polling) until a received line matches; returns it. */
  async waitForLine(pattern: RegExp, timeoutMs = 5_000, from = 0): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.slice(from).find((line) => pattern.test(line));
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; received:\n${this.received.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Drops every client link at once, as a crashing server would. */
  dropClients(): void {
    for (const session of this.sessions) session.socket.destroy();
  }

  async close(): Promise<void> {
    this.dropClients();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const session = new Session(socket);
    this.connectedAt.push(Date.now());
    this.sessions.add(session);
    this.latest = session;
    socket.on('error', () => undefined);
    socket.on('close', () => this.sessions.delete(session));
    let buffer = '';
    socket.on('data', (data: Buffer) => {
      buffer += data.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        this.received.push(line);
        this.onLine?.(line);
        this.handle(session, line);
      }
    });
  }

  private handle(session: Session, line: string): void {
    const [command = '', ...words] = line.split(' ');
    const trailing = line.includes(' :') ? line.slice(line.indexOf(' :') + 2) : words.at(-1) ?? '';
    const { caps } = this.options;
    switch (command.toUpperCase()) {
      case 'CAP':
        if (!caps) return;
        if (words[0] === 'LS') {
          session.negotiating = true;
          session.send(`:${SERVER} CAP * LS :${caps.join(' ')}`);
        } else if (words[0] === 'REQ') {
          session.send(`:${SERVER} CAP * ACK :${trailing}`);
        } else if (words[0] === 'END') {
          session.negotiating = false;
          this.maybeRegister(session);
        }
        return;
      case 'AUTHENTICATE':
        if (words[0] === 'PLAIN') session.send('AUTHENTICATE +');
        else if (this.options.refuseSasl?.()) {
          session.send(`:${SERVER} 904 ${session.nick || '*'} :SASL authentication failed`);
        } else {
          session.send(`:${SERVER} 900 ${session.nick || '*'} ${session.nick}!u@h ci :You are now logged in as ci`);
          session.send(`:${SERVER} 903 ${session.nick || '*'} :SASL authentication successful`);
        }
        return;
      case 'NICK': {
        const nick = words[0] ?? '';
        if (this.options.nickTaken?.(nick)) {
          session.send(`:${SERVER} 433 ${session.nick || '*'} ${nick} :Nickname is already in use`);
          return;
        }
        if (session.registered) session.send(`:${session.nick}!buildbot@fake NICK :${nick}`);
        session.nick = nick;
        this.maybeRegister(session);
        return;
      }
      case 'USER':
        session.user = words[0] ?? '';
        this.maybeRegister(session);
        return;
      case 'JOIN': {
        const [channel = '', key] = words;
        if (this.bans.has(channel)) {
          session.send(`:${SERVER} 474 ${session.nick} ${channel} :Cannot join channel (+b)`);
          return;
        }
        const wanted = this.options.keys?.[channel];
        if (wanted !== undefined && key !== wanted) {
          session.send(`:${SERVER} 475 ${session.nick} ${channel} :Cannot join channel (+k)`);
          return;
        }
        session.send(`:${session.nick}!buildbot@fake JOIN ${channel}`);
        session.send(`:${SERVER} 353 ${session.nick} = ${channel} :${session.nick} @op`);
        session.send(`:${SERVER} 366 ${session.nick} ${channel} :End of NAMES list`);
        return;
      }
      case 'WHOIS': {
        const nick = words[0] ?? '';
        const account = this.options.accounts?.[nick];
        session.send(`:${SERVER} 311 ${session.nick} ${nick} u host * :real name`);
        if (account) session.send(`:${SERVER} 330 ${session.nick} ${nick} ${account} :is logged in as`);
        session.send(`:${SERVER} 318 ${session.nick} ${nick} :End of WHOIS list`);
        return;
      }
      case 'PING':
        session.send(`:${SERVER} PONG ${SERVER} :${trailing}`);
        return;
      case 'QUIT':
        session.socket.end();
        return;
      default:
        return;
    }
  }

  private maybeRegister(session: Session): void {
    if (session.registered || session.negotiating || !session.nick || !session.user) return;
    session.registered = true;
    session.send(`:${SERVER} 001 ${session.nick} :Welcome`);
    session.send(`:${SERVER} 005 ${session.nick} CHANTYPES=#& PREFIX=(ov)@+ CASEMAPPING=ascii :are supported`);
  }
}
