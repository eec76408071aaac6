/**
 * A bare IRC client on a `net` socket for end-to-end tests: it shows exactly what reached the
 * wire (bytes, splitting, formatting codes), which irc-framework would parse away. It answers
 * PING and keeps every line it received; tests wait for lines with predicates.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';

export interface IrcLine {
  /** The line as received, without CRLF. */
  raw: string;
  tags: Record<string, string>;
  /** "nick!user@host" or a server name; '' when the line had none. */
  prefix: string;
  /** The nick part of the prefix (the whole prefix for a server). */
  nick: string;
  /** Upper-cased command or three-digit numeric. */
  command: string;
  /** Middle parameters and the trailing one, without its ':'. */
  params: string[];
}

export type IrcLinePredicate = (line: IrcLine) => boolean;

const TAG_ESCAPES: Record<string, string> = { ':': ';', s: ' ', '\\': '\\', r: '\r', n: '\n' };

/** Parses one IRC line (RFC 1459 with IRCv3 message tags). */
export function parseIrcLine(raw: string): IrcLine {
  let rest = raw;
  const tags: Record<string, string> = {};
  if (rest.startsWith('@')) {
    const space = rest.indexOf(' ');
    const tagText = space < 0 ? rest.slice(1) : rest.slice(1, space);
    rest = space < 0 ? '' : rest.slice(space + 1).trimStart();
    for (const tag of tagText.split(';')) {
      if (!tag) continue;
      const eq = tag.indexOf('=');
      const key = eq < 0 ? tag : tag.slice(0, eq);
      const value = eq < 0 ? '' : tag.slice(eq + 1);
      tags[key] = value.replace(/\\(.?)/g, (_m, c: string) => TAG_ESCAPES[c] ?? c);
    }
  }
  let prefix = '';
  if (rest.startsWith(':')) {
    const space = rest.indexOf(' ');
    prefix = space < 0 ? rest.slice(1) : rest.slice(1, space);
    rest = space < 0 ? '' : rest.slice(space + 1).trimStart();
  }
  const trailingAt = rest.indexOf(' :');
  const head = trailingAt < 0 ? rest : rest.slice(0, trailingAt);
  const words = head.split(' ').filter((word) => word !== '');
  const command = words.shift() ?? '';
  const params = trailingAt < 0 ? words : [...words, rest.slice(trailingAt + 2)];
  const bang = prefix.indexOf('!');
  return { raw, tags, prefix, nick: bang < 0 ? prefix : prefix.slice(0, bang), command: command.toUpperCase(), params };
}

/** A waitFor that timed out or whose connection closed; the message lists the last lines seen. */
export class RawIrcWaitError extends Error {
  override readonly name = 'RawIrcWaitError';
}

interface Waiter {
  predicate: IrcLinePredicate;
  from: number;
  resolve: (line: IrcLine) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  description: string;
}

export interface WaitOptions {
  /** Index in `lines` to search from; default: after the line the previous waitFor matched. */
  since?: number;
  /** Shown in the timeout error: what the test was waiting for. */
  description?: string;
}

/** Numerics that end a registration attempt without success. */
const REGISTRATION_ERRORS = new Set(['431', '432', '433', '436', '437', '464', '465', 'ERROR']);
/** Numerics that answer a JOIN with "no". */
const JOIN_ERRORS = new Set(['403', '405', '437', '471', '473', '474', '475', '476', '477']);

export class RawIrcClient {
  /** Every line received, in order. */
  readonly lines: IrcLine[] = [];
  /** Every line sent, without CRLF. */
  readonly sent: string[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly decoder = new StringDecoder('utf8');
  private buffer = '';
  private cursor = 0;
  private closed = false;
  private readonly closedPromise: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    /** Our nick as sent at registration (the server may change it; see `lines`). */
    readonly nick: string,
  ) {
    socket.on('data', (data: Buffer) => this.receive(this.decoder.write(data)));
    this.closedPromise = new Promise((resolve) => {
      socket.on('close', () => {
        this.closed = true;
        for (const waiter of this.waiters) {
          this.fail(waiter, `${this.nick}: connection closed while waiting for ${waiter.description}`);
        }
        resolve();
      });
    });
    // Errors surface as 'close' and through the waiters; without a listener they would throw.
    socket.on('error', () => undefined);
  }

