/**
 * An in-process fake of the Telegram Bot API on 127.0.0.1 and a free port, for the Telegram
 * adapter's tests and the benchmarks (no network reaches api.telegram.org). Point grammY at it
 * with `new Bot(fake.token, { client: { apiRoot: fake.apiRoot } })`.
 *
 * It answers getMe, getChat, getChatMember, getUpdates (long polling), setWebhook / deleteWebhook / getWebhookInfo,
 * sendMessage, sendPhoto (multipart, PNG only), editMessageText, editMessageReplyMarkup, deleteMessage, answerCallbackQuery,
 * sendChatAction and set/get/deleteMyCommands with the Bot API's shapes and error descriptions.
 * Tests drive the other side through the methods below: register chats, make users write and
 * press buttons, read what the bot sent, and inject failures or Telegram's flood control.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { BotCommand, Chat, Update, User, UserFromGetMe, WebhookInfo } from 'grammy/types';
import { FaultInjector, type Fault, type FaultScope } from './faults.js';
import { runWebhookReply, serveApiRequest, type FrontContext } from './http-front.js';
import { RateLimiter, type RateLimitHit, type RateLimitOptions } from './rate-limits.js';
import { commandsKey, TelegramState, type CallbackRecord, type CallRecord, type ChatActionRecord, type MemberStatus, type StoredMessage } from './state.js';
import { UpdateQueue } from './update-queue.js';
import { UserActions, type PressOptions, type SayOptions } from './user-actions.js';
import { WebhookSender, type WebhookPostResult } from './webhook.js';

export type { Fault, FaultScope } from './faults.js';
export type { RateLimitHit, RateLimitOptions } from './rate-limits.js';
export type { CallbackRecord, CallRecord, ChatActionRecord, MemberStatus, MessageVersion, StoredMessage } from './state.js';
export type { PressOptions, SayOptions } from './user-actions.js';
export type { WebhookPostResult } from './webhook.js';

export interface FakeTelegramOptions {
  /** The only token answered; anything else is 401. The number before ':' is the bot's id. */
  token?: string;
  botUsername?: string;
  botName?: string;
  /** update_id of the first update (Telegram starts at some arbitrary positive number). */
  firstUpdateId?: number;
  /** Milliseconds since the epoch. */
  clock?: () => number;
  /** Reject a bare `&` in HTML (default true; Telegram itself keeps it as text, see parse-html.ts). */
  strictHtmlEntities?: boolean;
  /** Hold a repeated short poll this long, as Telegram holds it 3000 ms (default 0: off). */
  repeatedShortPollHoldMs?: number;
  /** Pause before delivering again to a webhook that failed (default 100 ms). */
  webhookRetryMs?: number;
  /** Turn on flood control from the start (true: Telegram's limits). */
  rateLimits?: RateLimitOptions | boolean;
}

export interface FakeTelegram {
  /** For grammY's client.apiRoot, without a trailing slash, e.g. http://127.0.0.1:40123 */
  readonly apiRoot: string;
  readonly token: string;
  readonly bot: UserFromGetMe;
  readonly state: TelegramState;
  /** Every method call, in order, with its parameters and outcome. */
  readonly calls: readonly CallRecord[];
  callsTo(method: string): CallRecord[];

  addUser(fields?: Partial<Omit<User, 'id' | 'is_bot'>>): User;
  /** A user and their private chat with the bot (the chat id is the user id). */
  privateChat(fields?: Partial<Omit<User, 'id' | 'is_bot'>>): { user: User; chat: Chat.PrivateChat };
  group(title?: string, type?: 'group' | 'supergroup'): Chat;
  /** A supergroup with topics (is_forum): createForumTopic works there. */
  forum(title?: string): Chat;
  channel(title?: string, username?: string): Chat;

