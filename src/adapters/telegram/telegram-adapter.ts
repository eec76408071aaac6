/**
 * The Telegram adapter: receives updates by long polling or by webhook, turns them into core
 * messages and button presses (interaction-handler.ts), and delivers notifications. Calls to
 * Telegram go through one paced, retrying client (telegram-api.ts).
 */
import type Database from 'better-sqlite3';
import { GrammyError, type Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { TelegramConfig } from './telegram-config.js';
import type { Adapter, CoreHandle, DeliveryResult } from '../../core/adapter.js';
import type { ChatUser } from '../../core/message.js';
import type { Reply } from '../../core/reply.js';
import type { HttpServer } from '../../http/http-server.js';
import { authzUserIds, publishMenus } from './bot-commands.js';
import { classifyTelegramError } from './classify-telegram-error.js';
import { FormRecords } from './form-records.js';
import { GroupAdministrators } from './group-administrators.js';
import { InteractionHandler, TELEGRAM_CAPABILITIES } from './interaction-handler.js';
import { KeyedWorkQueue } from '../../core/keyed-work-queue.js';
import { LongPolling } from './long-polling.js';
import { readUpdate } from './read-update.js';
import { createTelegramApi } from './telegram-api.js';
import { TelegramSender, type Placement } from './telegram-sender.js';
import { BuildThreads, buildOf } from './build-threads.js';
import { UpdateOffset } from './update-offset.js';
import { WebhookReceiver } from './webhook-receiver.js';

export interface TelegramAdapterOptions {
  /** The adapter's name (default 'telegram'; `telegram/NETWORK` for one of several). */
  name?: string;
  config: TelegramConfig;
  core: CoreHandle;
  logger: Logger;
  db: Database.Database;
  /** Required in webhook mode: the webhook's route is registered on it. */
  http?: HttpServer;
}

export class TelegramAdapter implements Adapter {
  readonly name: string;
  readonly api: Api;
  private readonly sender: TelegramSender;
  private readonly threads: BuildThreads;
  private readonly handler: InteractionHandler;
  private readonly administrators: GroupAdministrators;
  private readonly queue: KeyedWorkQueue;
  private readonly offset: UpdateOffset;
  private readonly receiver: LongPolling | WebhookReceiver;
  private username: string | undefined;
  private introductionTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: TelegramAdapterOptions) {
    this.name = options.name ?? 'telegram';
    const { config, logger, db } = options;
    this.api = createTelegramApi(config);
    this.sender = new TelegramSender(this.api, logger);
    this.threads = new BuildThreads(this.api, db, logger, config.topics, this.name);
    this.handler = new InteractionHandler({ core: options.core, sender: this.sender, records: new FormRecords(db), logger });
    this.queue = new KeyedWorkQueue((error, key) => logger.error({ err: error, key }, 'handling a Telegram update failed'));
    this.offset = new UpdateOffset(db, Date.now, `${this.name}.offset`);
    this.administrators = new GroupAdministrators(this.api, logger);
    this.username = config.username;
    const onUpdate = (update: Update) => this.take(update);
    if (config.mode === 'webhook') {
      if (!config.webhook) throw new Error('telegram.webhook is required in webhook mode');
      if (!options.http) throw new Error('telegram webhook mode needs the http server (config http:)');
      this.receiver = new WebhookReceiver({
        api: this.api,
        http: options.http,
        webhook: config.webhook,
        retryDelayMs: config.retryDelay * 1000,
        offset: this.offset,
        logger,
        onUpdate,
      });
    } else {
      this.receiver = new LongPolling({
        api: this.api,
        offset: this.offset,
        timeoutSeconds: config.pollTimeout,
        retryDelayMs: config.retryDelay * 1000,
        logger,
        onUpdate,
      });
    }
  }

  async start(): Promise<void> {
    const { config, logger } = this.options;
    await this.introduce();
    if (this.receiver instanceof WebhookReceiver) await this.receiver.start();
    else this.receiver.start();
    logger.info({ username: this.username, mode: config.mode }, 'Telegram adapter started');
  }

  /**
   * Learns the bot's username (without it "/status@ours" cannot be told from "/status@other")
   * and sets the command menus. A refused token stops the start; Telegram being out of reach
   * does not stop IRC and the console: it is tried again every retryDelay meanwhile, and until
   * then only commands without "@bot" are taken.
   */
  private async introduce(): Promise<void> {
    const { config, logger, core } = this.options;
    if (this.username === undefined) {
      try {
        this.username = (await this.api.getMe()).username;
      } catch (error) {
        if (error instanceof GrammyError && error.error_code < 500) throw error;
        if (this.stopped) return;
        logger.warn({ err: error, retryInMs: config.retryDelay * 1000 }, 'Telegram is out of reach; asking for the bot name again later');
        this.introductionTimer = setTimeout(() => {
          this.introduce().catch((later: unknown) => logger.error({ err: later }, 'Telegram refused the bot token: check telegram.token'));
        }, config.retryDelay * 1000);
        return;
      }
    }
    if (!config.commandMenu) return;
    await publishMenus({
      api: this.api,
      logger,
      commandsFor: (userId?: string) => core.listCommands?.(this.name, TELEGRAM_CAPABILITIES, userId === undefined ? undefined : user(userId)) ?? [],
      userIds: authzUserIds(config.authz),
    }).catch((error: unknown) => logger.warn({ err: error }, 'could not set the command menu'));
  }

  /** No update is taken after the receiver stops; those taken are handled before this resolves. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.introductionTimer);
    await this.receiver.stop();
    await this.queue.idle();
  }

  isConnected(): boolean {
    return this.receiver.connected;
  }

  async deliver(chatId: string, reply: Reply): Promise<DeliveryResult> {
    const chunks = this.sender.render(reply);
    try {
      const build = buildOf(reply);
      const edit = this.options.config.editStartedMessage && build?.stage === 'finished' && chunks.length === 1;
      if (edit && build && (await this.editStarted(chatId, build.key, chunks[0] as string))) return { ok: true };
      const last = await this.sendPlaced(chatId, chunks, reply, build?.builder);
      // remembered for the finished message, which replies to it (or, with editStartedMessage, replaces it)
      if (build?.stage === 'started' && last !== undefined) this.threads.started.remember(chatId, build.key, last);
      if (build?.stage === 'finished') this.threads.started.forget(chatId, build.key);
      return { ok: true };
    } catch (error) {
      const failure = classifyTelegramError(error);
      if (failure.kind === 'chat-gone') return { ok: false, permanent: true, reason: failure.reason };
      if (failure.kind === 'moved') return { ok: false, movedTo: failure.chatId, reason: failure.reason };
      if (failure.kind === 'transient') throw error;
      // Telegram refuses this message whatever we do; retrying would hold the chat's queue for ever.
      return { ok: false, permanent: false, reason: failure.reason };
    }
  }

  /** Sends in the build's thread; a forum topic deleted by an admin is made again once. */
  private async sendPlaced(chatId: string, chunks: string[], reply: Reply, builder: string | undefined): Promise<number | undefined> {
    const place: Placement = await this.threads.place(chatId, reply);
    try {
      return await this.sender.send(chatId, chunks, undefined, place);
    } catch (error) {
      if (place.threadId === undefined || builder === undefined || !/message thread not found/i.test(classifyTelegramError(error).reason)) throw error;
      this.threads.forgetTopic(chatId, builder);
      return this.sender.send(chatId, chunks, undefined, await this.threads.place(chatId, reply));
    }
  }

  /** Edits the build's "started" message into `html`; false when there is none to edit. */
  private async editStarted(chatId: string, build: string, html: string): Promise<boolean> {
    const messageId = this.threads.started.find(chatId, build);
    if (messageId === undefined) return false;
    try {
      await this.sender.edit(chatId, messageId, html);
    } catch (error) {
      if (classifyTelegramError(error).kind === 'transient') throw error;
      // deleted by someone, too old to edit: post the result as a new message instead
      this.options.logger.info({ err: error, chat: chatId }, 'could not edit the started message; sending the result');
      this.threads.started.forget(chatId, build);
      return false;
    }
    this.threads.started.forget(chatId, build);
    return true;
  }

  private take(update: Update): void {
    const read = readUpdate(update, this.username ?? '');
    if (!read) return;
    const { chat, user } = read;
    // In a group, notify asks whether the user administers it (a request, so only when asked).
    const input = chat.private ? read : { ...read, user: { ...user, askChatOperator: () => this.administrators.isAdministrator(chat.id, user.id) } };
    this.queue.push(`${input.chat.id}:${input.user.id}`, () => this.handler.handle(input));
  }
}

function user(id: string): ChatUser {
  return { id, name: id };
}
