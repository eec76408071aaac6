/**
 * The `telegram:` config section: one bot, or a list of bots each with a `name`.
 */
import { z } from 'zod';
import { userIdSchema } from '../../config/authz-schema.js';
import { platformSectionKeys } from '../../config/platform-section.js';
import { expecting, flag, tagsSchema, text, urlSchema } from '../../config/schema-parts.js';

/** Telegram delivers webhooks only to these ports (core.telegram.org/bots/api#setwebhook). */
const TELEGRAM_WEBHOOK_PORTS = new Set(['443', '80', '88', '8443']);

const CHAT_ID_HINT = `a chat id (a number like -1001234567890: the getid command shows it) or a channel like '@builds'`;
const chatIdSchema = z
  .union([z.number(), z.string()], expecting(CHAT_ID_HINT))
  .refine((id) => (typeof id === 'number' ? Number.isSafeInteger(id) : /^(@[A-Za-z]\w{3,31}|-?\d+)$/.test(id)), {
    error: `expected ${CHAT_ID_HINT}`,
  })
  .transform((id) => (typeof id === 'string' && !id.startsWith('@') ? Number(id) : id));

const webhookSchema = z
  .strictObject({
    url: urlSchema({
      example: 'https://bot.example.org/telegram',
      protocols: ['https:'],
      check: (url) => (TELEGRAM_WEBHOOK_PORTS.has(url.port || '443') ? undefined : 'Telegram delivers webhooks only to ports 443, 80, 88 and 8443'),
      normalise: (url) => url.href,
    }),
    path: z.string(expecting('a path like /telegram')).regex(/^\/\S*$/, { error: 'expected a path like /telegram' }).optional(),
    secretToken: z
      .string(expecting('a secret, as ${TELEGRAM_WEBHOOK_SECRET}'))
      .regex(/^[\w-]{1,256}$/, { error: 'expected 1 to 256 letters, digits, _ or - (a Telegram rule)' }),
    certificate: text('the path of a PEM certificate file').optional(),
  })
  .transform(({ path, ...webhook }) => ({ ...webhook, path: path ?? new URL(webhook.url).pathname }));

const rate = (what: string, fallback: number) => z.number(expecting(what)).positive().default(fallback);

export const telegramSectionSchema = z
  .strictObject({
    token: z.string(expecting('the bot token, as ${TELEGRAM_TOKEN}')).regex(/^\d+:[\w-]+$/, {
      error: 'expected a bot token like 123456789:AAE... (from @BotFather)',
    }),
    username: z
      .string(expecting('the bot username'))
      .regex(/^@?[A-Za-z]\w{3,31}$/, { error: 'expected a bot username like ci_bot' })
      .transform((name) => name.replace(/^@/, ''))
      .optional(),
    chatIds: z.array(chatIdSchema, expecting('a list of chat ids')).default([]),
    ...platformSectionKeys(userIdSchema(/^\d+$/, 'a numeric Telegram user id (the getid command shows it)')),
    mode: z.enum(['polling', 'webhook']).default('polling'),
    pollTimeout: z.number(expecting('seconds')).int().nonnegative().default(30),
    retryDelay: z.number(expecting('seconds')).positive().default(30),
    webhook: webhookSchema.optional(),
    apiRoot: urlSchema({
      example: 'http://127.0.0.1:8081',
      protocols: ['http:', 'https:'],
      normalise: (url) => url.href.replace(/\/+$/, ''), // grammY refuses a trailing '/'
    }).optional(),
    tags: tagsSchema.optional(),
    useRevisions: flag(false),
    showBlameList: flag(false),
    /** Edit a build's "started" message into its result instead of posting a second one. */
    editStartedMessage: flag(false),
    /** Forum supergroups: each builder's notifications in a topic of its own. */
    topics: z.enum(['none', 'byBuilder'], { error: 'expected none or byBuilder' }).default('none'),
    commandMenu: flag(true),
    limits: z
      .strictObject({
        globalPerSecond: rate('messages per second', 30),
        perChatPerSecond: rate('messages per second', 1),
        perGroupPerMinute: rate('messages per minute', 20),
      })
      .prefault({}),
  })
  .superRefine((telegram, ctx) => {
    if (telegram.mode === 'webhook' && telegram.webhook === undefined) {
      ctx.addIssue({ code: 'custom', path: ['webhook'], message: 'missing (telegram.mode is webhook)' });
    }
    if (telegram.mode === 'polling' && telegram.webhook !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: 'expected webhook when telegram.webhook is set (or remove webhook to poll)' });
    }
  });

export type TelegramConfig = z.output<typeof telegramSectionSchema>;
