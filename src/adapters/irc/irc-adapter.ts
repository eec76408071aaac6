/**
 * The IRC adapter: channel lines addressed to the bot and private messages become core
 * messages; replies and notifications go back as PRIVMSG (NOTICE in channels with
 * noticeOnChannel) through one paced queue, rendered with mIRC formatting, split to fit and
 * capped. Connection life is IrcConnection's; who is an operator and who is logged in to which
 * account are tracked beside it.
 */
import type Database from 'better-sqlite3';
import type { Client, ClientOptions, IrcErrorEvent, JoinEvent, MessageEvent } from 'irc-framework';
import type { Logger } from 'pino';
import type { IrcConfig } from './irc-config.js';
import type { Adapter, CoreHandle, DeliveryResult } from '../../core/adapter.js';
import { CommandError, type Capabilities } from '../../core/command.js';
import type { ChatRef, ChatUser } from '../../core/message.js';
import { createReplyRenderer, type ReplyRenderer } from '../../core/render-reply.js';
import type { Reply } from '../../core/reply.js';
import { IrcChannels, type JoinedChannel } from '../../store/irc-channels.js';
import { ChannelOperators } from './channel-operators.js';
import { ChannelPresence, isJoinRefusal } from './channel-presence.js';
import { IrcAccounts } from './irc-accounts.js';
import { ircChatId, isIrcChannelName, isIrcTarget } from './irc-chat-id.js';
import { IRC_USERNAME, IrcConnection } from './irc-connection.js';
import { cappedSummary, ircNotificationLines, ircReplyLines } from './irc-reply-lines.js';
import { KeyedWorkQueue } from '../../core/keyed-work-queue.js';
import { DeliveryReceipts } from './delivery-receipts.js';
import { createIrcTextFormat } from './irc-text-format.js';
import { PacedQueue } from './paced-queue.js';
import { parseAddressing } from './parse-addressing.js';
import { sanitizeIrcText } from './sanitize-irc-text.js';

export interface IrcAdapterOptions {
  /** The adapter's name (default 'irc'; `irc/NETWORK` for one of several). */
  name?: string;
  config: IrcConfig;
  core: CoreHandle;
  logger: Logger;
  db: Database.Database;
  /** The master's web UI, named in the closing line of a capped answer. */
  webUrl?: string;
  /** Most lines of one answer or notification, closing line included. */
  maxLines?: { channel: number; private: number };
  /** How often to ask for the wanted nick back while on a fallback; default 60 s. */
  nickRegainMs?: number;
  createClient?: (options: ClientOptions) => Client;
}

/** `help` (17 lines) fits a channel; a private chat holds more, but `last all` on 500 builders must still end. */
const DEFAULT_MAX_LINES = { channel: 20, private: 60 };
const JOIN_TIMEOUT_MS = 15_000;
/** How long a notification waits for a JOIN under way before it goes back to the outbox. */
const ARRIVAL_WAIT_MS = 5_000;
const WHOIS_TIMEOUT_MS = 10_000;

export class IrcAdapter implements Adapter {
  readonly name: string;
  private readonly config: IrcConfig;
  private readonly log: Logger;
  private readonly queue: PacedQueue;
  private readonly connection: IrcConnection;
  private readonly joined: IrcChannels;
  private readonly operators: ChannelOperators;
  private readonly accounts: IrcAccounts;
  private readonly presence: ChannelPresence;
  private readonly renderer: ReplyRenderer;
  private readonly capabilities: Capabilities;
  /** Configured channels the bot was told to leave: not rejoined until the next start. */
  private readonly left = new Set<string>();
  private readonly receipts = new DeliveryReceipts();
  private readonly commands = new KeyedWorkQueue((error, nick) => this.log.error({ err: error, from: nick }, 'IRC command not handled'));

