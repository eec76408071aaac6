/**
 * The masters the bot talks to, each with its REST client and cached /config. With one master
 * (the `buildbot:` section) everything reads as before; with several (`masters:`), answers and
 * notifications name the master.
 */
import type { Logger } from 'pino';
import { cachedMasterConfig } from '../buildbot/cached-master-config.js';
import type { BuildbotClient } from '../buildbot/client.js';
import { createBuildbotClient, type BuildbotClientOptions } from '../buildbot/rest-client.js';
import type { MasterConfig } from '../buildbot/schemas.js';
import type { MasterSettings } from '../config/masters-schema.js';
import type { BotMetrics } from '../metrics/bot-metrics.js';
import { createFailoverClient } from './failover-client.js';
import { FrontEnds } from './front-ends.js';

export interface Master {
  readonly name: string;
  readonly settings: MasterSettings;
  readonly client: BuildbotClient;
  /** The master's /config (title, buildbotURL, versions), cached. */
  masterConfig(): Promise<MasterConfig>;
  /** The web root in use now (the first of `urls` unless it failed over). */
  url(): string;
  /** Told when the bot moves to another front end of the master's cluster. */
  onMove(listener: (url: string, reason: string) => void): void;
}

export interface MasterSet {
  readonly list: readonly Master[];
  /** The first master: the only one in most configs. */
  readonly primary: Master;
  /** More than one master: answers and notifications name theirs. */
  readonly several: boolean;
  get(name: string): Master | undefined;
  /** Every builder name, `master/builder` when there are several masters (console completion). */
  builderNames(): Promise<string[]>;
}

export interface MasterSetOptions {
  masters: readonly MasterSettings[];
  logger: Logger;
  metrics?: BotMetrics;
  /** Tests: one client for the (single) master instead of a REST client. */
  client?: BuildbotClient;
}

/** What a REST client for this master needs besides its URL. */
export function clientOptions(settings: MasterSettings, logger: Logger): Omit<BuildbotClientOptions, 'url'> {
  return {
    ...(settings.user !== undefined ? { user: settings.user } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    logger,
  };
}

export function createMasterSet(options: MasterSetOptions): MasterSet {
  const several = options.masters.length > 1;
  const list = options.masters.map((settings): Master => {
    const logger = options.logger.child({ part: 'buildbot', ...(several ? { master: settings.name } : {}) });
    const frontEnds = new FrontEnds({ urls: settings.urls, failoverAfterMs: settings.failoverAfterSeconds * 1000, logger });
    const client =
      options.client ??
      createFailoverClient(frontEnds, (url) =>
        createBuildbotClient({
          url,
          ...clientOptions(settings, logger),
          ...(options.metrics ? { onRequest: options.metrics.observeMasterRequests(settings.name) } : {}),
        }),
      );
    return {
      name: settings.name,
      settings,
      client,
      masterConfig: cachedMasterConfig(client),
      url: () => frontEnds.current(),
      onMove: (listener) => frontEnds.onMove(listener),
    };
  });
  const [primary] = list;
  if (!primary) throw new Error('no master configured');
  return {
    list,
    primary,
    several,
    get: (name) => list.find((master) => master.name === name),
    async builderNames() {
      const names = await Promise.all(
        list.map(async (master) => (await master.client.listBuilders()).map((builder) => (several ? `${master.name}/${builder.name}` : builder.name))),
      );
      return names.flat();
    },
  };
}
