/**
 * createBot(config): wires the parts (Buildbot client, command registry, authz, adapters) and
 * returns start/stop. The CLI and the tests start the same thing.
 */
import type { Readable, Writable } from 'node:stream';
import type { Logger } from 'pino';
import { ConsoleAdapter } from './adapters/console/console-adapter.js';
import { cachedMasterConfig } from './buildbot/cached-master-config.js';
import type { BuildbotClient } from './buildbot/client.js';
import { createBuildbotClient } from './buildbot/rest-client.js';
import type { Config } from './config/schema.js';
import type { Adapter } from './core/adapter.js';
import { createAuthzPolicy, type AuthzPolicy } from './core/authz.js';
import type { Services } from './core/command.js';
import { Dispatcher, type CommandOutcome } from './core/dispatcher.js';
import { loadCommands } from './core/registry.js';
import { botIdentity } from './bot-identity.js';
import { NotificationService, type NotificationServiceOptions } from './notify/notification-service.js';
import { openDatabase } from './store/open-database.js';
import { CONSOLE_CHAT_ID } from './adapters/console/console-adapter.js';
import type Database from 'better-sqlite3';

export interface BotOptions {
  config: Config;
  logger: Logger;
  /** Run the console adapter on these streams. */
  console?: { input: Readable; output: Writable };
  /** Replace the REST client (tests). */
  buildbot?: BuildbotClient;
  timing?: Partial<Services['timing']>;
  onCommand?: (command: string, outcome: CommandOutcome, adapter: string) => void;
  /** Tests: faster reconnects, polling and retries of the notification pipeline. */
  notify?: Pick<NotificationServiceOptions, 'stream' | 'retry'>;
}

export interface Bot {
  readonly dispatcher: Dispatcher;
  readonly adapters: Adapter[];
  readonly console?: ConsoleAdapter;
  readonly notifications: NotificationService;
  readonly db: Database.Database;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const buildbot =
    options.buildbot ??
    createBuildbotClient({
      url: config.buildbot.url,
      ...(config.buildbot.user !== undefined ? { user: config.buildbot.user } : {}),
      ...(config.buildbot.password !== undefined ? { password: config.buildbot.password } : {}),
      ...(config.buildbot.timeoutMs !== undefined ? { timeoutMs: config.buildbot.timeoutMs } : {}),
      logger: logger.child({ part: 'buildbot' }),
    });
  const registry = await loadCommands();
  const db = openDatabase(config.database);
  const adapterMap = new Map<string, Adapter>();
  const masterConfig = cachedMasterConfig(buildbot);
  const notifications = new NotificationService({
    db,
    client: buildbot,
    masterConfig,
    logger,
    masterUrl: config.buildbot.url,
    tags: config.tags ?? null,
    adapters: adapterMap,
    adapterOptions: (name) => {
      const section = name === 'irc' ? config.irc : name === 'telegram' ? config.telegram : undefined;
      return { useRevisions: section?.useRevisions ?? false, showBlameList: section?.showBlameList ?? false, tags: section?.tags ?? null };
    },
    maxAgeMs: config.notify.maxAgeMinutes * 60_000,
    ...options.notify,
  });
  const authz = new Map<string, AuthzPolicy>();
  if (config.console) authz.set('console', createAuthzPolicy(config.console.authz));
  if (config.irc) authz.set('irc', createAuthzPolicy(config.irc.authz));
  if (config.telegram) authz.set('telegram', createAuthzPolicy(config.telegram.authz));
  const dispatcher = new Dispatcher({
    registry,
    services: {
      buildbot,
      masterConfig,
      notifications: notifications.control,
      bot: botIdentity(),
      tags: config.tags ?? null,
      timing: { buildStartWaitMs: 20_000, buildStopWaitMs: 20_000, pollIntervalMs: 500, ...options.timing },
    },
    authz,
    defaultAuthz: createAuthzPolicy({}),
    logger,
    ...(options.onCommand ? { onOutcome: options.onCommand } : {}),
  });
  const adapters: Adapter[] = [];
  let consoleAdapter: ConsoleAdapter | undefined;
  if (options.console) {
    consoleAdapter = new ConsoleAdapter({
      core: dispatcher,
      user: config.console?.user ?? 'operator',
      input: options.console.input,
      output: options.console.output,
    });
    adapters.push(consoleAdapter);
    notifications.applyDefaults({ adapter: consoleAdapter.name, id: CONSOLE_CHAT_ID }, config.console?.notifyEvents ?? []);
  }
  // IRC adapter (issue 4): constructed here, its channels' notifyEvents applied.
  // Telegram adapter (issue 5): constructed here, its chatIds' notifyEvents applied.
  for (const adapter of adapters) adapterMap.set(adapter.name, adapter);
  return {
    dispatcher,
    adapters,
    ...(consoleAdapter ? { console: consoleAdapter } : {}),
    notifications,
    db,
    async start() {
      for (const adapter of adapters) await adapter.start();
      notifications.start();
      logger.info({ adapters: adapters.map((a) => a.name), master: config.buildbot.url }, 'buildbot-chat started');
    },
    async stop() {
      await notifications.stop();
      for (const adapter of [...adapters].reverse()) await adapter.stop();
      db.close();
    },
  };
}
