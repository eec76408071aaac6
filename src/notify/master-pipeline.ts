/**
 * One master's half of the notification path: its event stream feeds its Notifier, which
 * writes the shared outbox. Each master has its own stream, cursors and processed events, so
 * one master's outage never holds up another's notifications.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { EventStream, type EventStreamOptions } from '../buildbot/event-stream.js';
import type { Master } from '../masters/master-set.js';
import { ProcessedEvents } from '../store/processed-events.js';
import type { Stores } from '../store/stores.js';
import { DisconnectedWorkers, type DisconnectedWorker } from './disconnected-workers.js';
import type { DatabaseHealth } from '../store/database-health.js';
import type { NotifyPeople } from './notify-people.js';
import { Notifier, type NotifierOptions } from './notifier.js';

export interface MasterPipelineOptions {
  db: Database.Database;
  stores: Stores;
  master: Master;
  showMaster: boolean;
  logger: Logger;
  tags: string[] | null;
  adapterOptions: NotifierOptions['adapterOptions'];
  revisionsAtFinish: () => boolean;
  /** A worker disconnected this long is reported missing; 0: only when the master says so. */
  workerMissingAfterMs: number;
  onEnqueued: () => void;
  /** Corruption of the database stops this master's notifier (see store/database-health.ts). */
  database?: DatabaseHealth;
  stream?: Partial<Omit<EventStreamOptions, 'url' | 'logger'>>;
  /** Mentions, `--mine`, mute and quiet hours (src/people/). */
  people?: NotifyPeople;
}

export class MasterPipeline {
  readonly master: Master;
  readonly events: EventStream;
  readonly notifier: Notifier;
  readonly processed: ProcessedEvents;
  private readonly disconnected: DisconnectedWorkers | null;
  private readonly log: Logger;
  private readonly notifierOptions: NotifierOptions;

  constructor(options: MasterPipelineOptions) {
    const { db, stores, master } = options;
    this.master = master;
    this.log = options.logger;
    this.processed = new ProcessedEvents(db, master.name);
    const state = stores.state.scoped(`master.${master.name}.`);
    this.notifierOptions = {
      db,
      stores,
      master,
      showMaster: options.showMaster,
      state,
      processed: this.processed,
      logger: this.log,
      tags: options.tags,
      adapterOptions: options.adapterOptions,
      revisionsAtFinish: options.revisionsAtFinish,
      onEnqueued: options.onEnqueued,
      ...(options.database ? { database: options.database } : {}),
      ...(options.people ? { people: options.people } : {}),
    };
    this.notifier = new Notifier(this.notifierOptions);
    this.events = new EventStream({ url: () => master.url(), logger: this.log.child({ part: 'events' }), ...options.stream });
    // A dropped stream may mean its front end is gone: one read tells the failover client,
    // which moves on if so; the stream then follows to the new front end at once.
    this.events.on('disconnected', (reason) => {
      if (reason !== 'stopped') void master.client.listMasters().catch(() => undefined);
    });
    master.onMove(() => this.events.moved());
    const graceMs = options.workerMissingAfterMs;
    this.disconnected = graceMs > 0 ? new DisconnectedWorkers({ state, graceMs, onMissing: (worker) => void this.reportMissing(worker) }) : null;
    this.events.on('event', (event) => {
      if (event.kind === 'worker-disconnected') this.disconnected?.disconnected(event.worker.workerid, event.worker.name);
      if (event.kind === 'worker-connected') this.disconnected?.connected(event.worker.workerid);
      void this.notifier.handle(event);
    });
    // The master replays nothing: every (re)connect and every polling tick reads what was missed.
    this.events.on('connected', () => void this.notifier.catchUp());
    this.events.on('tick', () => void this.notifier.catchUp());
  }

  start(): void {
    this.disconnected?.start();
    void this.notifier.catchUp();
    this.events.start();
  }

  async stop(): Promise<void> {
    this.disconnected?.stop();
    await this.events.stop();
    await this.notifier.idle();
  }

  /**
   * A notifier of this master's events for `buildbot-chat replay`: the same subscriptions,
   * filters and templates, but it marks nothing processed and moves no cursor (see
   * NotifierOptions.replayRun). Whoever replays delivers the rows itself.
   */
  replayNotifier(run: string): Notifier {
    return new Notifier({ ...this.notifierOptions, replayRun: run, onEnqueued: () => undefined });
  }

  /** Its grace ran out; unless it came back while the bot was not listening, it is missing. */
  private async reportMissing(worker: DisconnectedWorker): Promise<void> {
    try {
      const now = (await this.master.client.listWorkers()).find((w) => w.workerid === worker.workerid);
      if (now && now.connected_to.length > 0) return;
    } catch (error) {
      this.log.warn({ err: error, worker: worker.name }, 'could not check whether a disconnected worker is back; reporting it missing');
    }
    const lastSeen = `${new Date(worker.at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    await this.notifier.handle({ kind: 'worker-missing', worker: { workerid: worker.workerid, name: worker.name, lastConnection: lastSeen } });
  }
}
