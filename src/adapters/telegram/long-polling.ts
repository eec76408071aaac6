/**
 * Receiving by long polling: getUpdates held open for `pollTimeout` seconds, from the offset
 * kept in SQLite. Failures (network, 5xx, 409 while another instance polls) are logged and
 * retried after `retryDelay`; only a refused token (401) ends the loop, since no retry fixes it.
 * Updates are handed on one by one as they are taken; handling happens elsewhere, so a slow
 * command never delays the next poll.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { GrammyError, type Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { admitUpdate, type UpdateOffset } from './update-offset.js';

export const ALLOWED_UPDATES = ['message', 'callback_query'] as const;

const CONFIRM_TIMEOUT_MS = 2_000;

/** grammY types its signals with the abort-controller shim's class; Node's is the same at run time. */
type ApiSignal = Parameters<Api['getUpdates']>[1];

export interface LongPollingOptions {
  api: Api;
  offset: UpdateOffset;
  timeoutSeconds: number;
  retryDelayMs: number;
  logger: Logger;
  onUpdate: (update: Update) => void;
}

export class LongPolling {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  private healthy = false;

  constructor(private readonly options: LongPollingOptions) {}

  get connected(): boolean {
    return this.healthy;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Ends the waiting poll and tells Telegram which updates were taken. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    this.healthy = false;
    const next = this.options.offset.value;
    if (next === undefined) return;
    try {
      // Bounded: an unreachable Telegram must not hold up the bot's stop.
      await this.options.api.getUpdates({ offset: next, limit: 1, timeout: 0 }, AbortSignal.timeout(CONFIRM_TIMEOUT_MS) as unknown as ApiSignal);
    } catch (error) {
      this.options.logger.debug({ err: error }, 'could not confirm the last updates; the stored offset covers them');
    }
  }

  private async run(): Promise<void> {
    const { api, offset, logger } = this.options;
    const signal = this.abort.signal;
    const apiSignal = signal as unknown as ApiSignal;
    let webhookCleared = false;
    while (!signal.aborted) {
      try {
        // getUpdates answers 409 while a webhook is set (a previous run in webhook mode).
        if (!webhookCleared) webhookCleared = await api.deleteWebhook({}, apiSignal);
        const next = offset.value;
        const updates = await api.getUpdates(
          { ...(next !== undefined ? { offset: next } : {}), timeout: this.options.timeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] },
          apiSignal,
        );
        if (!this.healthy) logger.info('polling Telegram for updates');
        this.healthy = true;
        for (const update of updates) {
          if (admitUpdate(offset, update, logger)) this.options.onUpdate(update);
        }
      } catch (error) {
        if (signal.aborted) break;
        this.healthy = false;
        if (error instanceof GrammyError && error.error_code === 401) {
          logger.error('Telegram refused the bot token (401 Unauthorized): polling stopped; check telegram.token');
          return;
        }
        logger.warn({ err: error, retryInMs: this.options.retryDelayMs }, 'polling Telegram failed; will retry');
        // an abort (stop) ends the wait early: that is not an error here
        await sleep(this.options.retryDelayMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }
}