  /** A user writes (a /command gets its bot_command entity); in a channel, a channel post. */
  say(chatId: number, text: string, options?: SayOptions): { message: StoredMessage; update: Update | undefined };
  /** A user presses a callback button of a message the bot sent, picked by data or label. */
  pressButton(chatId: number, messageId: number, options?: PressOptions): { callback: CallbackRecord; update: Update | undefined };
  /** A callback with arbitrary data, as a modified client could send. */
  forgeCallback(chatId: number, data: string, options?: { from?: User; messageId?: number }): { callback: CallbackRecord; update: Update | undefined };

  readonly webhookInfo: WebhookInfo;
  /** A text update built as Telegram would send it, not queued: for postToWebhook. */
  textUpdate(chatId: number, text: string, options?: SayOptions): Update;
  /** POST an update to the webhook now, with the configured secret, another one, or none (null). */
  postToWebhook(update: Update, options?: { secretToken?: string | null }): Promise<WebhookPostResult>;
  readonly pendingUpdates: number;
  /** A getUpdates call is waiting for updates right now (the bot is long polling). */
  readonly longPollWaiting: boolean;

  /** Messages the bot sent to a chat, current text after edits (deleted ones with includeDeleted). */
  sentMessages(chatId: number, options?: { includeDeleted?: boolean }): StoredMessage[];
  /** Every message in a chat, from users too. */
  chatHistory(chatId: number): StoredMessage[];
  callback(id: string): CallbackRecord | undefined;
  readonly chatActions: readonly ChatActionRecord[];
  commands(scope?: { type: string; chat_id?: number; user_id?: number }, languageCode?: string): BotCommand[];
  /** Resolve with the probe's first truthy value, re-checked on every change and every 10 ms; reject after timeoutMs. */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /** The bot's next message in a chat (after those already there) matching the predicate. */
  nextMessage(chatId: number, predicate?: (message: StoredMessage) => boolean, timeoutMs?: number): Promise<StoredMessage>;

  /** A user's standing in a group, as getChatMember tells it (default 'left'). */
  setMemberStatus(chatId: number, user: User, status: MemberStatus): void;
  /** The bot can no longer write there: 403 "bot was blocked by the user" (kicked, for groups). */
  blockChat(chatId: number): void;
  unblockChat(chatId: number): void;
  /** The group becomes a new supergroup (same title); its old id answers 400 with migrate_to_chat_id. */
  upgradeGroup(chatId: number): Chat;
  failNext(count: number, fault: Fault, scope?: FaultScope): void;
  failFor(ms: number, fault: Fault, scope?: FaultScope): void;
  clearFaults(): void;
  enableRateLimits(options?: RateLimitOptions): void;
  disableRateLimits(): void;
  readonly rateLimitHits: readonly RateLimitHit[];
  /** Every 429 answered, from flood control or injected. */
  readonly tooManyRequestsSent: number;

