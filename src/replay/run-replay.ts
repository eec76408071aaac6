/**
 * `buildbot-chat replay`: recorded master events go through one master's notification pipeline
 * as the bot's own (subscriptions, filters, tags, templates). With `dryRun` they run against a
 * copy of the database and each chat's message is printed; otherwise the adapters start, the
 * messages are written to the outbox and delivered, then the bot stops. Nothing is marked
 * processed and no cursor moves, so a replay never hides a real event from the running bot.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { PLATFORMS } from '../adapters/platforms.js';
import { createBot } from '../app.js';
import type { BuildbotClient } from '../buildbot/client.js';
import type { MasterEvent } from '../buildbot/ws-frames.js';
import type { Config } from '../config/schema.js';
import type { Platform } from '../core/platform.js';
import { createReplyRenderer } from '../core/render-reply.js';
import { plainTextFormat } from '../core/text-format.js';
import { configuredSections } from '../lifecycle/create-adapters.js';
import { createMasterSet } from '../masters/master-set.js';
import type { MasterPipeline } from '../notify/master-pipeline.js';
import { NotificationService } from '../notify/notification-service.js';
import { readOutboxReply } from '../notify/read-outbox-reply.js';
import { openDatabase } from '../store/open-database.js';
import { deliverReplayed } from './deliver-replayed.js';

export interface ReplayOptions {
  config: Config;
  logger: Logger;
  events: { file: string; event: MasterEvent }[];
  /** The master whose pipeline handles the events (checked by the caller). */
  master: string;
  dryRun: boolean;
  output: Writable;
  /** Tests: replace the REST client. */
  buildbot?: BuildbotClient;
  /** How long delivery may take before the replay gives up (default 60 s). */
  deliveryTimeoutMs?: number;
  platforms?: readonly Platform[];
}

export interface ReplayResult {
  messages: number;
  delivered: number;
}

export async function runReplay(options: ReplayOptions): Promise<ReplayResult> {
  return options.dryRun ? dryRun(options) : deliver(options);
}

async function dryRun(options: ReplayOptions): Promise<ReplayResult> {
  const { config, logger } = options;
  const copyDir = mkdtempSync(join(tmpdir(), 'buildbot-chat-replay-'));
  try {
    const source = openDatabase(config.database);
    try {
      await source.backup(join(copyDir, 'copy.sqlite'));
    } finally {
      source.close();
    }
    const db = openDatabase(join(copyDir, 'copy.sqlite'));
    try {
      const masters = createMasterSet({ masters: config.masters, logger, ...(options.buildbot ? { client: options.buildbot } : {}) });
      const notifications = new NotificationService({ db, logger, masters, config });
      // what the bot does for each adapter at start, as it would before these events
      for (const { name, platform, section } of configuredSections(options.platforms ?? PLATFORMS, config)) {
        notifications.setNotifyOptions(name, platform.notifyOptions(section));
        for (const id of platform.defaultChats(section)) notifications.applyDefaults({ adapter: name, id }, section.notifyEvents);
      }
      const messages = await replayEvents(options, db, pipelineOf(notifications, options.master));
      return { messages, delivered: 0 };
    } finally {
      db.close();
    }
  } finally {
    rmSync(copyDir, { recursive: true, force: true });
  }
}

async function deliver(options: ReplayOptions): Promise<ReplayResult> {
  const { config, logger, output } = options;
  const bot = await createBot({ config, logger, adaptersOnly: true, ...(options.buildbot ? { buildbot: options.buildbot } : {}), ...(options.platforms ? { platforms: options.platforms } : {}) });
  try {
    await bot.start();
    const run = randomUUID();
    const messages = await replayEvents(options, bot.db, pipelineOf(bot.notifications, options.master), run);
    const outcome = await deliverReplayed({
      db: bot.db,
      outbox: bot.notifications.stores.outbox,
      adapter: (name) => bot.adapter(name),
      keyPrefix: `replay:${run}:`,
      timeoutMs: options.deliveryTimeoutMs ?? 60_000,
      logger,
    });
    for (const failure of outcome.failed) output.write(`not delivered to ${failure.adapter} ${failure.chatId}: ${failure.reason}\n`);
    const waiting = outcome.waiting > 0 ? `; ${outcome.waiting} still wait in the outbox and go out when the bot runs` : '';
    output.write(`${outcome.delivered} of ${messages} messages delivered${waiting}\n`);
    return { messages, delivered: outcome.delivered };
  } finally {
    await bot.stop();
  }
}

function pipelineOf(notifications: NotificationService, master: string): MasterPipeline {
  const pipeline = notifications.pipelines.find((p) => p.master.name === master);
  if (!pipeline) throw new Error(`no master named ${master}`);
  return pipeline;
}

/** Each event through its own replay notifier (the same event given twice is told twice); prints who gets what. */
async function replayEvents(options: ReplayOptions, db: Database.Database, pipeline: MasterPipeline, run = randomUUID()): Promise<number> {
  const { output } = options;
  // a master that cannot be read would make every event tell nobody, silently
  await pipeline.master.client.listMasters();
  const renderer = createReplyRenderer(plainTextFormat);
  const rowsOf = db.prepare<[string], { adapter: string; chatId: string; payload: string }>(
    'SELECT adapter, chat_id AS chatId, payload FROM outbox WHERE dedupe_key LIKE ? ORDER BY id',
  );
  let messages = 0;
  for (const [index, { file, event }] of options.events.entries()) {
    const key = `${run}:${index}`;
    await pipeline.replayNotifier(key).handle(event);
    const rows = rowsOf.all(`replay:${key}:%`);
    output.write(`${file}: ${describeEvent(event)}: ${rows.length === 0 ? 'no chat would be told' : `${rows.length} ${rows.length === 1 ? 'chat' : 'chats'}`}\n`);
    for (const row of rows) {
      const stored = readOutboxReply(row.payload);
      const text = stored.ok ? renderer.render(stored.reply).join(' / ') : stored.reason;
      output.write(`  ${row.adapter} ${row.chatId}: ${text}\n`);
    }
    messages += rows.length;
  }
  return messages;
}

function describeEvent(event: MasterEvent): string {
  if (event.kind === 'build-new' || event.kind === 'build-finished') {
    return `${event.kind === 'build-new' ? 'build started' : 'build finished'} (build id ${event.build.buildid}, builder id ${event.build.builderid}, #${event.build.number})`;
  }
  return `worker ${event.worker.name} ${event.kind.replace('worker-', '')}`;
}