  constructor(private readonly options: IrcAdapterOptions) {
    this.name = options.name ?? 'irc';
    const { config, logger } = options;
    this.config = config;
    this.log = logger;
    this.queue = new PacedQueue({ burst: config.floodBurst, intervalMs: 1000 / config.floodLinesPerSecond });
    this.joined = new IrcChannels(options.db, this.name);
    this.renderer = createReplyRenderer(createIrcTextFormat({ colors: config.useColors }));
    this.connection = new IrcConnection({
      config,
      logger,
      queue: this.queue,
      channels: () => this.wantedChannels(),
      onDisconnected: () => {
        this.operators.clear();
        this.accounts.clear();
        this.presence.clear();
      },
      ...(options.nickRegainMs !== undefined ? { nickRegainMs: options.nickRegainMs } : {}),
      ...(options.createClient ? { createClient: options.createClient } : {}),
    });
    const client = this.connection.client;
    const fold = (text: string) => client.caseLower(text);
    this.operators = new ChannelOperators(fold);
    this.presence = new ChannelPresence({
      lostDelay: config.lostDelay,
      failedDelay: config.failedDelay,
      wanted: (channel) => this.isWanted(channel),
      join: (channel) => this.rejoin(channel),
    });
    this.accounts = new IrcAccounts(
      {
        accountTag: () => client.network.cap.isEnabled('account-tag'),
        accountNotify: () => client.network.cap.isEnabled('account-notify'),
        // Asking costs a line per command: only when authz names accounts at all.
        ...(authzNamesAccounts(config) ? { whois: (nick: string) => this.whoisAccount(nick) } : {}),
      },
      fold,
    );
    this.capabilities = {
      chatControl: { join: (channel, key) => this.join(channel, key), leave: (channel) => this.leave(channel) },
      commandPrefix: config.commandPrefix ?? '',
    };
    this.bindEvents();
  }

  async start(): Promise<void> {
    await this.connection.start();
  }

  async stop(): Promise<void> {
    this.presence.clear();
    await this.connection.stop('buildbot-chat is stopping');
  }

  isConnected(): boolean {
    return this.connection.registered;
  }

  async deliver(chatId: string, reply: Reply): Promise<DeliveryResult> {
    if (!isIrcTarget(chatId)) return { ok: false, permanent: true, reason: 'not an IRC channel or nick' };
    const channel = isIrcChannelName(chatId);
    if (channel && !this.isWanted(chatId)) return { ok: false, permanent: true, reason: `the bot is not in ${chatId}` };
    // Thrown, not returned: the outbox keeps the notification and tries again after reconnecting.
    if (!this.connection.registered) throw new Error('not connected to the IRC server');
    if (channel && !(await this.presence.waitFor(chatId, ARRIVAL_WAIT_MS))) {
      throw new Error(`not in ${chatId} at the moment (kicked, or the server refused the join); the bot joins again`);
    }
    await this.send(chatId, !channel, reply, undefined, 'notification');
    const { token, confirmed } = this.receipts.expect();
    // A receipt is no chat line: it must not slow the next notification down.
    await this.queue.push(`PING :${token}`, { free: true, lane: ircChatId(chatId) });
    await confirmed;
    return { ok: true };
  }

  private bindEvents(): void {
    const client = this.connection.client;
    const isMe = (nick: string) => client.caseCompare(nick, this.connection.nick);
    client.on('privmsg', (event) => this.onMessage(event));
    client.on('userlist', (event) => this.operators.setMembers(event.channel, event.users));
    client.on('mode', (event) => {
      if (client.network.isChannelName(event.target)) this.operators.applyModes(event.target, event.modes);
    });
    client.on('join', (event) => {
      if (isMe(event.nick)) this.presence.joined(event.channel);
      else if (event.account !== undefined) this.accounts.seen(event.nick, event.account);
    });
    client.on('irc error', (event) => {
      if (event.channel === undefined || !isJoinRefusal(event.error) || !this.isWanted(event.channel)) return;
      const retryInMs = this.presence.refused(event.channel);
      if (retryInMs !== null) {
        this.log.warn({ channel: event.channel, reason: event.reason ?? event.error, retryInMs }, 'the IRC server refused to let the bot into a channel; trying again later');
      }
    });
    client.on('part', (event) => this.onLeft(event.channel, event.nick, isMe(event.nick)));
    client.on('kick', (event) => {
      this.onLeft(event.channel, event.kicked, isMe(event.kicked));
    });
    client.on('quit', (event) => {
      this.operators.quit(event.nick);
      this.accounts.forget(event.nick);
    });
    client.on('nick', (event) => {
      this.operators.renamed(event.nick, event.new_nick);
      this.accounts.renamed(event.nick, event.new_nick);
    });
    client.on('account', (event) => this.accounts.seen(event.nick, event.account));
    client.on('pong', (event) => this.receipts.pong(event.message));
    client.on('socket close', () => this.receipts.failAll('the IRC connection closed before the server confirmed delivery'));
  }

  private onLeft(channel: string, nick: string, me: boolean): void {
    this.accounts.forget(nick);
    if (!me) {
      this.operators.left(channel, nick);
      return;
    }
    this.operators.forgetChannel(channel);
    const rejoinInMs = this.presence.left(channel);
    if (rejoinInMs !== null) this.log.warn({ channel, rejoinInMs }, 'put out of an IRC channel the bot should be in; joining again');
  }

