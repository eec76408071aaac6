/**
 * A bot's graceful stop, bounded: stop taking commands and let running ones end, flush the
 * outbox, stop the adapters (last started, first stopped), the HTTP server, then the database.
 * Undelivered notifications stay pending in the database and go out at the next start.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Adapter } from '../core/adapter.js';
import type { Dispatcher } from '../core/dispatcher.js';
import type { HttpServer } from '../http/http-server.js';
import type { NotificationService } from '../notify/notification-service.js';
import { bounded } from './bounded.js';

/**
 * Graceful stop budget: running commands, then the outbox flush. Together they stay well under
 * the 10 s Docker waits between SIGTERM and SIGKILL (systemd waits 90 s).
 */
const COMMAND_DRAIN_MS = 3_000;
const OUTBOX_FLUSH_MS = 4_000;

export interface StoppableParts {
  logger: Logger;
  dispatcher: Dispatcher;
  notifications: NotificationService;
  adapters: readonly Adapter[];
  http: HttpServer | undefined;
  db: Database.Database;
}

/** The bot's stop(): the first call stops it, later calls wait for the same stop. */
export function stopBot(parts: StoppableParts): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    const { logger, dispatcher, notifications, adapters, http, db } = parts;
    dispatcher.stopTaking();
    if (!(await bounded(dispatcher.idle(), COMMAND_DRAIN_MS))) logger.warn({ waitedMs: COMMAND_DRAIN_MS }, 'stopping with commands still running');
    await notifications.stop(OUTBOX_FLUSH_MS);
    for (const adapter of [...adapters].reverse()) await adapter.stop();
    await http?.stop();
    db.close();
    logger.info('buildbot-chat stopped');
  };
  return () => {
    stopping ??= stop();
    return stopping;
  };
}
