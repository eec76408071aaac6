/**
 * The configuration file's shape, checked once at start-up. Every object is strict: a misspelt
 * option is an error, not a silently ignored line. Hints say what to write; they never repeat
 * the value found (it may be a secret). config.example.yaml documents each option, and a test
 * keeps the two in step.
 */
import { z } from 'zod';
import { EVENT_NAMES } from '../notify/event-names.js';
import { authzSchema, userIdSchema } from './authz-schema.js';
import { missingOr } from './format-config-errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Telegram delivers webhooks only to these ports (core.telegram.org/bots/api#setwebhook). */
const TELEGRAM_WEBHOOK_PORTS = new Set(['443', '80', '88', '8443']);

/**
 * A field's hint: "missing (expected …)" when absent, "expected …" when of the wrong kind. Range
 * checks (too small, too big) keep the error map's words, which name the bound.
 */
function expecting(what: string) {
  return {
    error: (issue: z.core.$ZodRawIssue) =>
      issue.code === 'invalid_type' || issue.code === 'invalid_union' ? missingOr(what, issue.input) : undefined,
  };
}

interface UrlRules {
  example: string;
  protocols: readonly string[];
  /** A further rule on the parsed URL: the problem, or undefined when it holds. */
  check?: (url: URL) => string | undefined;
  normalise: (url: URL) => string;
}

/** Credentials in a URL end up in logs; queries have no meaning for the services we call. */
function urlSchema(rules: UrlRules) {
  const expected = `expected a URL like ${rules.example}`;
  return z.string(expecting(`a URL like ${rules.example}`)).transform((text, ctx) => {
    const url = URL.canParse(text) ? new URL(text) : undefined;
    let problem: string | undefined;
    if (url === undefined || !rules.protocols.includes(url.protocol)) problem = expected;
    else if (url.username !== '' || url.password !== '') problem = 'must not contain a user name or password';
    else if (url.search !== '') problem = `${expected} (no "?" part)`;
    else problem = rules.check?.(url);
    if (url === undefined || problem !== undefined) {
      ctx.addIssue({ code: 'custom', message: problem ?? expected });
      return z.NEVER;
    }
    return rules.normalise(url);
  });
}

const text = (what: string) => z.string(expecting(what)).min(1);
const flag = (fallback: boolean) => z.boolean(expecting('true or false')).default(fallback);
const portSchema = (lowest: 0 | 1) => z.number(expecting('a port number')).int().min(lowest).max(65535);
const tagsSchema = z.array(text('a tag'), expecting('a list of tags like [release, nightly]')).min(1, {
  error: 'expected at least one tag (leave tags out to report every builder)',
});

const eventsSchema = z
  .array(
    z.enum(EVENT_NAMES, {
      // Buildbot's deprecated transition names (successToFailure...) are not ported.
      error: (issue) =>
        typeof issue.input === 'string' && /^[a-z]+To[A-Z][a-z]+$/.test(issue.input)
          ? `Buildbot's ${issue.input} event is not supported: use problem, recovery, worse or better`
          : undefined,
    }),
    expecting('a list of events like [started, failure]'),
  )
  .transform((events) => [...new Set(events)])
  .default([]);

const buildbotSchema = z
  .strictObject({
    // The web root, normalised to end with '/': links and api/v2 are resolved against it.
    url: urlSchema({
      example: 'http://host:8010/',
      protocols: ['http:', 'https:'],
      normalise: (url) => {
        url.hash = ''; // a URL copied from the web UI ends in #/...
        if (!url.pathname.endsWith('/')) url.pathname += '/';
        return url.href;
      },
    }),
    user: text('a Buildbot user name').optional(),
    password: text('a password, as ${BUILDBOT_PASSWORD}').optional(),
    timeoutMs: z.number(expecting('milliseconds')).int().positive().optional(),
  })
  .superRefine((buildbot, ctx) => {
    if ((buildbot.user === undefined) === (buildbot.password === undefined)) return;
    const missing = buildbot.user === undefined ? 'user' : 'password';
    ctx.addIssue({ code: 'custom', path: [missing], message: 'missing (buildbot.user and buildbot.password go together)' });
  });

const httpSchema = z.strictObject({
  host: text('an address to listen on').default('127.0.0.1'),
  port: portSchema(0),
});

const consoleSchema = z.strictObject({
  user: z.string(expecting('a user name')).regex(/^\S+$/, { error: 'expected a user name without spaces' }).default('operator'),
  authz: authzSchema(userIdSchema(/^\S+$/, 'a user name without spaces')),
  notifyEvents: eventsSchema,
});

