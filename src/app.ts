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
import type { AdapterNotifyOptions } from './notify/notification-payloads.js';
import { openDatabase } from './store/open-database.js';
import { CONSOLE_CHAT_ID } from './adapters/console/console-adapter.js';
import { IrcAdapter } from './adapters/irc/irc-adapter.js';
import { configuredIrcChatIds } from './adapters/irc/irc-chat-id.js';
import type Database from 'better-sqlite3';
import { commandLineCompleter } from './adapters/console/command-line-completer.js';
import { cachedMasterProbe } from './buildbot/master-probe.js';
import { healthRoute } from './http/health.js';
import { HttpServer } from './http/http-server.js';
import { TelegramAdapter } from './adapters/telegram/telegram-adapter.js';
import { metricsRoute } from './http/metrics-route.js';
import { bounded } from './lifecycle/bounded.js';
import { BotMetrics } from './metrics/bot-metrics.js';
import { observeEventStream } from './metrics/observe-event-stream.js';
import { outboxBacklog } from './metrics/outbox-backlog.js';

/**
 * Graceful stop budget: running commands, then the outbox flush. Together they stay well under
 * the 10 s Docker waits between SIGTERM and SIGKILL (systemd waits 90 s).
 */
const COMMAND_DRAIN_MS = 3_000;
const OUTBOX_FLUSH_MS = 4_000;
/** /healthz asks the master at most this often, and never waits longer than this for it. */
const MASTER_PROBE_TIMEOUT_MS = 5_000;

const CONSOLE_NOTIFY_OPTIONS: AdapterNotifyOptions = { useRevisions: false, showBlameList: false, tags: null };

export interface BotOptions {
  config: Config;
  logger: Logger;
  /** Run the console adapter on these streams; `onIdle` runs after each line was answered (tests). */
  console?: {
    input: Readable;
    output: Writable;
    onIdle?: () => void;
    /** A terminal: prompt, history, tab completion; `onInterrupt` is Ctrl-C at the prompt. */
    interactive?: { onInterrupt?: () => void };
  };
  /** Replace the REST client (tests). */
  buildbot?: BuildbotClient;
  timing?: Partial<Services['timing']>;
  onCommand?: (command: string, outcome: CommandOutcome, adapter: string) => void;
  /** Tests: faster reconnects, polling and retries of the notification pipeline. */
  notify?: Pick<NotificationServiceOptions, 'stream' | 'retry'>;
  /** Tests: how long /healthz reuses an answer of the master (default 5 s). */
  masterProbeTtlMs?: number;
}

export interface Bot {
  readonly dispatcher: Dispatcher;
  readonly adapters: Adapter[];
  readonly console?: ConsoleAdapter;
  readonly notifications: NotificationService;
  readonly db: Database.Database;
  readonly buildbot: BuildbotClient;
  readonly metrics: BotMetrics;
  /** The HTTP server (/healthz, /metrics, the Telegram webhook) when `http` is configured. */
  readonly http?: HttpServer;
  start(): Promise<void>;
  /** Graceful and bounded: stop taking commands, flush the outbox, stop the adapters, close the DB. */
  stop(): Promise<void>;
}

