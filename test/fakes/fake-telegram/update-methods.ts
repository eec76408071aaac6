/**
 * How updates reach the bot: getUpdates (long polling) and setWebhook / deleteWebhook /
 * getWebhookInfo, with the Bot API server's conflicts and descriptions (Client.cpp,
 * process_get_updates_query and process_set_webhook_query).
 */
import { badRequest, conflict, Descriptions } from './errors.js';
import type { MethodContext, MethodHandler } from './methods.js';
import type { Params } from './request-params.js';

/** The server's cap on getUpdates' timeout, in seconds (LONG_POLL_MAX_TIMEOUT). */
const MAX_TIMEOUT_SECONDS = 50;

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

const getUpdates: MethodHandler = async (ctx, params) => {
  if (ctx.webhook.config) throw conflict(Descriptions.webhookActive);
  const offset = params.integer('offset') ?? 0;
  const limit = clamp(params.integer('limit') ?? 100, 1, 100);
  let waitMs = clamp(params.integer('timeout') ?? 0, 0, MAX_TIMEOUT_SECONDS) * 1000;
  ctx.queue.setAllowed(params.json('allowed_updates', "can't parse allowed_updates JSON object"));

  const now = ctx.state.now();
  const previous = ctx.queue.lastPoll;
  const hold = ctx.options.repeatedShortPollHoldMs;
  if (hold > 0 && previous?.offset === offset && waitMs < hold && now < previous.at + 3000) waitMs = hold;
  ctx.queue.lastPoll = { offset, at: now };

  ctx.queue.confirm(offset);
  const ready = ctx.queue.peek(limit);
  if (ready.length > 0 || waitMs === 0) return { result: ready };
  return { result: await ctx.queue.wait(offset, limit, waitMs, conflict(Descriptions.otherGetUpdates), ctx.signal) };
};

/** The fake delivers only to this machine: the tests' webhook servers listen on 127.0.0.1. */
function readWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest(Descriptions.invalidWebhookUrl);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw badRequest('bad webhook: the fake Telegram delivers only to loopback addresses');
  }
  return url.href;
}

function readSecretToken(params: Params): string | undefined {
  const token = params.string('secret_token');
  if (token === undefined || token === '') return undefined;
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(token)) throw badRequest(Descriptions.secretTokenInvalid);
  return token;
}

function removeWebhook(ctx: MethodContext, params: Params): { result: true; description: string } {
  if (params.boolean('drop_pending_updates')) ctx.queue.clear();
  const had = ctx.webhook.config !== null;
  ctx.webhook.clear();
  ctx.state.changed();
  return { result: true, description: had ? 'Webhook was deleted' : 'Webhook is already deleted' };
}

const setWebhook: MethodHandler = (ctx, params) => {
  const raw = params.string('url') ?? '';
  if (raw === '') return removeWebhook(ctx, params);
  const url = readWebhookUrl(raw);
  const secretToken = readSecretToken(params);
  const hasCertificate = params.file('certificate') !== undefined;
  const maxConnections = clamp(params.integer('max_connections') ?? 40, 1, 100);
  const ipAddress = params.string('ip_address') || undefined;
  const drop = params.boolean('drop_pending_updates');
  const current = ctx.webhook.config;
  ctx.queue.setAllowed(params.json('allowed_updates', "can't parse allowed_updates JSON object"));
  if (
    current && current.url === url && current.secretToken === secretToken && !current.hasCertificate && !hasCertificate &&
    current.maxConnections === maxConnections && current.ipAddress === ipAddress && !drop
  ) {
    return { result: true, description: 'Webhook is already set' };
  }
  if (drop) ctx.queue.clear();
  ctx.queue.abortWaiter(conflict(Descriptions.setWebhookTerminated));
  ctx.webhook.set({ url, secretToken, hasCertificate, maxConnections, ipAddress });
  ctx.state.changed();
  return { result: true, description: 'Webhook was set' };
};

const deleteWebhook: MethodHandler = (ctx, params) => removeWebhook(ctx, params);

const getWebhookInfo: MethodHandler = (ctx) => ({ result: ctx.webhook.info() });

export const updateMethods: Record<string, MethodHandler> = { getUpdates, setWebhook, deleteWebhook, getWebhookInfo };
