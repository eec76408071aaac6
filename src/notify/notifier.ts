/**
 * Turns master events into outbox entries, exactly once. Live events and catch-up reads run
 * one at a time through a single queue, so a build's "started" is always enqueued before its
 * "finished". Marking an event processed and enqueueing its messages is one transaction: a
 * crash in between loses nothing and repeats nothing.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { BuildbotClient } from '../buildbot/client.js';
import type { MasterEvent } from '../buildbot/event-stream.js';
import type { Build, Builder, MasterConfig } from '../buildbot/schemas.js';
import type { TemplateReply } from '../core/reply.js';
import { builderHasTags } from '../buildbot/builder-overview.js';
import { failingStep, readLogTail, type LogTail } from '../buildbot/log-tail.js';
import { EXCEPTION, FAILURE } from '../buildbot/results.js';
import type { Outbox } from '../store/outbox.js';
import type { ProcessedEvents } from '../store/processed-events.js';
import type { KeyValueStore } from '../store/state.js';
import type { Stores } from '../store/stores.js';
import type { Subscriptions } from '../store/subscriptions.js';
import type { Watches } from '../store/watches.js';
import { classifyFinishedBuild } from './classify-finished-build.js';
import { describeBuild, type BuildNotice } from './describe-build.js';
import { PreviousVerdicts } from './previous-verdicts.js';
import type { DatabaseHealth } from '../store/database-health.js';
import type { EventName } from './event-names.js';
import { filtersMatch } from './match-subscription.js';
import type { AdapterNotifyOptions } from '../core/platform.js';
import { buildFinishedReply, buildStartedReply, workerReply } from './notification-payloads.js';
import type { NotifyPeople } from './notify-people.js';

export interface NotifierOptions {
  db: Database.Database;
  stores: Pick<Stores, 'outbox' | 'subscriptions' | 'watches'>;
  /** Whose events these are: build and worker ids are only unique within one master. */
  master: { name: string; client: BuildbotClient; masterConfig: () => Promise<MasterConfig> };
  /** Name the master in notifications (the bot has several). */
  showMaster: boolean;
  /** This master's cursors and missing workers. */
  state: KeyValueStore;
  processed: ProcessedEvents;
  logger: Logger;
  tags: string[] | null;
  adapterOptions: (adapter: string) => AdapterNotifyOptions;
  /** Called after new messages were enqueued. */
  onEnqueued: () => void;
  /** How many builds one catch-up reads at most per query. */
  catchUpPageSize?: number;
  /**
   * Some chat shows revisions: read a finished build's properties again (got_revision is set
   * while it runs). Otherwise what was read when it started is reused, one request less.
   */
  revisionsAtFinish?: () => boolean;
  /** Corruption stops the notifier: its cursors stay before what it could not record. */
  database?: DatabaseHealth;
  /** Mentions, `--mine` subscriptions, mute and quiet hours (issue 15); absent: none of them. */
  people?: NotifyPeople;
  /**
   * Replaying recorded events (`buildbot-chat replay`, run RUN): each event is handled even when
   * it was before, nothing is marked processed, cursors, watches and missing workers stay as
   * they are, and outbox rows get dedupe keys starting with `replay:RUN:`, so the live stream
   * still reports the real event.
   */
  replayRun?: string;
}

/** Notices kept from builds' starts for their ends; more running builds than this is unusual. */
const MAX_STARTED_NOTICES = 2_000;

const CURSOR_BUILD = 'events.lastStartedBuildId';
const CURSOR_COMPLETE = 'events.lastCompleteAt';

interface Target {
  chatKey: string;
  adapter: string;
  chatId: string;
}

interface Message {
  target: Target;
  reply: TemplateReply | null;
  held?: string | null;
}

export class Notifier {
  private queue: Promise<void> = Promise.resolve();
  private readonly builders = new Map<number, Builder>();
  /** What each running build's start notice said (properties, link), reused when it finishes. */
  private readonly startNotices = new Map<number, BuildNotice>();
  private readonly verdicts: PreviousVerdicts;
  private readonly outbox: Outbox;
  private readonly processed: ProcessedEvents;
  private readonly state: KeyValueStore;
  private readonly subscriptions: Subscriptions;
  private readonly watches: Watches;
  private readonly client: BuildbotClient;
  private readonly master: string;

