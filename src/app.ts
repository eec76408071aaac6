/**
 * createBot(config): wires the parts (Buildbot client, command registry, notifications, one
 * adapter per configured platform section) and returns start/stop. The CLI and the tests start
 * the same thing. Platforms come from src/adapters/platforms.ts; nothing here names one.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { PLATFORMS } from './adapters/platforms.js';
import { botIdentity } from './bot-identity.js';
import type { BuildbotClient } from './buildbot/client.js';
import type { Config } from './config/schema.js';
import type { Adapter } from './core/adapter.js';
import type { Services } from './core/command.js';
import { Dispatcher, type CommandOutcome } from './core/dispatcher.js';
import { privateChatRule, type Platform, type TerminalStreams } from './core/platform.js';
import { loadCommands, type CommandRegistry } from './core/registry.js';
import { checkCommandNames } from './lifecycle/check-command-names.js';
import { AliasBook } from './core/alias-book.js';
import { RecordedAuditTrail } from './audit/recorded-audit-trail.js';
import { EXIT, StartupError } from './lifecycle/describe-startup-failure.js';
import { Aliases } from './store/aliases.js';
import type { HttpServer } from './http/http-server.js';
import { createAdapters } from './lifecycle/create-adapters.js';
import { openHttp } from './lifecycle/open-http.js';
import { stopBot } from './lifecycle/stop-bot.js';
import { PeopleService } from './people/people-service.js';
import { createMasterSet, type MasterSet } from './masters/master-set.js';
import { BotMetrics } from './metrics/bot-metrics.js';
import { NotificationService, type NotificationServiceOptions } from './notify/notification-service.js';
import { openDatabase } from './store/open-database.js';

export interface BotOptions {
  config: Config;
  logger: Logger;
  /** Talk on this terminal too (the console platform); `onIdle` runs after each answered line. */
  terminal?: TerminalStreams;
  /** Replace the REST client (tests). */
  buildbot?: BuildbotClient;
  timing?: Partial<Services['timing']>;
  onCommand?: (command: string, outcome: CommandOutcome, adapter: string) => void;
  /** Tests: faster reconnects, polling and retries of the notification pipeline. */
  notify?: Pick<NotificationServiceOptions, 'stream' | 'retry'>;
  /** Tests: how long /healthz reuses an answer of the master (default 5 s). */
  masterProbeTtlMs?: number;
  /** The platforms to run (default src/adapters/platforms.ts; the config must come from configSchemaFor them). */
  platforms?: readonly Platform[];
  /** Where the command files are (default commands/). */
  commandsDir?: string;
  /** Tests: how long a confirmation question waits for its yes (default 60 s). */
  confirmTimeoutMs?: number;
  /** Tests: the clock of mute and quiet hours, and how often their end is looked for. */
  people?: { clock?: () => number; holdCheckMs?: number };
  /**
   * `buildbot-chat replay`: start() starts the adapters only. No master's events are read, the
   * outbox is not sent (the replay delivers its own entries) and the HTTP server does not listen,
   * so a bot running on the same database and port is left alone.
   */
  adaptersOnly?: boolean;
}

export interface Bot {
  readonly dispatcher: Dispatcher;
  /** Filled by start(), in the order of src/adapters/platforms.ts. */
  readonly adapters: Adapter[];
  readonly notifications: NotificationService;
  readonly people: PeopleService;
  readonly db: Database.Database;
  readonly masters: MasterSet;
  /** The first master's REST client (the only one in most configs). */
  readonly buildbot: BuildbotClient;
  readonly metrics: BotMetrics;
  /** The HTTP server (/healthz, /metrics, webhooks) when `http` is configured. */
  readonly http?: HttpServer;
  /** The adapter of that name (`console`, `irc/libera`), once started. */
  adapter(name: string): Adapter | undefined;
  start(): Promise<void>;
  /** Graceful and bounded: stop taking commands, flush the outbox, stop the adapters, close the DB. */
  stop(): Promise<void>;
}

/**
 * Options that name commands (each section's `confirm:`, the `aliases:`) are checked once the
 * commands are loaded: a misspelt name stops the start like any config error.
 */
