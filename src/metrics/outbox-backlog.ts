/** Notifications still pending in the outbox, by adapter: for /healthz and /metrics. */
import type { Outbox } from '../store/outbox.js';

export function outboxBacklog(outbox: Outbox): () => Record<string, number> {
  return () => {
    // A scrape during shutdown finds the database closed: nothing to report then.
    if (!outbox.isOpen()) return {};
    const pending: Record<string, number> = {};
    for (const { state, adapter, count } of outbox.counts()) if (state === 'pending') pending[adapter] = count;
    return pending;
  };
}