  /** Joins a wanted channel again, with its key; the answer comes back as events. */
  private rejoin(channel: string): void {
    const id = ircChatId(channel);
    const entry = this.wantedChannels().find((wanted) => ircChatId(wanted.name) === id);
    if (!entry || !this.connection.registered) return;
    this.queue.push(entry.key ? `JOIN ${entry.name} ${entry.key}` : `JOIN ${entry.name}`).catch(() => undefined);
  }

  private onMessage(event: MessageEvent): void {
    const client = this.connection.client;
    if (event.from_server || !event.nick || client.caseCompare(event.nick, this.connection.nick)) return;
    const inChannel = client.network.isChannelName(event.target);
    // Formatting pasted into a command ("\x02force\x02 ...") would make it unknown and would
    // reach the master inside a build reason.
    const text = parseAddressing(sanitizeIrcText(event.message), {
      botNick: this.connection.nick,
      commandPrefix: this.config.commandPrefix,
      private: !inChannel,
      fold: (value) => client.caseLower(value),
    });
    if (text === null) return;
    // One user's commands run one after the other, so their answers arrive in the order they
    // were asked (a refusal never overtakes the answer to a later command); users run side by side.
    this.commands.push(client.caseLower(event.nick), () => this.handle(event, inChannel, text));
  }

  private async handle(event: MessageEvent, inChannel: boolean, text: string): Promise<void> {
    const account = await this.accounts.accountOf(event.nick, event.account);
    const chat: ChatRef = inChannel
      ? { adapter: this.name, id: ircChatId(event.target), private: false, title: event.target }
      : { adapter: this.name, id: ircChatId(event.nick), private: true, title: event.nick };
    const user: ChatUser = {
      id: event.nick,
      name: event.nick,
      ...(account !== undefined ? { account } : {}),
      ...(inChannel ? { chatOperator: this.operators.isOperator(event.target, event.nick) } : {}),
    };
    const replyTo = inChannel ? event.target : event.nick;
    // In a channel each answer starts with the asker's nick, which highlights it for them
    // among the channel's talk (Buildbot's answers name nobody).
    const addressee = inChannel ? event.nick : undefined;
    await this.options.core.handle({ chat, user, text, addressed: true }, this.capabilities, (reply) => this.send(replyTo, !inChannel, reply, addressee));
  }

  /**
   * Renders, splits and caps a reply, then queues its lines in the target's lane; resolves once
   * all were written. In a channel, an answer longer than the flood burst would hold the channel
   * for seconds (help: 17 lines, about 19 s): the channel gets one line and the asker the answer
   * in a private message. Notifications are never capped nor moved (they carry their own length budget).
   */
  private async send(target: string, isPrivate: boolean, reply: Reply, addressee?: string, kind: 'answer' | 'notification' = 'answer'): Promise<void> {
    const lines = this.renderer.render(reply);
    if (kind === 'notification') {
      const to = { command: this.lineCommand(isPrivate), target, nick: this.connection.nick, user: IRC_USERNAME } as const;
      return this.queueTexts(target, isPrivate, ircNotificationLines(lines, to));
    }
    if (addressee !== undefined) {
      const texts = this.replyTexts(target, false, [`${sanitizeIrcText(addressee)}: ${lines[0] ?? ''}`, ...lines.slice(1)]);
      if (texts.length <= this.config.floodBurst) return this.queueTexts(target, false, texts);
      const privately = this.replyTexts(addressee, true, lines);
      const pointer = this.replyTexts(target, false, [`${sanitizeIrcText(addressee)}: ${privateAnswerNote(privately.length)}`]);
      await Promise.all([this.queueTexts(target, false, pointer), this.queueTexts(addressee, true, privately)]);
      return;
    }
    await this.queueTexts(target, isPrivate, this.replyTexts(target, isPrivate, lines));
  }

  private replyTexts(target: string, isPrivate: boolean, lines: readonly string[]): string[] {
    const maxLines = this.options.maxLines ?? DEFAULT_MAX_LINES;
    return ircReplyLines(
      lines,
      { command: this.lineCommand(isPrivate), target, nick: this.connection.nick, user: IRC_USERNAME },
      {
        maxLines: isPrivate ? maxLines.private : maxLines.channel,
        summary: cappedSummary({ private: isPrivate, botNick: this.connection.nick, webUrl: this.options.webUrl }),
      },
    );
  }