/** RFC 2812 nick characters; servers allow longer nicks than its 9, so no length limit here. */
const NICK = /^[A-Za-z[\]\\`_^{|}][\w[\]\\`^{|}-]*$/;
const NICK_HINT = 'a nick (letters, digits and []\\`_^{|}-, not starting with a digit or -)';
const nickSchema = z.string(expecting('a nick like ci-bot')).regex(NICK, { error: `expected ${NICK_HINT}` });
/** An authz entry: a nick, or a services account (Buildbot matches nicks only, bug #2957). */
const IRC_USER = new RegExp(`^(account:\\S+|${NICK.source.slice(1, -1)})$`);

const CHANNEL_HINT = `a channel like '#builds' or {channel: '#builds', password: ...}`;
const channelSchema = z.preprocess(
  (entry) => (typeof entry === 'string' ? { channel: entry } : entry),
  z.strictObject(
    {
      channel: z.string(expecting(CHANNEL_HINT)).regex(/^[#&+!][^\s,\x07]+$/, { error: `expected ${CHANNEL_HINT}` }),
      password: text('the channel key').optional(),
    },
    {
      // `- #builds` unquoted is a YAML comment, which leaves an empty item.
      error: (issue) =>
        issue.code !== 'invalid_type' ? undefined : `expected ${CHANNEL_HINT}${issue.input === null ? ' (quote it: an unquoted # starts a YAML comment)' : ''}`,
    },
  ),
);

/** Seconds, or a [min, max] range drawn from at random (Buildbot's lostDelay/failedDelay). */
function delaySchema(fallback: [number, number]) {
  const seconds = z.number(expecting('seconds')).nonnegative();
  return z
    .preprocess(
      (value) => (typeof value === 'number' ? [value, value] : value),
      z
        .tuple([seconds, seconds], { error: (issue) => missingOr('seconds, or a [min, max] range', issue.input) })
        .refine(([min, max]) => min <= max, { error: 'expected a [min, max] range with min <= max' }),
    )
    .default(fallback);
}

const ircSchema = z
  .strictObject({
    host: text('a server name like irc.libera.chat'),
    port: portSchema(1).optional(),
    tls: flag(false),
    nick: nickSchema,
    password: text('a password, as ${IRC_PASSWORD}').optional(),
    sasl: z.strictObject({ account: text('the services account'), password: text('a password, as ${IRC_SASL_PASSWORD}') }).optional(),
    channels: z.array(channelSchema, expecting(`a list of channels like ['#builds']`)).default([]),
    pmToNicks: z.array(nickSchema, expecting('a list of nicks')).default([]),
    notifyEvents: eventsSchema,
    noticeOnChannel: flag(false),
    useColors: flag(true),
    lostDelay: delaySchema([1, 5]),
    failedDelay: delaySchema([45, 60]),
    authz: authzSchema(userIdSchema(IRC_USER, 'a nick or account:NAME')),
    commandPrefix: z.string(expecting('a prefix like "!"')).regex(/^\S{1,8}$/, { error: 'expected a short prefix without spaces, like "!"' }).optional(),
    tags: tagsSchema.optional(),
    useRevisions: flag(false),
    showBlameList: flag(false),
    floodLinesPerSecond: z.number(expecting('lines per second')).positive().default(1),
    floodBurst: z.number(expecting('a number of lines')).int().min(1).default(5),
  })
  .transform(({ port, ...irc }) => ({ ...irc, port: port ?? (irc.tls ? 6697 : 6667) }));

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

const telegramSchema = z
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
    notifyEvents: eventsSchema,
    authz: authzSchema(userIdSchema(/^\d+$/, 'a numeric Telegram user id (the getid command shows it)')),
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

export const configSchema = z
  .strictObject(
    {
      buildbot: buildbotSchema,
      database: text('the path of the SQLite file').default('data/buildbot-chat.sqlite'),
      tags: tagsSchema.optional(),
      notify: z
        .strictObject({
          maxAgeMinutes: z.number(expecting('minutes')).positive().default(60),
          workerMissingAfterMinutes: z.number(expecting('minutes (0: only when the master says so)')).min(0).default(10),
        })
        .prefault({}),
      log: z.strictObject({ level: z.enum(LOG_LEVELS).default('info') }).prefault({}),
      http: httpSchema.optional(),
      console: consoleSchema.optional(),
      irc: ircSchema.optional(),
      telegram: telegramSchema.optional(),
    },
    {
      error: (issue) => {
        if (issue.code !== 'invalid_type') return undefined;
        return issue.input == null ? 'the file is empty: start from config.example.yaml' : 'expected sections (buildbot:, irc:, ...) like config.example.yaml';
      },
    },
  )
  .superRefine((config, ctx) => {
    if (config.telegram?.mode === 'webhook' && config.http === undefined) {
      ctx.addIssue({ code: 'custom', path: ['http'], message: 'missing (telegram.mode is webhook: Telegram posts to this HTTP server)' });
    }
  });

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type IrcConfig = NonNullable<Config['irc']>;
export type TelegramConfig = NonNullable<Config['telegram']>;
export type ConsoleConfig = NonNullable<Config['console']>;
export type HttpConfig = NonNullable<Config['http']>;
