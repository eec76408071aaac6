/**
 * Notification throughput (issue 3): 10,000 chats subscribed to `finished`, the notification
 * pipeline (event stream, notifier, SQLite outbox, sender) against the in-process fake master,
 * delivering to an adapter that accepts at once. Per build: from the master publishing
 * `finished` to the 10,000 entries committed to the outbox (the notifier kicks the sender right
 * after its transaction), and deliveries per second until the last is marked sent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { masterSettings } from '../src/config/masters-schema.js';
import type { Adapter } from '../src/core/adapter.js';
import { PLAIN_NOTIFY_OPTIONS } from '../src/core/platform.js';
import { createMasterSet } from '../src/masters/master-set.js';
import { NotificationService } from '../src/notify/notification-service.js';
import { openDatabase } from '../src/store/open-database.js';
import { Subscriptions } from '../src/store/subscriptions.js';
import { startFakeMaster } from '../test/fakes/fake-master.js';
import { measured, type Benchmark } from './support/benchmark.js';
import { p50p95 } from './support/stats.js';

const SUBSCRIPTIONS = 10_000;
const BUILDS = 10;

export interface NotifyThroughputResult {
  subscriptions: number;
  builds: number;
  eventToOutboxP50Ms: number;
  eventToOutboxP95Ms: number;
  notificationsPerSecond: number;
}

/** An adapter that takes every notification at once and wakes whoever waits for a count. */
class CountingAdapter implements Adapter {
  readonly name = 'bench';
  delivered = 0;
  private waiter: { count: number; resolve: () => void } | null = null;

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  isConnected(): boolean {
    return true;
  }

  async deliver(): Promise<{ ok: true }> {
    this.delivered += 1;
    if (this.waiter && this.delivered >= this.waiter.count) this.waiter.resolve();
    return { ok: true };
  }

  reached(count: number): Promise<void> {
    if (this.delivered >= count) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiter = { count, resolve };
    });
  }
}

async function measure(): Promise<NotifyThroughputResult> {
  const fake = await startFakeMaster({ buildStartDelayMs: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'buildbot-chat-bench-'));
  const db = openDatabase(join(dir, 'bot.sqlite'));
  const adapter = new CountingAdapter();
  const logger = pino({ level: 'warn' });
  const masters = createMasterSet({ masters: [masterSettings({ url: fake.url })], logger });
  const service = new NotificationService({ db, logger, masters, config: { tags: undefined, notify: { maxAgeMinutes: 60, workerMissingAfterMinutes: 0 } } });
  service.attach(adapter, PLAIN_NOTIFY_OPTIONS);
  try {
    const subscriptions = new Subscriptions(db);
    db.transaction(() => {
      for (let i = 0; i < SUBSCRIPTIONS; i++) subscriptions.enable({ adapter: adapter.name, id: String(i) }, ['finished'], { masters: [], builders: [], tags: [], branches: [] });
    })();
    const connected = new Promise<void>((resolve) => service.pipelines[0]?.events.once('connected', () => resolve()));
    service.start();
    await connected;
    await service.idle(); // the first catch-up sets the cursors

    // The notifier kicks the sender right after committing an event's outbox entries.
    let committedAt = 0;
    const kick = service.sender.kick.bind(service.sender);
    service.sender.kick = () => {
      committedAt ||= performance.now();
      kick();
    };
    const toOutbox: number[] = [];
    const rates: number[] = [];
    for (let i = 1; i <= BUILDS; i++) {
      const build = fake.startBuild({ builder: 'fast-pass', durationMs: null });
      await service.idle(); // its `started` (no subscriber) is out of the way
      committedAt = 0;
      const finishedAt = performance.now();
      fake.finishBuild(build.buildid, 0);
      await adapter.reached(SUBSCRIPTIONS * i);
      const doneAt = performance.now();
      toOutbox.push(committedAt - finishedAt);
      rates.push(SUBSCRIPTIONS / ((doneAt - committedAt) / 1000));
      await service.idle();
    }
    const latency = p50p95(toOutbox);
    return {
      subscriptions: SUBSCRIPTIONS, builds: BUILDS, eventToOutboxP50Ms: latency.p50, eventToOutboxP95Ms: latency.p95,
      notificationsPerSecond: Math.round(rates.reduce((a, b) => a + b, 0) / rates.length),
    };
  } finally {
    await service.stop();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await fake.close();
  }
}

export const notifyThroughput: Benchmark = {
  key: 'notifyThroughput',
  title: `notification pipeline: ${SUBSCRIPTIONS} chats subscribed to finished, ${BUILDS} builds (fake master, SQLite outbox)`,
  run: async () =>
    measured(await measure(), (r) => [
      ['notify throughput', `event to outbox p50 (${r.subscriptions} chats)`, `${r.eventToOutboxP50Ms} ms`],
      ['notify throughput', `event to outbox p95 (${r.subscriptions} chats)`, `${r.eventToOutboxP95Ms} ms`],
      ['notify throughput', 'notifications delivered', `${r.notificationsPerSecond} /s`],
    ]),
};