  constructor(private readonly options: NotifierOptions) {
    ({ outbox: this.outbox, subscriptions: this.subscriptions, watches: this.watches } = options.stores);
    this.processed = options.processed;
    this.state = options.state;
    this.client = options.master.client;
    this.master = options.master.name;
    this.verdicts = new PreviousVerdicts(this.client);
  }

  /** Queue a live event. Errors are logged; the event is read again at the next catch-up. */
  handle(event: MasterEvent): Promise<void> {
    return this.enqueueWork(`event ${event.kind}`, () => this.process(event));
  }

  /** Read what happened since the cursor (after a (re)connect, at start, or a polling tick). */
  catchUp(): Promise<void> {
    return this.enqueueWork('catch-up', () => this.readSinceCursor());
  }

  /** Resolves when every queued piece of work is done. */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueueWork(what: string, work: () => Promise<void>): Promise<void> {
    const { database, logger } = this.options;
    const guarded = async (): Promise<void> => {
      // A later event recorded after an unrecorded one would move the cursor past it.
      if (database?.damaged) logger.debug(`notifications: ${what} skipped, the database is damaged; catch-up reads it after the repair`);
      else await work();
    };
    this.queue = this.queue.then(guarded).catch((error: unknown) => {
      if (database?.noteError(error, `notifications: ${what}`)) return;
      logger.warn({ err: error }, `notifications: ${what} failed; it will be retried at the next catch-up`);
    });
    return this.queue;
  }

  private async process(event: MasterEvent): Promise<void> {
    if (event.kind === 'build-new') await this.buildStarted(event.build);
    else if (event.kind === 'build-finished') await this.buildFinished(event.build);
    else if (event.kind === 'worker-missing') this.workerChanged(event.worker, 'missing');
    else if (event.kind === 'worker-connected') this.workerChanged(event.worker, 'back');
    else if (event.kind === 'worker-state') this.workerPauseChanged(event.worker);
  }

  private async readSinceCursor(): Promise<void> {
    const { client } = this;
    const lastBuildId = this.state.get<number>(CURSOR_BUILD);
    const lastCompleteAt = this.state.get<number>(CURSOR_COMPLETE);
    if (lastBuildId === undefined || lastCompleteAt === undefined) {
      // First start with this database: history is not news. Start from now, taken before the
      // query, so a build that ends while it runs is still read at the next catch-up.
      const now = Math.floor(Date.now() / 1000);
      const [newest] = await client.listBuilds({ order: '-buildid', limit: 1 });
      this.state.set(CURSOR_BUILD, newest?.buildid ?? 0);
      this.state.set(CURSOR_COMPLETE, now);
      return;
    }
    this.verdicts.forget();
    const limit = this.options.catchUpPageSize ?? 500;
    const [started, finished] = await Promise.all([
      client.listBuilds({ buildidAfter: lastBuildId, order: 'buildid', limit }),
      client.listBuilds({ complete: true, completedSince: lastCompleteAt, order: 'complete_at', limit }),
    ]);
    type Step = { at: number; run: () => Promise<void> };
    const steps: Step[] = [
      ...started.map((build) => ({ at: build.started_at, run: () => this.buildStarted(build) })),
      ...finished.map((build) => ({ at: build.complete_at ?? build.started_at, run: () => this.buildFinished(build) })),
    ];
    steps.sort((a, b) => a.at - b.at);
    for (const step of steps) await step.run();
  }

  private async builder(builderid: number): Promise<Builder | null> {
    const known = this.builders.get(builderid);
    if (known) return known;
    const builder = await this.client.getBuilderById(builderid);
    if (builder) this.builders.set(builderid, builder);
    return builder;
  }

  private async notice(build: Build, known?: BuildNotice): Promise<BuildNotice | null> {
    const builder = await this.builder(build.builderid);
    if (!builder || !builderHasTags(builder, this.options.tags)) return null;
    const config = await this.options.master.masterConfig();
    const blameAlways = this.options.people?.wantsAllBlame() ?? false;
    return describeBuild(this.client, builder, build, config.buildbotURL, this.options.showMaster ? this.master : null, known, blameAlways);
  }

