/**
 * A delivering replay sends its own outbox rows, and only those: the bot that may run on the
 * same database keeps its rows, and a chat that refuses a replayed message keeps its
 * subscriptions (the replay changes nothing but its rows' states). Rows go out in order, each
 * retried while its adapter cannot send yet (IRC still connecting); what is left when time is
 * up stays pending and goes out with the bot's next delivery.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Adapter } from '../core/adapter.js';
import { readOutboxReply } from '../notify/read-outbox-reply.js';
import type { Outbox } from '../store/outbox.js';

const RETRY_MS = 500;

export interface DeliverReplayedOptions {
  db: Database.Database;
  outbox: Outbox;
  adapter: (name: string) => Adapter | undefined;
  /** The replay's dedupe keys start with this. */
  keyPrefix: string;
  timeoutMs: number;
  logger: Logger;
}

export interface ReplayDelivery {
  delivered: number;
  failed: { adapter: string; chatId: string; reason: string }[];
  /** Still pending when time ran out. */
  waiting: number;
}

export async function deliverReplayed(options: DeliverReplayedOptions): Promise<ReplayDelivery> {
  const { outbox } = options;
  const rows = options.db
    .prepare<[string], { id: number; adapter: string; chatId: string; payload: string }>(
      "SELECT id, adapter, chat_id AS chatId, payload FROM outbox WHERE dedupe_key LIKE ? AND state = 'pending' ORDER BY id",
    )
    .all(`${options.keyPrefix}%`);
  const deadline = Date.now() + options.timeoutMs;
  const result: ReplayDelivery = { delivered: 0, failed: [], waiting: 0 };
  for (const row of rows) {
    const fail = (reason: string): void => {
      outbox.markFailed(row.id, reason, true);
      result.failed.push({ adapter: row.adapter, chatId: row.chatId, reason });
    };
    const adapter = options.adapter(row.adapter);
    const stored = readOutboxReply(row.payload);
    if (!adapter) fail(`no ${row.adapter} adapter runs in this replay`);
    else if (!stored.ok) fail(stored.reason);
    else {
      const outcome = await deliverOne(options, row, adapter, stored.reply, deadline);
      if (outcome === 'sent') result.delivered++;
      else if (outcome === 'waiting') result.waiting++;
      else fail(outcome.reason);
    }
  }
  return result;
}

async function deliverOne(
  options: DeliverReplayedOptions,
  row: { id: number; chatId: string },
  adapter: Adapter,
  reply: Parameters<Adapter['deliver']>[1],
  deadline: number,
): Promise<'sent' | 'waiting' | { reason: string }> {
  const { outbox } = options;
  for (;;) {
    if (Date.now() > deadline) return 'waiting';
    try {
      outbox.markHandedOver(row.id);
      const result = await adapter.deliver(row.chatId, reply);
      if (!result.ok) return { reason: result.reason };
      outbox.markSent(row.id);
      return 'sent';
    } catch (error) {
      // not sent: the row stays pending without the handed-over mark
      outbox.markFailed(row.id, error instanceof Error ? error.message : String(error), false);
      options.logger.debug({ err: error, adapter: adapter.name }, 'replay: not delivered yet; trying again');
      await sleep(RETRY_MS);
    }
  }
}
