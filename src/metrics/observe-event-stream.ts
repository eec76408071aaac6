/**
 * Feeds the event stream's life into the metrics: connection state, mode, reconnects, and how
 * late build events arrive compared with the time the master gave them.
 */
import type { EventStream, MasterEvent } from '../buildbot/event-stream.js';
import type { BotMetrics } from './bot-metrics.js';

/** Seconds between the master's timestamp of a build event and `nowMs`; null for other events. */
export function eventLagSeconds(event: MasterEvent, nowMs: number): number | null {
  if (event.kind !== 'build-new' && event.kind !== 'build-finished') return null;
  const at = event.kind === 'build-new' ? event.build.started_at : event.build.complete_at;
  if (typeof at !== 'number') return null;
  // The master's clock may run a little ahead of ours: a negative lag means "no lag".
  return Math.max(0, nowMs / 1000 - at);
}

/** `master`: the metrics label of the stream's master. */
export function observeEventStream(events: Pick<EventStream, 'on'>, master: string, metrics: BotMetrics, now: () => number = Date.now): void {
  let connections = 0;
  events.on('connected', () => {
    if (++connections > 1) metrics.reconnects.inc({ master });
    metrics.streamConnected.set({ master }, 1);
  });
  events.on('disconnected', () => metrics.streamConnected.set({ master }, 0));
  events.on('mode', (mode) => metrics.streamPolling.set({ master }, mode === 'polling' ? 1 : 0));
  events.on('event', (event) => {
    const lag = eventLagSeconds(event, now());
    if (lag !== null) metrics.eventLag.observe({ master, event: event.kind }, lag);
  });
}
