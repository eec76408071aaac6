/**
 * The notification pipeline as one part with start/stop: each master's event stream feeds its
 * Notifier (master-pipeline.ts), which writes the outbox, and one OutboxSender delivers through
 * the adapters, handed over as they start. Also the NotificationControl that `notify` and
 * `watch` use.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { EventStreamOptions } from '../buildbot/event-stream.js';
import type { Config } from '../config/schema.js';
import type { Adapter } from '../core/adapter.js';
import type { NotificationControl } from '../core/command.js';
import { PLAIN_NOTIFY_OPTIONS, type AdapterNotifyOptions } from '../core/platform.js';
import type { MasterSet } from '../masters/master-set.js';
import { forgetChat } from '../store/forget-chat.js';
import { moveChat } from '../store/move-chat.js';
import { openStores, type Stores } from '../store/stores.js';
import { MasterPipeline } from './master-pipeline.js';
import { DatabaseHealth } from '../store/database-health.js';
import type { NotifyPeople } from './notify-people.js';
import { OutboxSender } from './outbox-sender.js';
import { sendTestNotification } from './test-notification.js';

export interface NotificationServiceOptions {
  db: Database.Database;
  logger: Logger;
  masters: MasterSet;
  config: Pick<Config, 'tags'> & { notify: Pick<Config['notify'], 'maxAgeMinutes' | 'workerMissingAfterMinutes'> };
  /** Tests: faster reconnects and polling. */
  stream?: Partial<Omit<EventStreamOptions, 'url' | 'logger'>>;
  retry?: { initialMs: number; maxMs: number };
  onDelivered?: (adapter: string, outcome: 'sent' | 'failed' | 'retry') => void;
  /** Each run-time corruption error of the database (the metrics counter). */
  onDatabaseCorruption?: () => void;
  /** Mentions, `--mine`, mute and quiet hours (src/people/). */
  people?: NotifyPeople;
}

export class NotificationService {
  readonly control: NotificationControl;
  readonly sender: OutboxSender;
  readonly pipelines: readonly MasterPipeline[];
  readonly stores: Stores;
  /** Corruption of the database seen at run time (for /healthz). */
  readonly database: DatabaseHealth;
  private readonly log: Logger;
  /** How each started adapter's chats see notifications. */
  private readonly notifyOptions = new Map<string, AdapterNotifyOptions>();

  constructor(private readonly options: NotificationServiceOptions) {
    const { db, logger, masters, config } = options;
    this.log = logger.child({ part: 'notify' });
    this.database = new DatabaseHealth({
      path: db.name,
      logger: this.log,
      ...(options.onDatabaseCorruption ? { onCorruption: options.onDatabaseCorruption } : {}),
    });
    const stores = openStores(db);
    this.stores = stores;
    this.sender = new OutboxSender({
      outbox: stores.outbox,
      logger: this.log,
      database: this.database,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.onDelivered ? { onDelivered: options.onDelivered } : {}),
      onPermanentFailure: (chat, reason) => {
        const forgotten = forgetChat(db, stores, { adapter: chat.adapter, id: chat.chatId });
        this.log.warn({ chat: chat.chatKey, reason, ...forgotten }, 'chat is gone: its subscriptions and watches were removed');
      },
      onChatMoved: (chat, newChatId) => {
        const moved = moveChat(db, stores, { adapter: chat.adapter, id: chat.chatId }, { adapter: chat.adapter, id: newChatId });
        this.log.warn(
          { chat: chat.chatKey, newChatId, ...moved },
          'chat moved to a new id (a Telegram group became a supergroup); if the config names the old id, name the new one',
        );
      },
    });
    // a master's own tags, else the global option
    const tagsOf = (master: MasterSet['list'][number]): string[] | null => master.settings.tags ?? config.tags ?? null;
    this.pipelines = masters.list.map(
      (master) =>
        new MasterPipeline({
          db,
          stores,
          master,
          showMaster: masters.several,
          logger: masters.several ? this.log.child({ master: master.name }) : this.log,
          tags: tagsOf(master),
          adapterOptions: (adapter) => this.notifyOptions.get(adapter) ?? PLAIN_NOTIFY_OPTIONS,
          revisionsAtFinish: () => [...this.notifyOptions.values()].some((notify) => notify.useRevisions),
          workerMissingAfterMs: config.notify.workerMissingAfterMinutes * 60_000,
          onEnqueued: () => this.sender.kick(),
          database: this.database,
          ...(options.stream ? { stream: options.stream } : {}),
          ...(options.people ? { people: options.people } : {}),
        }),
    );
    this.control = {
      enable: (chat, events, filters) => stores.subscriptions.enable(chat, events, filters),
      disable: (chat, events) => {
        stores.subscriptions.disable(chat, events);
      },
      list: (chat) => stores.subscriptions.list(chat),
      watch: (chat, build) => {
        const id = stores.watches.add(chat, build);
        // The notifier reads a build's watches and handles its end without yielding, so the
        // end is either still to come (the watch will be told) or already handled (nothing
        // would tell the chat, nor remove the row).
        const pipeline = this.pipelines.find((p) => p.master.name === build.master);
        if (!pipeline?.processed.isProcessed(build.buildid, 'finished')) return true;
        stores.watches.remove(id);
        return false;
      },
      test: (chat, wanted) =>
        sendTestNotification(
          {
            stores,
            masters: masters.list.map((master) => ({ name: master.name, client: master.client, masterConfig: master.masterConfig, tags: tagsOf(master) })),
            showMaster: masters.several,
            adapterOptions: (adapter) => this.notifyOptions.get(adapter) ?? PLAIN_NOTIFY_OPTIONS,
            onEnqueued: () => this.sender.kick(),
          },
          chat,
          wanted,
        ),
    };
  }

  /** Turn on the config's notifyEvents for a chat (Buildbot: at every start, never off). */
  applyDefaults(chat: { adapter: string; id: string }, events: readonly string[]): void {
    if (events.length === 0) return;
    const added = this.stores.subscriptions.applyDefaults(chat, events);
    if (added > 0) this.log.info({ chat: `${chat.adapter}:${chat.id}`, events }, 'notifications turned on from the config');
  }

  /** An adapter that has started: its chats get notifications from now on, shown its way. */
  attach(adapter: Adapter, notify: AdapterNotifyOptions): void {
    this.setNotifyOptions(adapter.name, notify);
    this.sender.attach(adapter);
  }

  /** How the chats of the adapter so named see notifications (a replay's dry run starts none). */
  setNotifyOptions(adapter: string, notify: AdapterNotifyOptions): void {
    this.notifyOptions.set(adapter, notify);
  }

  /** Call after the adapters have started: sends what is pending, then listens to the masters. */
  start(): void {
    this.sender.dropStale(this.options.config.notify.maxAgeMinutes * 60_000);
    this.sender.start();
    for (const pipeline of this.pipelines) pipeline.start();
  }

  /** Stop listening, finish what is being processed, then give deliveries `flushMs` to end. */
  async stop(flushMs = 5_000): Promise<void> {
    await Promise.all(this.pipelines.map((pipeline) => pipeline.stop()));
    await this.sender.stop(flushMs);
  }

  /** Tests and graceful stop: nothing being processed or delivered right now. */
  async idle(): Promise<void> {
    await Promise.all(this.pipelines.map((pipeline) => pipeline.notifier.idle()));
    await this.sender.idle();
  }
}
