/**
 * The Bot API client every Telegram call goes through, with transformers (grammY's
 * `api.config.use`): the throttler keeps one queue per chat within Telegram's limits (about 30
 * messages a second overall, 1 a second per chat, 20 a minute per group: core.telegram.org/bots/faq
 * "My bot is hitting limits"), the global one kept by pace-global-limit.ts, and auto-retry waits
 * out a 429's `retry_after` a bounded number of times. 5xx and network errors are not retried
 * here: they reach the caller, and the outbox retries a notification with its own backoff, so
 * one bad chat never holds a request open.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { Api } from 'grammy';
import type { TelegramConfig } from './telegram-config.js';
import { paceGlobalLimit } from './pace-global-limit.js';
import { resolveChatUsernames } from './resolve-chat-usernames.js';

/** Telegram asks for longer waits during a storm; past this a notification waits in the outbox instead. */
const MAX_RETRY_AFTER_SECONDS = 60;
const MAX_RETRIES = 5;

export function createTelegramApi(config: Pick<TelegramConfig, 'token' | 'apiRoot' | 'pollTimeout' | 'limits'>): Api {
  const api = new Api(config.token, {
    ...(config.apiRoot !== undefined ? { apiRoot: config.apiRoot } : {}),
    // Every call shares this timeout, and getUpdates holds its request open for pollTimeout.
    timeoutSeconds: config.pollTimeout + 15,
  });
  const { perChatPerSecond } = config.limits;
  const perGroupPerMinute = Math.max(1, Math.floor(config.limits.perGroupPerMinute));
  const spacing = Math.ceil(1000 / perChatPerSecond);
  // Installed first, so it runs inside the per-chat queues and counts a call from when it leaves to its answer.
  api.config.use(paceGlobalLimit(config.limits.globalPerSecond));
  // Inside auto-retry: a retried call queues again.
  api.config.use(
    apiThrottler({
      global: {}, // paced by paceGlobalLimit, which the per-chat queues lead into
      group: { maxConcurrent: 1, minTime: spacing, reservoir: perGroupPerMinute, reservoirRefreshAmount: perGroupPerMinute, reservoirRefreshInterval: 60_000 },
      out: { maxConcurrent: 1, minTime: spacing },
    }),
  );
  // Outside the throttler, so that it queues each channel under its numeric id.
  api.config.use(resolveChatUsernames());
  api.config.use(autoRetry({ maxRetryAttempts: MAX_RETRIES, maxDelaySeconds: MAX_RETRY_AFTER_SECONDS, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));
  return api;
}
