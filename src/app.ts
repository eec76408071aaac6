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

export interface BotOptions {
  config: Config;
  logger: Logger;
  /** Run the console adapter on these streams. */
  console?: { input: Readable; output: Writable };
  /** Replace the REST client (tests). */
  buildbot?: BuildbotClient;
  timing?: Partial<Services['timing']>;
  onCommand?: (command: string, outcome: CommandOutcome, adapter: string) => void;
}

export interface Bot {
  readonly dispatcher: Dispatcher;
  readonly adapters: Adapter[];
  readonly console?: ConsoleAdapter;
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
  const authz = new Map<string, AuthzPolicy>();
  if (config.console) authz.set('console', createAuthzPolicy(config.console.authz));
  const dispatcher = new Dispatcher({
    registry,
    services: {
      buildbot,
      masterConfig: cachedMasterConfig(buildbot),
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
  }
  return {
    dispatcher,
    adapters,
    ...(consoleAdapter ? { console: consoleAdapter } : {}),
    async start() {
      for (const adapter of adapters) await adapter.start();
      logger.info({ adapters: adapters.map((a) => a.name), master: config.buildbot.url }, 'buildbot-chat started');
    },
    async stop() {
      for (const adapter of [...adapters].reverse()) await adapter.stop();
    },
  };
}
