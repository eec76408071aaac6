/**
 * The bot's Prometheus metrics (prom-client), in a registry of its own so that several bots in
 * one process (tests) never share counters. Parts report through the small methods below; the
 * HTTP server serves `registry` at /metrics.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RequestSample } from '../buildbot/observe-transport.js';
import type { CommandOutcome } from '../core/dispatcher.js';

export type DeliveryOutcome = 'sent' | 'failed' | 'retry';

export interface BotMetricsOptions {
  /** Also export Node's process metrics (CPU, memory, event loop lag): only for a real server. */
  processMetrics?: boolean;
}

const PREFIX = 'buildbot_chat_';

/** A name typed by a user is not a label value: every typo would become a new time series. */
const UNKNOWN_COMMAND = '(unknown)';

export class BotMetrics {
  readonly registry = new Registry();
  private readonly commands: Counter<'command' | 'outcome' | 'adapter'>;
  private readonly denials: Counter<'command' | 'adapter'>;
  private readonly deliveries: Record<DeliveryOutcome, Counter<'adapter'>>;
  private readonly masterRequests: Histogram<'master' | 'method' | 'endpoint' | 'status'>;
  readonly eventLag: Histogram<'master' | 'event'>;
  readonly reconnects: Counter<'master'>;
  readonly streamConnected: Gauge<'master'>;
  readonly streamPolling: Gauge<'master'>;
  private readonly corruptions: Counter;

  constructor(options: BotMetricsOptions = {}) {
    const registers = [this.registry];
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    this.commands = new Counter({
      name: `${PREFIX}commands_total`,
      help: 'Chat commands handled, by command name, outcome (ok, denied, usage, unknown, failed, error) and adapter.',
      labelNames: ['command', 'outcome', 'adapter'],
      registers,
    });
    this.denials = new Counter({
      name: `${PREFIX}command_denials_total`,
      help: 'Commands refused by authz, by command name and adapter.',
      labelNames: ['command', 'adapter'],
      registers,
    });
    this.deliveries = {
      sent: new Counter({ name: `${PREFIX}notifications_sent_total`, help: 'Notifications delivered, by adapter.', labelNames: ['adapter'], registers }),
      failed: new Counter({
        name: `${PREFIX}notifications_failed_total`,
        help: 'Notifications given up for good (the chat is gone), by adapter.',
        labelNames: ['adapter'],
        registers,
      }),
      retry: new Counter({
        name: `${PREFIX}notification_retries_total`,
        help: 'Deliveries that failed for now and will be tried again, by adapter.',
        labelNames: ['adapter'],
        registers,
      }),
    };
    this.masterRequests = new Histogram({
      name: `${PREFIX}master_request_duration_seconds`,
      help: 'HTTP exchanges with the Buildbot masters, by master, method, endpoint and status ("error": no answer).',
      labelNames: ['master', 'method', 'endpoint', 'status'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.eventLag = new Histogram({
      name: `${PREFIX}event_lag_seconds`,
      help: "From a build event's time on the master to its arrival over /ws, by master and event (build-new, build-finished).",
      labelNames: ['master', 'event'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.reconnects = new Counter({
      name: `${PREFIX}event_stream_reconnects_total`,
      help: "A master's /ws event stream connected again after the first connection, by master.",
      labelNames: ['master'],
      registers,
    });
    this.streamConnected = new Gauge({
      name: `${PREFIX}event_stream_connected`,
      help: "1 while a master's /ws event stream is connected, by master.",
      labelNames: ['master'],
      registers,
    });
    this.streamPolling = new Gauge({
      name: `${PREFIX}event_stream_polling`,
      help: "1 while the bot polls a master's REST API because its /ws cannot be reached, by master.",
      labelNames: ['master'],
      registers,
    });
    this.corruptions = new Counter({
      name: `${PREFIX}database_corruptions_total`,
      help: 'Errors of the SQLite file saying it is damaged (SQLITE_CORRUPT) at run time; /healthz is 503 after the first.',
      registers,
    });
  }

  /** The database's onCorruption hook. */
  readonly countDatabaseCorruption = (): void => {
    this.corruptions.inc();
  };

  /** The Dispatcher's onOutcome hook. */
  readonly countCommand = (command: string, outcome: CommandOutcome, adapter: string): void => {
    const name = outcome === 'unknown' ? UNKNOWN_COMMAND : command;
    this.commands.inc({ command: name, outcome, adapter });
    if (outcome === 'denied') this.denials.inc({ command: name, adapter });
  };

  /** The OutboxSender's onDelivered hook. */
  readonly countDelivery = (adapter: string, outcome: DeliveryOutcome): void => {
    this.deliveries[outcome].inc({ adapter });
  };

  /** The REST client's onRequest hook, for one master. */
  observeMasterRequests(master: string): (sample: RequestSample) => void {
    return (sample) => this.masterRequests.observe({ master, method: sample.method, endpoint: sample.endpoint, status: String(sample.status) }, sample.seconds);
  }

  /** Notifications waiting in the outbox, by adapter: read from the database at each scrape. */
  observeBacklog(pendingByAdapter: () => Record<string, number>): void {
    new Gauge({
      name: `${PREFIX}notifications_pending`,
      help: 'Notifications waiting in the outbox, by adapter.',
      labelNames: ['adapter'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [adapter, count] of Object.entries(pendingByAdapter())) this.set({ adapter }, count);
      },
    });
  }

  /** The Prometheus text format, and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
