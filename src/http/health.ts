/**
 * GET /healthz: the state of each part as JSON, 200 when every part works and 503 when one is
 * down (`down` names which), so a load balancer, systemd watchdog script or Kubernetes probe
 * can act on the status alone and a person can read why.
 */
import type { MasterProbeResult } from '../buildbot/master-probe.js';
import type { Adapter } from '../core/adapter.js';
import type { RouteHandler } from './http-server.js';

export interface HealthSources {
  /** Cached: see buildbot/master-probe.ts. */
  master: () => Promise<MasterProbeResult>;
  events: { isConnected(): boolean; readonly mode: string };
  /** Read at each check: adapters added after the route was made count too. */
  adapters: readonly Pick<Adapter, 'name' | 'isConnected'>[];
  /** Notifications waiting in the outbox, by adapter. */
  pendingByAdapter: () => Record<string, number>;
}

export interface HealthReport {
  status: 'ok' | 'down';
  /** The parts that are down, e.g. ["master", "adapters.irc"]. */
  down: string[];
  master: { ok: boolean; checkedAt: string; error?: string };
  /** Polling (the /ws endpoint cannot be reached but REST can) is slower, not down. */
  events: { ok: boolean; connected: boolean; mode: string };
  adapters: Record<string, { ok: boolean; connected: boolean }>;
  /** Informational: a backlog alone does not make the bot unhealthy. */
  outbox: { pending: number; pendingByAdapter: Record<string, number> };
}

export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const probe = await sources.master();
  const connected = sources.events.isConnected();
  const events = { ok: connected || sources.events.mode === 'polling', connected, mode: sources.events.mode };
  const adapters = Object.fromEntries(
    sources.adapters.map((adapter) => {
      const up = adapter.isConnected();
      return [adapter.name, { ok: up, connected: up }];
    }),
  );
  const pendingByAdapter = sources.pendingByAdapter();
  const down = [
    ...(probe.ok ? [] : ['master']),
    ...(events.ok ? [] : ['events']),
    ...Object.entries(adapters)
      .filter(([, state]) => !state.ok)
      .map(([name]) => `adapters.${name}`),
  ];
  return {
    status: down.length === 0 ? 'ok' : 'down',
    down,
    master: { ok: probe.ok, checkedAt: new Date(probe.checkedAt).toISOString(), ...(probe.error !== undefined ? { error: probe.error } : {}) },
    events,
    adapters,
    outbox: { pending: Object.values(pendingByAdapter).reduce((sum, count) => sum + count, 0), pendingByAdapter },
  };
}

export function healthRoute(sources: HealthSources): RouteHandler {
  return async (_request, response) => {
    const report = await checkHealth(sources);
    response
      .writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
      .end(`${JSON.stringify(report, null, 2)}\n`);
  };
}