function checkCommandOptions(config: Config, registry: CommandRegistry): void {
  for (const [platform, sections] of config.platforms) {
    sections.forEach((section, index) => checkCommandNames(registry, `${platform}${sections.length > 1 ? `[${index}]` : ''}.confirm`, section.confirm));
  }
  const book = new AliasBook(registry, config.aliases, null);
  for (const [name, line] of Object.entries(config.aliases)) {
    const problem = book.problem(name, line);
    if (problem) throw new StartupError(`aliases.${name}: ${problem}`, EXIT.config);
  }
}

export async function createBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const metrics = new BotMetrics({ processMetrics: config.http !== undefined });
  const masters = createMasterSet({ masters: config.masters, logger, metrics, ...(options.buildbot ? { client: options.buildbot } : {}) });
  const registry = await loadCommands(options.commandsDir);
  checkCommandOptions(config, registry);
  const db = openDatabase(config.database);
  // People (issue 15): identities, mentions, --mine, mute and quiet hours with their digest.
  const people = new PeopleService({
    db,
    logger: logger.child({ part: 'people' }),
    people: config.people,
    mentionEvents: config.notify.mentionEvents,
    now: options.people?.clock ?? Date.now,
    isPrivateChat: privateChatRule(options.platforms ?? PLATFORMS, db),
    // called after start only, when `notifications` exists
    onEnqueued: () => notifications.sender.kick(),
    ...(options.people?.holdCheckMs !== undefined ? { holdCheckMs: options.people.holdCheckMs } : {}),
  });
  const notifications = new NotificationService({
    db,
    logger,
    masters,
    config,
    people,
    onDelivered: metrics.countDelivery,
    onDatabaseCorruption: metrics.countDatabaseCorruption,
    ...options.notify,
  });
  const timing = { buildStartWaitMs: 20_000, buildStopWaitMs: 20_000, pollIntervalMs: 500, ...options.timing };
  const aliases = new AliasBook(registry, config.aliases, new Aliases(db));
  const audit = new RecordedAuditTrail(db, logger, config.audit.retentionDays * 86_400_000);
  const dispatcher = new Dispatcher({
    registry,
    services: { masters, notifications: notifications.control, people: people.control, aliases, audit, bot: botIdentity(config.source), tags: config.tags ?? null, timing },
    logger,
    audit,
    aliases,
    ...(options.confirmTimeoutMs !== undefined ? { confirmTimeoutMs: options.confirmTimeoutMs } : {}),
    onOutcome: (command, outcome, adapter) => {
      metrics.countCommand(command, outcome, adapter);
      options.onCommand?.(command, outcome, adapter);
    },
  });
  const adapters: Adapter[] = [];
  const http = openHttp({
    config,
    logger,
    metrics,
    masters,
    notifications,
    adapters,
    ...(options.buildbot ? { probeWith: true } : {}),
    ...(options.masterProbeTtlMs !== undefined ? { probeTtlMs: options.masterProbeTtlMs } : {}),
  });
  const stopAll = stopBot({ logger, dispatcher, notifications, adapters, http, db });
  const stop = (): Promise<void> => {
    people.stop();
    audit.stop();
    return stopAll();
  };
  return {
    dispatcher,
    adapters,
    notifications,
    people,
    db,
    masters,
    buildbot: masters.primary.client,
    metrics,
    ...(http ? { http } : {}),
    adapter: (name) => adapters.find((adapter) => adapter.name === name),
    async start() {
      if (!options.adaptersOnly) await http?.start();
      const context = {
        core: dispatcher,
        logger,
        db,
        ...(http ? { http } : {}),
        ...(options.terminal ? { terminal: options.terminal } : {}),
        ...(masters.several ? {} : { webUrl: masters.primary.url() }),
        builderNames: masters.builderNames,
        aliasNames: () => aliases.list().map((alias) => alias.name),
      };
      for (const { adapter, platform, section } of await createAdapters(options.platforms ?? PLATFORMS, config, context)) {
        dispatcher.authorize(adapter.name, section.authz);
        dispatcher.confirmFor(adapter.name, section.confirm);
        adapters.push(adapter);
        await adapter.start();
        notifications.attach(adapter, platform.notifyOptions(section));
        for (const id of platform.defaultChats(section)) notifications.applyDefaults({ adapter: adapter.name, id }, section.notifyEvents);
      }
      if (options.adaptersOnly) return;
      notifications.start();
      audit.start();
      people.start();
      logger.info({ adapters: adapters.map((a) => a.name), masters: masters.list.map((m) => m.name) }, 'buildbot-chat started');
    },
    stop,
  };
}