  private async finishedNotice(build: Build): Promise<BuildNotice | null> {
    const known = this.startNotices.get(build.buildid);
    this.startNotices.delete(build.buildid);
    return this.notice(build, this.options.revisionsAtFinish?.() ? undefined : known);
  }

  private async buildStarted(build: Build): Promise<void> {
    if (this.alreadyHandled(build.buildid, 'started')) return;
    const notice = await this.notice(build);
    if (notice) {
      this.startNotices.set(build.buildid, notice);
      if (this.startNotices.size > MAX_STARTED_NOTICES) this.startNotices.delete(this.startNotices.keys().next().value as number);
    }
    const targets = notice ? this.subscribers(new Set<EventName>(['started']), notice) : [];
    const started = new Set<string>(['started']);
    const messages = targets.map((t) => this.personal(t, started, notice, notice && buildStartedReply(notice, this.options.adapterOptions(t.adapter), this.master)));
    this.commit(build.buildid, 'started', messages, () => {
      this.advanceCursor(CURSOR_BUILD, build.buildid);
    });
  }

  private async buildFinished(build: Build): Promise<void> {
    if (this.alreadyHandled(build.buildid, 'finished')) return;
    const notice = await this.finishedNotice(build);
    const full = notice ? { ...build, results: notice.result } : build;
    const events = classifyFinishedBuild(full.results, notice ? await this.verdicts.before(build) : null);
    this.verdicts.remember(build, full.results);
    const subscribed = notice ? this.subscribers(events, notice) : [];
    const watching = notice ? this.watches.forBuild(this.master, build.buildid) : [];
    const targets = new Map<string, Target>();
    for (const t of [...subscribed, ...watching]) targets.set(t.chatKey, { chatKey: t.chatKey, adapter: t.adapter, chatId: t.chatId });
    const tail = notice ? await this.failureTail(notice, [...targets.values()]) : null;
    this.commit(
      build.buildid,
      'finished',
      [...targets.values()].map((t) => {
        const reply = notice && buildFinishedReply(notice, this.options.adapterOptions(t.adapter), this.master, tail);
        // a watch is an answer to a command: never held, whatever the chat's mute
        return watching.some((w) => w.chatKey === t.chatKey) ? { target: t, reply } : this.personal(t, events, notice, reply);
      }),
      () => {
        for (const w of this.watches.forBuild(this.master, build.buildid)) this.watches.remove(w.id);
        this.advanceCursor(CURSOR_COMPLETE, build.complete_at ?? 0);
      },
    );
  }

  /**
   * The failing step's last lines for a failed build, as many as the most any target's adapter
   * wants (logTailLines); each reply keeps its own adapter's share. Without them the
   * notification still goes out: a log that cannot be read is logged, not retried.
   */
  private async failureTail(notice: BuildNotice, targets: Target[]): Promise<LogTail | null> {
    if (notice.result !== FAILURE && notice.result !== EXCEPTION) return null;
    const lines = Math.max(0, ...targets.map((t) => this.options.adapterOptions(t.adapter).logTailLines));
    if (lines === 0) return null;
    try {
      const step = failingStep(await this.client.listSteps(notice.buildid));
      return step ? await readLogTail(this.client, notice.buildid, step, lines) : null;
    } catch (error) {
      this.options.logger.warn({ err: error, buildid: notice.buildid }, 'could not read the failing step of a build for its notification; sending it without');
      return null;
    }
  }

  private workerChanged(worker: { workerid: number; name: string; lastConnection: string | null }, kind: 'missing' | 'back'): void {
    const missingKey = `workers.missing.${worker.workerid}`;
    const wasMissing = this.state.get<string>(missingKey);
    // back only after missing, and missing once until back (the master's own "missing" may
    // come an hour after the one the disconnection grace reported)
    const replaying = this.options.replayRun !== undefined;
    if (kind === 'back' && wasMissing === undefined && !replaying) return;
    if (kind === 'missing' && wasMissing !== undefined && !replaying) return;
    const eventKey = kind === 'missing' ? `worker-missing:${worker.lastConnection ?? ''}` : `worker-back:${wasMissing ?? ''}`;
    if (this.alreadyHandled(worker.workerid, eventKey)) return;
    const targets = this.subscriptions.subscribersOf('worker').filter((sub) => sub.filters.masters.length === 0 || sub.filters.masters.includes(this.master));
    const workerEvent = new Set<string>(['worker']);
    const reply = workerReply(kind, worker.name, worker.lastConnection, this.options.showMaster ? this.master : null);
    this.commit(worker.workerid, eventKey, targets.map((t) => this.personal(t, workerEvent, null, reply)), () => {
      if (kind === 'missing') this.state.set(missingKey, worker.lastConnection ?? String(Date.now()));
      else this.state.delete(missingKey);
    });
  }

