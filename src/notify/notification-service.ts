/**
 * The notification pipeline as one part with start/stop: the master's event stream feeds the
 * Notifier (which writes the outbox), and the OutboxSender delivers through the adapters.
 * Also the NotificationControl that `notify` and `watch` use.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { BuildbotClient } from '../buildbot/client.js';
import { EventStream, type EventStreamOptions } from '../buildbot/event-stream.js';
import type { MasterConfig } from '../buildbot/schemas.js';
import type { Adapter } from '../core/adapter.js';
import type { NotificationControl } from '../core/command.js';
import { forgetChat } from '../store/forget-chat.js';
import { moveChat } from '../store/move-chat.js';
import { Subscriptions } from '../store/subscriptions.js';
import { Watches } from '../store/watches.js';
import { ProcessedEvents } from '../store/processed-events.js';
import { DisconnectedWorkers, type DisconnectedWorker } from './disconnected-workers.js';
import type { AdapterNotifyOptions } from './notification-payloads.js';
import { Notifier } from './notifier.js';
import { OutboxSender } from './outbox-sender.js';

export interface NotificationServiceOptions {
  db: Database.Database;
  client: BuildbotClient;
  masterConfig: () => Promise<MasterConfig>;
  logger: Logger;
  /** The master's web root, for /ws. */
  masterUrl: string;
  tags: string[] | null;
  adapters: ReadonlyMap<string, Adapter>;
  adapterOptions: (adapter: string) => AdapterNotifyOptions;
  /** Some adapter shows revisions (useRevisions): read finished builds' properties again. */
  revisionsAtFinish?: boolean;
  /** Pending notifications older than this are dropped at start, with one line per chat. */
  maxAgeMs: number;
  /** A worker disconnected this long is reported missing; 0: only when the master says so. */
  workerMissingAfterMs?: number;
  /** Tests: faster reconnects and polling. */
  stream?: Partial<Omit<EventStreamOptions, 'url' | 'logger'>>;
  retry?: { initialMs: number; maxMs: number };
  onDelivered?: (adapter: string, outcome: 'sent' | 'failed' | 'retry') => void;
}

export class NotificationService {
  readonly control: NotificationControl;
  readonly notifier: Notifier;
  readonly sender: OutboxSender;
  readonly events: EventStream;
  private readonly log: Logger;
  private readonly subscriptions: Subscriptions;
  private readonly disconnected: DisconnectedWorkers | null;

  constructor(private readonly options: NotificationServiceOptions) {
    const { db, logger } = options;
    this.log = logger.child({ part: 'notify' });
    const subscriptions = new Subscriptions(db);
    this.subscriptions = subscriptions;
    const watches = new Watches(db);
    const processed = new ProcessedEvents(db);
    this.control = {
      enable: (chat, events, filters) => subscriptions.enable(chat, events, filters),
      disable: (chat, events) => {
        subscriptions.disable(chat, events);
      },
      list: (chat) => subscriptions.list(chat),
      watch: (chat, build) => {
        const id = watches.add(chat, build);
        // The notifier reads a build's watches and handles its end without yielding, so the
        // end is either still to come (the watch will be told) or already handled (nothing
        // would tell the chat, nor remove the row).
        if (!processed.isProcessed(build.buildid, 'finished')) return true;
        watches.remove(id);
        return false;
      },
    };
    this.sender = new OutboxSender({
      db,
      adapters: options.adapters,
      logger: this.log,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.onDelivered ? { onDelivered: options.onDelivered } : {}),
      onPermanentFailure: (chat, reason) => {
        const forgotten = forgetChat(db, { adapter: chat.adapter, id: chat.chatId });
        this.log.warn({ chat: chat.chatKey, reason, ...forgotten }, 'chat is gone: its subscriptions and watches were removed');
      },
      onChatMoved: (chat, newChatId) => {
        const moved = moveChat(db, { adapter: chat.adapter, id: chat.chatId }, { adapter: chat.adapter, id: newChatId });
        this.log.warn(
          { chat: chat.chatKey, newChatId, ...moved },
          'chat moved to a new id (a Telegram group became a supergroup); if the config names the old id, name the new one',
        );
      },
    });
    this.notifier = new Notifier({
      db,
      client: options.client,
      masterConfig: options.masterConfig,
      logger: this.log,
      tags: options.tags,
      adapterOptions: options.adapterOptions,
      revisionsAtFinish: options.revisionsAtFinish ?? false,
      onEnqueued: () => this.sender.kick(),
    });
    this.events = new EventStream({ url: options.masterUrl, logger: logger.child({ part: 'events' }), ...options.stream });
    const graceMs = options.workerMissingAfterMs ?? 0;
    this.disconnected = graceMs > 0 ? new DisconnectedWorkers({ db, graceMs, onMissing: (worker) => void this.reportMissing(worker) }) : null;
    this.events.on('event', (event) => {
      if (event.kind === 'worker-disconnected') this.disconnected?.disconnected(event.worker.workerid, event.worker.name);
      if (event.kind === 'worker-connected') this.disconnected?.connected(event.worker.workerid);
      void this.notifier.handle(event);
    });
    // The master replays nothing: every (re)connect and every polling tick reads what was missed.
    this.events.on('connected', () => void this.notifier.catchUp());
    this.events.on('tick', () => void this.notifier.catchUp());
  }

  /** Turn on the config's notifyEvents for a chat (Buildbot: at every start, never off). */
  applyDefaults(chat: { adapter: string; id: string }, events: readonly string[]): void {
    if (events.length === 0) return;
    const added = this.subscriptions.applyDefaults(chat, events);
    if (added > 0) this.log.info({ chat: `${chat.adapter}:${chat.id}`, events }, 'notifications turned on from the config');
  }

  /** Call after the adapters have started: sends what is pending, then listens to the master. */
  start(): void {
    this.disconnected?.start();
    this.sender.dropStale(this.options.maxAgeMs);
    this.sender.kick();
    void this.notifier.catchUp();
    this.events.start();
  }

  /** Stop listening, finish what is being processed, then give deliveries `flushMs` to end. */
  async stop(flushMs = 5_000): Promise<void> {
    this.disconnected?.stop();
    await this.events.stop();
    await this.notifier.idle();
    await this.sender.stop(flushMs);
  }

  /** Its grace ran out; unless it came back while the bot was not listening, it is missing. */
  private async reportMissing(worker: DisconnectedWorker): Promise<void> {
    try {
      const now = (await this.options.client.listWorkers()).find((w) => w.workerid === worker.workerid);
      if (now && now.connected_to.length > 0) return;
    } catch (error) {
      this.log.warn({ err: error, worker: worker.name }, 'could not check whether a disconnected worker is back; reporting it missing');
    }
    const lastSeen = `${new Date(worker.at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    await this.notifier.handle({ kind: 'worker-missing', worker: { workerid: worker.workerid, name: worker.name, lastConnection: lastSeen } });
  }

  /** Tests and graceful stop: nothing being processed or delivered right now. */
  async idle(): Promise<void> {
    await this.notifier.idle();
    await this.sender.idle();
  }
}
