/** Notifications still pending in the outbox, by adapter: for /healthz and /metrics. */
import type Database from 'better-sqlite3';
import { Outbox } from '../store/outbox.js';

export function outboxBacklog(db: Database.Database): () => Record<string, number> {
  const outbox = new Outbox(db);
  return () => {
    // A scrape during shutdown finds the database closed: nothing to report then.
    if (!db.open) return {};
    const pending: Record<string, number> = {};
    for (const { state, adapter, count } of outbox.counts()) if (state === 'pending') pending[adapter] = count;
    return pending;
  };
}