  close(): Promise<void>;
}

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const now = options.clock ?? Date.now;
  const state = new TelegramState(
    { token: options.token ?? '1000000001:TEST-fake-telegram-token', username: options.botUsername ?? 'buildbot_test_bot', firstName: options.botName ?? 'Buildbot' },
    now,
  );
  const queue = new UpdateQueue(options.firstUpdateId ?? 500_000_001);
  const limiter = new RateLimiter(now);
  if (options.rateLimits) limiter.enable(options.rateLimits === true ? {} : options.rateLimits);
  const faults = new FaultInjector(now);
  const users = new UserActions(state, queue);
  let tooManyRequestsSent = 0;
  const webhook = new WebhookSender(queue, { retryMs: options.webhookRetryMs ?? 100, now, onReply: (payload) => runWebhookReply(context, payload) });
  const context: FrontContext = {
    state, queue, webhook, limiter, faults,
    options: { strictHtmlEntities: options.strictHtmlEntities ?? true, repeatedShortPollHoldMs: options.repeatedShortPollHoldMs ?? 0 },
    onTooManyRequests: () => void tooManyRequestsSent++,
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    serveApiRequest(context, request, response).catch((error: unknown) => {
      // A bug in the fake, not an API answer: say so loudly.
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake telegram crashed: ${error instanceof Error ? error.stack : String(error)}`);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const waitFor = <T>(probe: () => T | undefined | null | false, timeoutMs = 3000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = probe();
        if (value === undefined || value === null || value === false) return;
        finish();
        resolve(value);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`fake telegram: nothing matched within ${timeoutMs} ms`));
      }, timeoutMs);
      // Changes wake the probe at once; the interval catches what changes without an event (time, polls).
      const interval = setInterval(check, 10);
      const finish = () => {
        clearTimeout(timer);
        clearInterval(interval);
        state.off('change', check);
      };
      state.on('change', check);
      check();
    });

  const sentMessages = (chatId: number, opts: { includeDeleted?: boolean } = {}) =>
    state.chat(chatId).messages.filter((message) => message.fromBot && (opts.includeDeleted || !message.deleted));

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token: state.token,
    bot: state.bot,
    state,
    calls: state.calls,
    callsTo: (method) => state.calls.filter((call) => call.method.toLowerCase() === method.toLowerCase()),

    addUser: (fields) => state.addUser(fields),
    privateChat(fields) {
      const user = state.addUser(fields);
      return { user, chat: state.addPrivateChat(user) };
    },
    group: (title = 'Builds', type = 'supergroup') => state.addGroupChat(type, title),
    forum: (title = 'Builds forum') => state.addGroupChat('supergroup', title, undefined, true),
    channel: (title = 'Build news', username) => state.addGroupChat('channel', title, username),

    say: (chatId, text, opts) => users.say(chatId, text, opts),
    pressButton: (chatId, messageId, opts = {}) => users.pressButton(chatId, messageId, opts),
    forgeCallback: (chatId, data, opts) => users.forgeCallback(chatId, data, opts),

    get webhookInfo() {
      return webhook.info();
    },
    textUpdate: (chatId, text, opts) => users.textUpdate(chatId, text, 900_000_001, opts),
    async postToWebhook(update, opts = {}) {
      const config = webhook.config;
      if (!config) throw new Error('fake telegram: no webhook is set');
      return webhook.post(update, config.url, opts.secretToken === undefined ? config.secretToken : opts.secretToken);
    },
    get pendingUpdates() {
      return queue.length;
    },
    get longPollWaiting() {
      return queue.waiting;
    },

    sentMessages,
    chatHistory: (chatId) => [...state.chat(chatId).messages],
    callback: (id) => state.callbacks.get(id),
    chatActions: state.chatActions,
    commands: (scope = { type: 'default' }, languageCode = '') => state.commands.get(commandsKey(scope, languageCode)) ?? [],
    waitFor,
    nextMessage(chatId, predicate = () => true, timeoutMs) {
      const before = new Set(state.chat(chatId).messages.map((message) => message.messageId));
      return waitFor(() => sentMessages(chatId).find((message) => !before.has(message.messageId) && predicate(message)), timeoutMs);
    },

    setMemberStatus(chatId, user, status) {
      state.chat(chatId).members.set(user.id, status);
    },
    blockChat(chatId) {
      state.chat(chatId).blocked = true;
    },
    unblockChat(chatId) {
      state.chat(chatId).blocked = false;
    },
    upgradeGroup(chatId) {
      const record = state.chat(chatId);
      if (record.chat.type !== 'group') throw new Error(`fake telegram: chat ${chatId} is no basic group`);
      const supergroup = state.addGroupChat('supergroup', record.chat.title);
      record.migratedTo = supergroup.id;
      return supergroup;
    },
    failNext: (count, fault, scope) => faults.failNext(count, fault, scope),
    failFor: (ms, fault, scope) => faults.failFor(ms, fault, scope),
    clearFaults: () => faults.clear(),
    enableRateLimits: (limits) => limiter.enable(limits),
    disableRateLimits: () => limiter.disable(),
    rateLimitHits: limiter.hits,
    get tooManyRequestsSent() {
      return tooManyRequestsSent;
    },

    async close() {
      webhook.close();
      queue.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
    },
  };
}