  private async queueTexts(target: string, isPrivate: boolean, texts: readonly string[]): Promise<void> {
    const command = this.lineCommand(isPrivate);
    const lane = ircChatId(target);
    await Promise.all(texts.map((text) => this.queue.push(`${command} ${target} :${text}`, { lane })));
  }

  private lineCommand(isPrivate: boolean): 'NOTICE' | 'PRIVMSG' {
    return !isPrivate && this.config.noticeOnChannel ? 'NOTICE' : 'PRIVMSG';
  }

  /** Configured channels (unless left) and those joined with `join`, each once. */
  private wantedChannels(): JoinedChannel[] {
    const configured = this.config.channels
      .filter((entry) => !this.left.has(ircChatId(entry.channel)))
      .map((entry) => ({ name: entry.channel, key: entry.password ?? null }));
    const seen = new Set<string>();
    return [...configured, ...this.joined.list()].filter((channel) => {
      const id = ircChatId(channel.name);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  private isWanted(channel: string): boolean {
    const id = ircChatId(channel);
    return this.wantedChannels().some((entry) => ircChatId(entry.name) === id);
  }

  private async join(channel: string, key: string | undefined): Promise<void> {
    if (key !== undefined && !isIrcTarget(key)) throw new CommandError('A channel key cannot hold spaces, commas or control characters.');
    if (!this.connection.registered) throw new CommandError('I am not connected to the IRC server right now; try again later.');
    const sent = this.queue.push(key ? `JOIN ${channel} ${key}` : `JOIN ${channel}`);
    await Promise.all([sent, this.joinAnswer(channel, sent)]);
    this.joined.add(channel, key ?? null);
    this.left.delete(ircChatId(channel));
    this.log.info({ channel }, 'joined an IRC channel on request');
  }

  /**
   * Our own JOIN echoed back, or the server's refusal naming the channel. The wait starts once
   * the JOIN was written: it may queue behind a long answer first.
   */
  private joinAnswer(channel: string, sent: Promise<void>): Promise<void> {
    const client = this.connection.client;
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (error?: Error) => {
        clearTimeout(timer);
        client.off('join', onJoin);
        client.off('irc error', onError);
        if (error) reject(error);
        else resolve();
      };
      const onJoin = (event: JoinEvent) => {
        if (client.caseCompare(event.nick, this.connection.nick) && client.caseCompare(event.channel, channel)) done();
      };
      const onError = (event: IrcErrorEvent) => {
        if (event.channel === undefined || !client.caseCompare(event.channel, channel)) return;
        done(new CommandError(`I cannot join ${channel}: ${event.reason ?? event.error.replace(/_/g, ' ')}.`));
      };
      client.on('join', onJoin);
      client.on('irc error', onError);
      sent.then(
        () => {
          timer = setTimeout(() => done(new CommandError(`The IRC server did not let me into ${channel}.`)), JOIN_TIMEOUT_MS);
          timer.unref();
        },
        (error: unknown) => done(error instanceof Error ? error : new Error(String(error))),
      );
    });
  }

  private async leave(channel: string): Promise<void> {
    if (!this.isWanted(channel)) throw new CommandError(`I am not in ${channel}.`);
    this.joined.remove(channel);
    this.presence.cancelRejoin(channel);
    if (this.config.channels.some((entry) => ircChatId(entry.channel) === ircChatId(channel))) this.left.add(ircChatId(channel));
    if (this.connection.registered) await this.queue.push(`PART ${channel}`);
    this.log.info({ channel }, 'left an IRC channel on request');
  }

  private whoisAccount(nick: string): Promise<string | undefined> {
    const client = this.connection.client;
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = (account: string | undefined) => {
        clearTimeout(timer);
        client.off('whois', onWhois);
        resolve(account);
      };
      const onWhois = (event: { nick: string; account?: string }) => {
        if (client.caseCompare(event.nick, nick)) done(event.account || undefined);
      };
      client.on('whois', onWhois);
      // The wait starts once the WHOIS was written: it may queue behind a long answer first.
      this.queue.push(`WHOIS ${nick}`).then(
        () => {
          timer = setTimeout(() => done(undefined), WHOIS_TIMEOUT_MS);
          timer.unref();
        },
        () => done(undefined),
      );
    });
  }
}

function privateAnswerNote(lines: number): string {
  return `the answer is ${lines} lines long, so I sent it to you in a private message.`;
}

function authzNamesAccounts(config: IrcConfig): boolean {
  return Object.values(config.authz).some((value) => Array.isArray(value) && value.some((entry) => entry.startsWith('account:')));
}
