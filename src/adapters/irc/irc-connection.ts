/**
 * One IRC connection's life: sign-on (PASS, then SASL or NickServ), a fallback nick
 * when the wanted one is taken and asking for it back later, joining the channels after every
 * sign-on, and reconnecting after `lostDelay` (the link dropped; doubled while links keep
 * dropping soon after sign-on) or `failedDelay` (it could not be made). irc-framework's own
 * auto_reconnect is off: it gives up after three tries, never retries a failed first
 * connection and rejoins nothing (notes/dependencies.md).
 *
 * Every line the bot chooses to send goes through the paced queue, which only writes while the
 * connection is signed on. The few lines of the sign-on itself (IDENTIFY, JOINs) and
 * irc-framework's PONGs are written directly, so they are not stuck behind queued replies.
 */
import IRC, { type Client, type ClientOptions } from 'irc-framework';
import type { Logger } from 'pino';
import type { IrcConfig } from './irc-config.js';
import type { JoinedChannel } from '../../store/irc-channels.js';
import { fallbackNick } from './fallback-nick.js';
import type { PacedQueue } from './paced-queue.js';
import { lostLinkDelayMs, reconnectDelayMs } from './reconnect-delay.js';

/** The ident the bot signs on with. */
export const IRC_USERNAME = 'buildbot';
const MAX_NICK_TRIES = 10;
/** start() waits at most this long for the first sign-on, so the rest of the bot can start. */
const START_WAIT_MS = 15_000;
const QUIT_WAIT_MS = 2_000;
/** A link that lasted less than this after sign-on counts as dropped soon: the next wait doubles. */
const STABLE_LINK_MS = 60_000;

export interface IrcConnectionOptions {
  config: IrcConfig;
  logger: Logger;
  queue: PacedQueue;
  /** The channels to join after each sign-on, with their keys. */
  channels(): JoinedChannel[];
  onRegistered?(nick: string): void;
  onDisconnected?(): void;
  /** How often to ask for the wanted nick back while on a fallback; default 60 s. */
  nickRegainMs?: number;
  random?: () => number;
  createClient?: (options: ClientOptions) => Client;
}

type State = 'idle' | 'connecting' | 'registered' | 'waiting' | 'stopped';

export class IrcConnection {
  readonly client: Client;
  private state: State = 'idle';
  private nickTries = 0;
  /** Why the current connection failed or ended, for the log line that says when it is retried. */
  private failure: string | undefined;
  private currentNick: string;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private regainTimer: ReturnType<typeof setInterval> | null = null;
  private settleStart: (() => void) | null = null;
  private registeredAt = 0;
  /** Links in a row that dropped within STABLE_LINK_MS of sign-on. */
  private quickDrops = 0;
  private readonly log: Logger;
  private readonly random: () => number;

  constructor(private readonly options: IrcConnectionOptions) {
    this.log = options.logger;
    this.random = options.random ?? Math.random;
    this.currentNick = options.config.nick;
    this.client = (options.createClient ?? ((o) => new IRC.Client(o)))(this.clientOptions());
    this.bindEvents();
  }

  /** Signed on: lines can be sent. */
  get registered(): boolean {
    return this.state === 'registered';
  }

  /** The nick the bot has now (a fallback while the wanted one is taken). */
  get nick(): string {
    return this.currentNick;
  }