  /** Connects, registers as `nick` and waits for the welcome (001). */
  static async connect(host: string, port: number, nick: string, timeoutMs = 5000): Promise<RawIrcClient> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = netConnect({ host, port });
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
    const client = new RawIrcClient(socket, nick);
    client.raw(`NICK ${nick}`);
    client.raw(`USER ${nick} 0 * :${nick} (raw test client)`);
    const answer = await client.waitFor((l) => l.command === '001' || REGISTRATION_ERRORS.has(l.command), timeoutMs, {
      description: 'the welcome (001)',
    });
    if (answer.command !== '001') {
      client.close();
      throw new Error(`${nick}: registration refused: ${answer.raw}`);
    }
    return client;
  }

  /** Joins and waits for the server to confirm (our own JOIN echoed back). */
  async join(channel: string, key?: string, timeoutMs = 5000): Promise<void> {
    this.raw(key ? `JOIN ${channel} ${key}` : `JOIN ${channel}`);
    const lower = channel.toLowerCase();
    const answer = await this.waitFor(
      (l) =>
        (l.command === 'JOIN' && l.nick === this.nick && l.params[0]?.toLowerCase() === lower) ||
        (JOIN_ERRORS.has(l.command) && l.params[1]?.toLowerCase() === lower),
      timeoutMs,
      { description: `JOIN ${channel}` },
    );
    if (answer.command !== 'JOIN') throw new Error(`${this.nick}: cannot join ${channel}: ${answer.raw}`);
  }

  say(target: string, text: string): void {
    this.raw(`PRIVMSG ${target} :${text}`);
  }

  /** Writes the line and CRLF as given: tests may send malformed or injected lines on purpose. */
  raw(line: string): void {
    if (this.closed) throw new Error(`${this.nick}: cannot send on a closed connection: ${line}`);
    this.sent.push(line);
    this.socket.write(`${line}\r\n`);
  }

  /**
   * The first line from `since` on that matches; by default the search starts after the line
   * the previous waitFor returned, so each call sees only what came after (like expect).
   */
  waitFor(predicate: IrcLinePredicate, timeoutMs = 5000, options: WaitOptions = {}): Promise<IrcLine> {
    const from = options.since ?? this.cursor;
    const found = this.search(predicate, from);
    if (found) return Promise.resolve(found);
    const description = options.description ?? 'a matching line';
    if (this.closed) {
      return Promise.reject(new RawIrcWaitError(`${this.nick}: connection closed before ${description}\n${this.recent()}`));
    }
    return new Promise<IrcLine>((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        from,
        resolve,
        reject,
        description,
        timer: setTimeout(() => this.fail(waiter, `${this.nick}: no ${description} within ${timeoutMs} ms`), timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Lines from `since` on that match, at this moment (no waiting). */
  matching(predicate: IrcLinePredicate, since = 0): IrcLine[] {
    return this.lines.slice(since).filter(predicate);
  }

  /** Sends QUIT and waits for the server to close the link (closes it after timeoutMs). */
  async quit(message = 'bye', timeoutMs = 2000): Promise<void> {
    if (this.closed) return;
    this.raw(`QUIT :${message}`);
    const timer = setTimeout(() => this.socket.destroy(), timeoutMs);
    await this.closedPromise;
    clearTimeout(timer);
  }

  /** Drops the connection at once, without QUIT. */
  close(): void {
    this.socket.destroy();
  }

  private receive(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.search(/\r?\n/)) >= 0) {
      const raw = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(this.buffer[end] === '\r' ? end + 2 : end + 1);
      if (raw !== '') this.accept(parseIrcLine(raw));
    }
  }

  private accept(line: IrcLine): void {
    this.lines.push(line);
    if (line.command === 'PING' && !this.closed) {
      const token = line.params[0];
      this.raw(token === undefined ? 'PONG' : `PONG :${token}`);
    }
    const index = this.lines.length - 1;
    for (const waiter of this.waiters) {
      if (index >= waiter.from && waiter.predicate(line)) {
        this.waiters.delete(waiter);
        clearTimeout(waiter.timer);
        this.cursor = index + 1;
        waiter.resolve(line);
      }
    }
  }

  private search(predicate: IrcLinePredicate, from: number): IrcLine | undefined {
    for (let i = from; i < this.lines.length; i += 1) {
      const line = this.lines[i] as IrcLine;
      if (predicate(line)) {
        this.cursor = i + 1;
        return line;
      }
    }
    return undefined;
  }

  private fail(waiter: Waiter, message: string): void {
    this.waiters.delete(waiter);
    clearTimeout(waiter.timer);
    waiter.reject(new RawIrcWaitError(`${message}\n${this.recent()}`));
  }

  private recent(count = 15): string {
    const last = this.lines.slice(-count);
    if (last.length === 0) return 'no lines received';
    const shown = last.map((line) => `  ${JSON.stringify(line.raw)}`).join('\n');
    return `last ${last.length} of ${this.lines.length} lines received:\n${shown}`;
  }
}
