/**
 * The Bot API methods the fake answers, by name. Telegram treats method names without regard to
 * case, so lookups do too; any other name is 404 "Not Found", as on the real server.
 */
import { chatMethods } from './chat-methods.js';
import type { RateLimiter } from './rate-limits.js';
import type { Params } from './request-params.js';
import type { TelegramState } from './state.js';
import type { UpdateQueue } from './update-queue.js';
import { updateMethods } from './update-methods.js';
import type { WebhookSender } from './webhook.js';

export interface MethodContext {
  state: TelegramState;
  queue: UpdateQueue;
  webhook: WebhookSender;
  limiter: RateLimiter;
  options: {
    /** Reject a bare `&` in HTML text (see parse-html.ts). */
    strictHtmlEntities: boolean;
    /**
     * The real server makes a short poll with the same offset as one less than 3 s before wait
     * 3 s (Client.cpp, process_get_updates_query); 0 turns that off so bot.stop() is quick.
     */
    repeatedShortPollHoldMs: number;
  };
  /** Canonical name of the method being run, e.g. sendMessage. */
  method: string;
  /** Aborted when the client closes the connection before the answer. */
  signal: AbortSignal;
}

export interface MethodAnswer {
  result: unknown;
  /** Some successes carry one, e.g. "Webhook was set". */
  description?: string;
}

export type MethodHandler = (ctx: MethodContext, params: Params) => MethodAnswer | Promise<MethodAnswer>;

const ALL: Record<string, MethodHandler> = { ...chatMethods, ...updateMethods };

const BY_LOWER_NAME = new Map(Object.entries(ALL).map(([name, handler]) => [name.toLowerCase(), { name, handler }]));

export function findMethod(name: string): { name: string; handler: MethodHandler } | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}
