/**
 * The whole bot (createBot) with a Telegram section pointed at the in-repo fake Bot API, and a
 * temporary database: tests act as Telegram users through the fake and read what the bot sent.
 * Pacing is loosened so that tests do not wait a second per message, unless a test asks for
 * Telegram's own limits.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Bot } from '../../src/app.js';
import type { Config } from '../../src/config/schema.js';
import type { PlatformSection } from '../../src/core/platform.js';
import type { TelegramConfig } from '../../src/adapters/telegram/telegram-config.js';
import type { User } from 'grammy/types';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';
import { startFakeTelegram, type FakeTelegram, type SayOptions, type StoredMessage } from '../fakes/fake-telegram/server.js';
import { closedPort } from './closed-port.js';
import { eventStreamConnected } from './event-stream-connected.js';
import { startTestBot, temporaryDatabase, type TestBotOptions } from './test-bot.js';

export interface TelegramBot {
  bot: Bot;
  database: string;
  /** Stops the bot; the database stays until `remove` (restart tests reuse it). */
  stop(): Promise<void>;
  remove(): void;
}

export interface TelegramBotOptions {
  masterUrl: string;
  fake: FakeTelegram;
  /** The config's telegram section beyond the test defaults. */
  telegram?: Record<string, unknown>;
  /** Other config sections (http, tags...). */
  config?: Record<string, unknown>;
  /** Reuse a database (a restart). */
  database?: string;
  /** Environment for ${...} in the config, besides TELEGRAM_TOKEN. */
  env?: Record<string, string>;
  bot?: TestBotOptions['bot'];
  adjust?: TestBotOptions['adjust'];
}

/** How long a test waits for something that should happen: generous, so that a busy machine slows a test down and never fails it. */
export const WAIT_MS = 30_000;

export const FAST_LIMITS = { globalPerSecond: 1000, perChatPerSecond: 1000, perGroupPerMinute: 100_000 };

export async function startTelegramBot(options: TelegramBotOptions): Promise<TelegramBot> {
  const database = options.database ?? temporaryDatabase('buildbot-chat-telegram-');
  const started = await startTestBot({
    masterUrl: options.masterUrl,
    database,
    sections: {
      telegram: { token: '${TELEGRAM_TOKEN}', apiRoot: options.fake.apiRoot, pollTimeout: 1, retryDelay: 0.1, limits: FAST_LIMITS, ...options.telegram },
      ...options.config,
    },
    env: { TELEGRAM_TOKEN: options.fake.token, ...options.env },
    ...(options.adjust ? { adjust: options.adjust } : {}),
    ...(options.bot ? { bot: options.bot } : {}),
  });
  await eventStreamConnected(started.bot);
  return {
    bot: started.bot,
    database,
    stop: started.stop,
    remove() {
      rmSync(join(database, '..'), { recursive: true, force: true });
    },
  };
}

/** The user writes in a chat; resolves with the bot's next message there matching `predicate`. */
export async function ask(fake: FakeTelegram, chatId: number, text: string, options: SayOptions & { match?: RegExp | string; timeoutMs?: number } = {}): Promise<StoredMessage> {
  const next = fake.nextMessage(chatId, (m) => matches(m.text, options.match), options.timeoutMs ?? WAIT_MS);
  fake.say(chatId, text, options);
  return next;
}

export function matches(text: string, match: RegExp | string | undefined): boolean {
  if (match === undefined) return true;
  return typeof match === 'string' ? text.includes(match) : match.test(text);
}

/** Labels of a message's inline buttons, row by row. */
export function buttons(message: StoredMessage | undefined): string[][] {
  return message?.replyMarkup?.inline_keyboard.map((row) => row.map((button) => button.text)) ?? [];
}

/** Stops what a test started, last first; call from afterEach. */
export class Cleanups {
  private readonly steps: (() => Promise<void> | void)[] = [];

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) await step();
  }
}

export interface TelegramWorld {
  master: FakeMaster;
  fake: FakeTelegram;
  bot: TelegramBot;
  /** Named in authz for the dangerous commands. */
  admin: User;
  adminChat: number;
  /** Named nowhere. */
  user: User;
  userChat: number;
}

/** A fake master, a fake Bot API, two users with their private chats, and the bot. */
export async function startTelegramWorld(cleanups: Cleanups, telegram: Record<string, unknown> = {}): Promise<TelegramWorld> {
  const master = await startFakeMaster();
  cleanups.add(() => master.close());
  const fake = await startFakeTelegram();
  cleanups.add(() => fake.close());
  const { user: admin, chat: adminChat } = fake.privateChat({ first_name: 'Ada', username: 'ada' });
  const { user, chat: userChat } = fake.privateChat({ first_name: 'Bob' });
  const bot = await startTelegramBot({ masterUrl: master.url, fake, telegram: { authz: { '!': [admin.id] }, ...telegram } });
  cleanups.add(() => bot.remove());
  cleanups.add(() => bot.stop());
  return { master, fake, bot, admin, adminChat: adminChat.id, user, userChat: userChat.id };
}

/**
 * The bot in webhook mode on a free loopback port, with `secret` as its secret token. The config
 * only takes public https URLs; the fake Telegram posts to loopback over http.
 */
export async function startWebhookTelegramBot(options: { masterUrl: string; fake: FakeTelegram; secret: string }): Promise<{ bot: TelegramBot; url: string }> {
  const port = await closedPort();
  const url = `http://127.0.0.1:${port}/telegram/hook`;
  const adjust = (config: Config): Config => {
    const [telegram] = (config.platforms.get('telegram') ?? []) as TelegramConfig[];
    if (!telegram?.webhook) throw new Error('no webhook in the test config');
    const section: TelegramConfig = { ...telegram, webhook: { ...telegram.webhook, url } };
    return { ...config, platforms: new Map<string, readonly PlatformSection[]>([...config.platforms, ['telegram', [section]]]) };
  };
  const bot = await startTelegramBot({
    masterUrl: options.masterUrl,
    fake: options.fake,
    telegram: { mode: 'webhook', webhook: { url: 'https://bot.example.org/telegram/hook', secretToken: '${WEBHOOK_SECRET}' } },
    config: { http: { host: '127.0.0.1', port } },
    env: { WEBHOOK_SECRET: options.secret },
    adjust,
  });
  return { bot, url };
}