  /**
   * The master sends state_updated for a pause, an unpause, a graceful shutdown and every
   * reconnection, with the worker's flags but not what changed: the last paused flag seen is
   * kept, and only a change is told. A worker never seen paused counts as running (a master
   * starts its workers unpaused).
   */
  private workerPauseChanged(worker: { workerid: number; name: string; paused: boolean }): void {
    const pausedKey = `workers.paused.${worker.workerid}`;
    const wasPaused = this.state.get<boolean>(pausedKey) ?? false;
    if (wasPaused === worker.paused) return;
    // each change is a new event: a counter keeps a later pause apart from an earlier one
    const changesKey = `workers.pauseChanges.${worker.workerid}`;
    const changes = (this.state.get<number>(changesKey) ?? 0) + 1;
    const kind = worker.paused ? 'paused' : 'unpaused';
    const targets = this.subscriptions.subscribersOf('worker');
    this.commit(worker.workerid, `worker-${kind}:${changes}`, targets.map((t) => ({ target: t, reply: workerReply(kind, worker.name, null, this.options.showMaster ? this.master : null) })), () => {
      this.state.set(pausedKey, worker.paused);
      this.state.set(changesKey, changes);
    });
  }

  private subscribers(events: Set<EventName>, notice: BuildNotice): Target[] {
    const facts = { master: this.master, builder: notice.builder, tags: notice.tags, branch: notice.branch };
    const chats = new Map<string, Target>();
    for (const event of events) {
      for (const sub of this.subscriptions.subscribersOf(event)) {
        const adapterTags = this.options.adapterOptions(sub.adapter).tags;
        if (adapterTags && !adapterTags.some((tag) => notice.tags.includes(tag))) continue;
        if (!filtersMatch(sub.filters, facts)) continue;
        if (sub.filters.mine !== undefined && !this.options.people?.involves(sub.filters.mine, notice)) continue;
        chats.set(sub.chatKey, sub);
      }
    }
    return [...chats.values()];
  }

  /** The chat's own take on a notification: people mentioned, held while muted or quiet. */
  private personal(target: Target, events: ReadonlySet<string>, notice: BuildNotice | null, reply: TemplateReply | null): Message {
    const { people } = this.options;
    if (!people || !reply) return { target, reply };
    return { target, ...people.shape(target, events, notice, reply) };
  }

  private alreadyHandled(id: number, kind: string): boolean {
    return this.options.replayRun === undefined && this.processed.isProcessed(id, kind);
  }

  /** One transaction: the event is marked processed and its messages enqueued, or neither. */
  private commit(id: number, kind: string, messages: Message[], also: () => void): void {
    let enqueued = 0;
    const replay = this.options.replayRun;
    this.options.db.transaction(() => {
      if (replay === undefined && !this.processed.markProcessed(id, kind)) return;
      for (const { target, reply, held } of messages) {
        if (!reply) continue;
        const added = this.outbox.enqueue({
          chatKey: target.chatKey,
          adapter: target.adapter,
          chatId: target.chatId,
          payload: JSON.stringify(reply),
          dedupeKey: `${replay === undefined ? '' : `replay:${replay}:`}${this.master}:${kind}:${id}:${target.chatKey}`,
          createdAt: Date.now(),
          held: held ?? null,
        });
        if (added !== null) enqueued++;
      }
      if (replay === undefined) also();
    })();
    if (enqueued > 0) this.options.onEnqueued();
  }

  private advanceCursor(key: string, value: number): void {
    if (value > (this.state.get<number>(key) ?? 0)) this.state.set(key, value);
  }
}