  /** Connects; resolves at the first sign-on, the first failure, or after 15 s, whichever comes first. */
  start(): Promise<void> {
    if (this.state !== 'idle') return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.settleStart?.(), START_WAIT_MS);
      this.settleStart = () => {
        clearTimeout(timer);
        this.settleStart = null;
        resolve();
      };
      this.connect();
    });
  }

  /** Sends QUIT and stops reconnecting; queued lines are dropped. */
  async stop(message: string): Promise<void> {
    if (this.state === 'stopped') return;
    const wasConnected = this.client.connected;
    this.state = 'stopped';
    this.clearTimers();
    this.options.queue.clear('the IRC connection was stopped');
    this.settleStart?.();
    if (!wasConnected) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, QUIT_WAIT_MS);
      this.client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.client.quit(message);
    });
  }

  private clientOptions(): ClientOptions {
    const { config } = this.options;
    return {
      host: config.host,
      port: config.port,
      tls: config.tls,
      // Node's default already, said here so that no library default can turn it off: a server
      // whose certificate does not verify for `host` is not talked to (Buildbot's bug 27).
      rejectUnauthorized: true,
      nick: config.nick,
      username: IRC_USERNAME,
      gecos: 'buildbot-chat',
      auto_reconnect: false,
      // irc-framework answers CTCP VERSION at once, outside the paced queue: anyone could make
      // the bot flood itself off the server with a stream of VERSION requests.
      version: null,
      // As Buildbot does: the password is the server password (PASS, ignored by servers that
      // have none) and, after the welcome, NickServ's.
      ...(config.password !== undefined ? { password: config.password } : {}),
      // An account object without `account` keeps irc-framework from trying SASL with that
      // password; with SASL configured, a failed login drops the link (and retries) rather
      // than going on unidentified.
      account: config.sasl ? { account: config.sasl.account, password: config.sasl.password } : {},
      sasl_disconnect_on_fail: config.sasl !== undefined,
    };
  }

  private connect(): void {
    if (this.state === 'stopped') return;
    this.state = 'connecting';
    this.nickTries = 0;
    this.failure = undefined;
    const { host, port, tls } = this.options.config;
    this.log.info({ host, port, tls }, 'connecting to the IRC server');
    this.client.connect(this.clientOptions());
  }

  private bindEvents(): void {
    const { client } = this;
    client.on('registered', (event) => this.onRegistered(event.nick));
    client.on('nick in use', () => this.onNickRefused('in use'));
    client.on('nick invalid', () => this.onNickRefused('invalid'));
    client.on('nick', (event) => {
      if (client.caseCompare(event.nick, this.currentNick)) {
        this.currentNick = event.new_nick;
        if (this.hasWantedNick()) {
          this.log.info({ nick: event.new_nick }, 'got the wanted IRC nick back');
          this.stopRegain();
        }
      } else if (client.caseCompare(event.nick, this.options.config.nick)) {
        this.tryRegain();
      }
    });
    client.on('quit', (event) => {
      if (client.caseCompare(event.nick, this.options.config.nick)) this.tryRegain();
    });
    client.on('sasl failed', (event) => {
      this.failure = `SASL login refused (${event.reason}${event.message ? `: ${event.message}` : ''})`;
      this.log.error({ reason: event.reason, serverSaid: event.message }, 'SASL login to the IRC server failed');
    });
    client.on('irc error', (event) => {
      if (event.error === 'irc') {
        this.failure = `the server closed the link: ${event.reason ?? 'no reason given'}`;
        this.log.warn({ reason: event.reason }, 'the IRC server closed the link');
      } else if (event.error === 'password_mismatch') {
        this.failure = 'the server refused the password';
        this.log.error('the IRC server refused the password');
      }
    });
    // The socket's own error (refused, unreachable, a certificate that does not verify) comes
    // with the close; a reason the server gave first is the better one.
    client.on('socket close', (error) => {
      if (error !== false) this.failure ??= describeSocketError(error);
    });
    client.on('close', () => this.onClose());
  }

  private onRegistered(nick: string): void {
    if (this.state === 'stopped') return;
    const { config, queue } = this.options;
    this.state = 'registered';
    this.registeredAt = Date.now();
    this.currentNick = nick;
    this.log.info({ nick }, 'signed on to the IRC server');
    if (config.password !== undefined && config.sasl === undefined) {
      // Naming the account makes this work while the bot is on a fallback nick.
      this.client.raw(`PRIVMSG NickServ :IDENTIFY ${config.nick} ${config.password}`);
    }
    for (const channel of this.options.channels()) {
      this.client.join(channel.name, channel.key ?? undefined);
    }
    queue.resume((line) => {
      if (this.state !== 'registered' || !this.client.connected) return false;
      this.client.raw(line);
      return true;
    });
    if (!this.hasWantedNick()) this.startRegain();
    this.options.onRegistered?.(nick);
    this.settleStart?.();
  }

  private onNickRefused(why: string): void {
    if (this.state !== 'connecting') return; // a regain attempt refused: the timer tries again
    this.nickTries += 1;
    if (this.nickTries > MAX_NICK_TRIES) {
      this.log.error({ tries: this.nickTries }, 'no usable IRC nick; waiting for the server to drop the link');
      return;
    }
    const next = fallbackNick(this.options.config.nick, this.nickTries, this.random);
    this.log.warn({ wanted: this.options.config.nick, next, why }, 'IRC nick refused; trying another');
    this.client.changeNick(next);
  }

  private onClose(): void {
    const wasRegistered = this.state === 'registered';
    this.options.queue.pause();
    this.stopRegain();
    if (this.state === 'stopped') return;
    this.state = 'waiting';
    const { lostDelay, failedDelay } = this.options.config;
    if (wasRegistered) this.quickDrops = Date.now() - this.registeredAt < STABLE_LINK_MS ? this.quickDrops + 1 : 0;
    const delayMs = wasRegistered ? lostLinkDelayMs(lostDelay, failedDelay, this.quickDrops, this.random) : reconnectDelayMs(failedDelay, this.random);
    this.log.warn({ reason: this.failure ?? 'the server closed the connection', retryInMs: delayMs }, wasRegistered ? 'lost the IRC connection' : 'could not connect to the IRC server');
    if (wasRegistered) this.options.onDisconnected?.();
    this.settleStart?.();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect();
    }, delayMs);
  }

  private hasWantedNick(): boolean {
    return this.client.caseCompare(this.currentNick, this.options.config.nick);
  }

  private startRegain(): void {
    if (this.regainTimer !== null) return;
    this.regainTimer = setInterval(() => this.tryRegain(), this.options.nickRegainMs ?? 60_000);
  }

  private tryRegain(): void {
    if (this.state !== 'registered' || this.hasWantedNick()) return;
    this.options.queue.push(`NICK ${this.options.config.nick}`).catch(() => undefined);
  }

  private stopRegain(): void {
    if (this.regainTimer !== null) clearInterval(this.regainTimer);
    this.regainTimer = null;
  }

  private clearTimers(): void {
    this.stopRegain();
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }
}

function describeSocketError(error: Error): string {
  const { code } = error as NodeJS.ErrnoException;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}
