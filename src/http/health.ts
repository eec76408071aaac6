/**
 * GET /healthz: the state of each part as JSON, 200 when every part works and 503 when one is
 * down (`down` names which), so a load balancer, systemd watchdog script or Kubernetes probe
 * can act on the status alone and a person can read why.
 */
import type { MasterProbeResult } from '../buildbot/master-probe.js';
import type { Adapter } from '../core/adapter.js';
import type { DatabaseHealthReport } from '../store/database-health.js';
import type { RouteHandler } from './http-server.js';

export interface MasterHealthSource {
  name: string;
  /** The web root in use (it changes when a cluster fails over). */
  url(): string;
  /** Cached: see buildbot/master-probe.ts. */
  probe: () => Promise<MasterProbeResult>;
  events: { isConnected(): boolean; readonly mode: string };
}

export interface HealthSources {
  masters: readonly MasterHealthSource[];
  /** Read at each check: adapters added after the route was made count too. */
  adapters: readonly Pick<Adapter, 'name' | 'isConnected'>[];
  /** Notifications waiting in the outbox, by adapter. */
  pendingByAdapter: () => Record<string, number>;
  /** The bot's SQLite file: down once it was found damaged at run time. */
  database?: () => DatabaseHealthReport;
}

interface MasterReport {
  ok: boolean;
  checkedAt: string;
  error?: string;
  url: string;
}

/** Polling (the /ws endpoint cannot be reached but REST can) is slower, not down. */
interface EventsReport {
  ok: boolean;
  connected: boolean;
  mode: string;
}

export interface HealthReport {
  status: 'ok' | 'down';
  /**
   * The parts that are down, e.g. ["master", "adapters.irc"]; with several masters each is
   * named: ["masters.main", "masters.main.events"].
   */
  down: string[];
  /** With one master: that master and its event stream. */
  master?: MasterReport;
  events?: EventsReport;
  /** Every master, by name, with its event stream. */
  masters: Record<string, MasterReport & { events: EventsReport }>;
  adapters: Record<string, { ok: boolean; connected: boolean }>;
  database: DatabaseHealthReport;
  /** Informational: a backlog alone does not make the bot unhealthy. */
  outbox: { pending: number; pendingByAdapter: Record<string, number> };
}

async function checkMaster(source: MasterHealthSource): Promise<MasterReport & { events: EventsReport }> {
  const probe = await source.probe();
  const connected = source.events.isConnected();
  return {
    ok: probe.ok,
    checkedAt: new Date(probe.checkedAt).toISOString(),
    ...(probe.error !== undefined ? { error: probe.error } : {}),
    url: source.url(),
    events: { ok: connected || source.events.mode === 'polling', connected, mode: source.events.mode },
  };
}

export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const masters = Object.fromEntries(await Promise.all(sources.masters.map(async (source) => [source.name, await checkMaster(source)] as const)));
  const single = sources.masters.length === 1 ? Object.values(masters)[0] : undefined;
  const mastersDown = Object.entries(masters).flatMap(([name, state]) => [
    ...(state.ok ? [] : [single ? 'master' : `masters.${name}`]),
    ...(state.events.ok ? [] : [single ? 'events' : `masters.${name}.events`]),
  ]);
  const adapters = Object.fromEntries(
    sources.adapters.map((adapter) => {
      const up = adapter.isConnected();
      return [adapter.name, { ok: up, connected: up }];
    }),
  );
  const database = sources.database?.() ?? { ok: true };
  let pendingByAdapter: Record<string, number> = {};
  try {
    pendingByAdapter = sources.pendingByAdapter();
  } catch {
    // A damaged outbox cannot be counted; `database` says why.
  }
  const down = [
    ...mastersDown,
    ...Object.entries(adapters)
      .filter(([, state]) => !state.ok)
      .map(([name]) => `adapters.${name}`),
    ...(database.ok ? [] : ['database']),
  ];
  return {
    status: down.length === 0 ? 'ok' : 'down',
    down,
    ...(single ? { master: { ok: single.ok, checkedAt: single.checkedAt, ...(single.error !== undefined ? { error: single.error } : {}), url: single.url }, events: single.events } : {}),
    masters,
    adapters,
    database,
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