export async function createBot(options: BotOptions): Promise<Bot> {
  const { config, logger } = options;
  const metrics = new BotMetrics({ processMetrics: config.http !== undefined });
  const clientOptions = {
    url: config.buildbot.url,
    ...(config.buildbot.user !== undefined ? { user: config.buildbot.user } : {}),
    ...(config.buildbot.password !== undefined ? { password: config.buildbot.password } : {}),
    logger: logger.child({ part: 'buildbot' }),
  };
  const buildbot =
    options.buildbot ??
    createBuildbotClient({
      ...clientOptions,
      ...(config.buildbot.timeoutMs !== undefined ? { timeoutMs: config.buildbot.timeoutMs } : {}),
      onRequest: metrics.observeMasterRequest,
    });
  const http = config.http ? new HttpServer({ ...config.http, logger: logger.child({ part: 'http' }) }) : undefined;
  const registry = await loadCommands();
  const db = openDatabase(config.database);
  const adapterMap = new Map<string, Adapter>();
  const masterConfig = cachedMasterConfig(buildbot);
  // Asked once per subscriber of every event: read from the config once.
  const notifyOptions = new Map<string, AdapterNotifyOptions>(
    (['irc', 'telegram'] as const).flatMap((name) => {
      const section = config[name];
      return section ? [[name, { useRevisions: section.useRevisions, showBlameList: section.showBlameList, tags: section.tags ?? null }] as const] : [];
    }),
  );
  const notifications = new NotificationService({
    db,
    client: buildbot,
    masterConfig,
    logger,
    masterUrl: config.buildbot.url,
    tags: config.tags ?? null,
    adapters: adapterMap,
    adapterOptions: (name) => notifyOptions.get(name) ?? CONSOLE_NOTIFY_OPTIONS,
    maxAgeMs: config.notify.maxAgeMinutes * 60_000,
    workerMissingAfterMs: config.notify.workerMissingAfterMinutes * 60_000,
    revisionsAtFinish: Boolean(config.irc?.useRevisions || config.telegram?.useRevisions),
    onDelivered: metrics.countDelivery,
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
    onOutcome: (command, outcome, adapter) => {
      metrics.countCommand(command, outcome, adapter);
      options.onCommand?.(command, outcome, adapter);
    },
  });
  const adapters: Adapter[] = [];
  let consoleAdapter: ConsoleAdapter | undefined;
  if (options.console) {
    consoleAdapter = new ConsoleAdapter({
      core: dispatcher,
      user: config.console?.user ?? 'operator',
      input: options.console.input,
      output: options.console.output,
      ...(options.console.onIdle ? { onIdle: options.console.onIdle } : {}),
      ...(options.console.interactive
        ? {
            interactive: {
              ...options.console.interactive,
              complete: commandLineCompleter({
                commands: () => registry.list({}).map((command) => command.name),
                builders: async () => (await buildbot.listBuilders()).map((builder) => builder.name),
              }),
            },
          }
        : {}),
    });
    adapters.push(consoleAdapter);
    notifications.applyDefaults({ adapter: consoleAdapter.name, id: CONSOLE_CHAT_ID }, config.console?.notifyEvents ?? []);
  }
  // IRC adapter (issue 4): constructed here, its channels' notifyEvents applied.
  if (config.irc) {
    const irc = new IrcAdapter({ config: config.irc, core: dispatcher, logger: logger.child({ adapter: 'irc' }), db, webUrl: config.buildbot.url });
    adapters.push(irc);
    for (const id of configuredIrcChatIds(config.irc)) notifications.applyDefaults({ adapter: irc.name, id }, config.irc.notifyEvents);
  }
  // Telegram adapter (issue 5): constructed here, its chatIds' notifyEvents applied.
  if (config.telegram) {
    const telegram = new TelegramAdapter({ config: config.telegram, core: dispatcher, logger: logger.child({ adapter: 'telegram' }), db, ...(http ? { http } : {}) });
    adapters.push(telegram);
    for (const id of config.telegram.chatIds) notifications.applyDefaults({ adapter: telegram.name, id: String(id) }, config.telegram.notifyEvents);
  }
  for (const adapter of adapters) adapterMap.set(adapter.name, adapter);
  observeEventStream(notifications.events, metrics);
  const backlog = outboxBacklog(db);
  metrics.observeBacklog(backlog);
  if (http) {
    // A health check must answer quickly: one try, a short timeout, no retries.
    const probeClient =
      options.buildbot ??
      createBuildbotClient({
        ...clientOptions,
        timeoutMs: Math.min(config.buildbot.timeoutMs ?? MASTER_PROBE_TIMEOUT_MS, MASTER_PROBE_TIMEOUT_MS),
        retry: { attempts: 1 },
      });
    const master = cachedMasterProbe({
      read: () => probeClient.listMasters(),
      ...(options.masterProbeTtlMs !== undefined ? { ttlMs: options.masterProbeTtlMs } : {}),
    });
    http.route('GET', '/healthz', healthRoute({ master, events: notifications.events, adapters, pendingByAdapter: backlog }));
    http.route('GET', '/metrics', metricsRoute(metrics));
  }
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    dispatcher.stopTaking();
    if (!(await bounded(dispatcher.idle(), COMMAND_DRAIN_MS))) logger.warn({ waitedMs: COMMAND_DRAIN_MS }, 'stopping with commands still running');
    // Undelivered notifications stay pending in the database and go out at the next start.
    await notifications.stop(OUTBOX_FLUSH_MS);
    for (const adapter of [...adapters].reverse()) await adapter.stop();
    await http?.stop();
    db.close();
    logger.info('buildbot-chat stopped');
  };
  return {
    dispatcher,
    adapters,
    ...(consoleAdapter ? { console: consoleAdapter } : {}),
    notifications,
    db,
    buildbot,
    metrics,
    ...(http ? { http } : {}),
    async start() {
      await http?.start();
      for (const adapter of adapters) await adapter.start();
      notifications.start();
      logger.info({ adapters: adapters.map((a) => a.name), master: config.buildbot.url }, 'buildbot-chat started');
    },
    stop() {
      stopping ??= stop();
      return stopping;
    },
  };
}
