/**
 * The HTTP server when the config has `http:`: /healthz (each master, its event stream, each
 * adapter, the outbox) and /metrics. Platforms add their own routes (webhooks) when they start.
 */
import type { Logger } from 'pino';
import type { BuildbotClient } from '../buildbot/client.js';
import { cachedMasterProbe } from '../buildbot/master-probe.js';
import { createBuildbotClient } from '../buildbot/rest-client.js';
import type { Config } from '../config/schema.js';
import type { Adapter } from '../core/adapter.js';
import { healthRoute } from '../http/health.js';
import { HttpServer } from '../http/http-server.js';
import { metricsRoute } from '../http/metrics-route.js';
import { clientOptions, type MasterSet } from '../masters/master-set.js';
import type { BotMetrics } from '../metrics/bot-metrics.js';
import { observeEventStream } from '../metrics/observe-event-stream.js';
import { outboxBacklog } from '../metrics/outbox-backlog.js';
import type { NotificationService } from '../notify/notification-service.js';

/** /healthz asks a master at most this often, and never waits longer than this for it. */
const MASTER_PROBE_TIMEOUT_MS = 5_000;

export interface OpenHttpOptions {
  config: Pick<Config, 'http'>;
  logger: Logger;
  metrics: BotMetrics;
  masters: MasterSet;
  notifications: NotificationService;
  /** Read at each check: adapters started after the route was made count too. */
  adapters: readonly Adapter[];
  /** Tests: a client that answers the probe (no REST client of its own). */
  probeWith?: boolean;
  /** How long /healthz reuses a master's answer (default 5 s). */
  probeTtlMs?: number;
}

export function openHttp(options: OpenHttpOptions): HttpServer | undefined {
  const { config, logger, metrics, masters, notifications } = options;
  for (const pipeline of notifications.pipelines) observeEventStream(pipeline.events, pipeline.master.name, metrics);
  const backlog = outboxBacklog(notifications.stores.outbox);
  metrics.observeBacklog(backlog);
  if (!config.http) return undefined;
  const server = new HttpServer({ ...config.http, logger: logger.child({ part: 'http' }) });
  const sources = notifications.pipelines.map(({ master, events }) => {
    // A health check must answer quickly: one try, a short timeout, no retries, at the front
    // end in use now.
    const settings = master.settings;
    const probeClients = new Map<string, BuildbotClient>();
    const probeClient = (url: string): BuildbotClient => {
      const known = probeClients.get(url);
      if (known) return known;
      const client = createBuildbotClient({
        url,
        ...clientOptions(settings, logger.child({ part: 'health', master: master.name })),
        timeoutMs: Math.min(settings.timeoutMs ?? MASTER_PROBE_TIMEOUT_MS, MASTER_PROBE_TIMEOUT_MS),
        retry: { attempts: 1 },
      });
      probeClients.set(url, client);
      return client;
    };
    const read = options.probeWith ? () => master.client.listMasters() : () => probeClient(master.url()).listMasters();
    const probe = cachedMasterProbe({ read, ...(options.probeTtlMs !== undefined ? { ttlMs: options.probeTtlMs } : {}) });
    return { name: master.name, url: () => master.url(), probe, events };
  });
  server.route('GET', '/healthz', healthRoute({ masters: sources, adapters: options.adapters, pendingByAdapter: backlog, database: () => notifications.database.report() }));
  server.route('GET', '/metrics', metricsRoute(metrics));
  return server;
}
