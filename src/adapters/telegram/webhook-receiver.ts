/**
 * Receiving by webhook: a POST route on the bot's HTTP server, registered with Telegram by
 * setWebhook with a secret token. Telegram sends the token in X-Telegram-Bot-Api-Secret-Token
 * on every request; a request without it, or with another, is refused 401 before its body is
 * read, so a stranger who finds the URL can do nothing (Buildbot's bot puts the bot token in
 * the URL instead, where access logs keep it). An update handled before (Telegram delivering
 * again after a lost answer) is acknowledged and skipped with a log line; one that arrives
 * after a later one is handled (update-offset.ts keeps the ids taken, not only the highest).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GrammyError, InputFile, type Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { TelegramConfig } from './telegram-config.js';
import type { HttpServer } from '../../http/http-server.js';
import { ALLOWED_UPDATES } from './long-polling.js';
import { admitUpdate, type UpdateOffset } from './update-offset.js';

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
/** Updates are small; a bigger body is not from Telegram. */
const MAX_BODY_BYTES = 1 << 20;

export interface WebhookReceiverOptions {
  api: Api;
  /** Wait before trying setWebhook again after a failure. */
  retryDelayMs: number;
  http: HttpServer;
  webhook: NonNullable<TelegramConfig['webhook']>;
  offset: UpdateOffset;
  logger: Logger;
  onUpdate: (update: Update) => void;
}

export class WebhookReceiver {
  private accepting = false;
  private registered = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: WebhookReceiverOptions) {
    options.http.route('POST', options.webhook.path, (request, response) => this.receive(request, response));
  }

  get connected(): boolean {
    return this.registered && this.accepting;
  }

  /**
   * Call once the HTTP server listens: Telegram posts as soon as the webhook is set. When
   * Telegram cannot be reached the bot still starts, and setWebhook is tried again every
   * retryDelay; only a refused token stops it.
   */
  async start(): Promise<void> {
    this.accepting = true;
    await this.register();
  }

  /**
   * The webhook stays registered: Telegram keeps the updates that arrive meanwhile and delivers
   * them when the bot is back (503 tells it to try again).
   */
  stop(): void {
    this.accepting = false;
    clearTimeout(this.retryTimer);
  }

  private async register(): Promise<void> {
    const { api, webhook, logger } = this.options;
    try {
      await api.setWebhook(webhook.url, {
        secret_token: webhook.secretToken,
        allowed_updates: [...ALLOWED_UPDATES],
        // One at a time keeps a chat's commands in the order they were typed (Telegram's default
        // is 40 parallel posts); updates that still arrive out of order are handled all the same.
        max_connections: 1,
        ...(webhook.certificate !== undefined ? { certificate: new InputFile(webhook.certificate) } : {}),
      });
      this.registered = true;
      logger.info({ url: webhook.url, path: webhook.path }, 'Telegram webhook set');
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 401) {
        logger.error('Telegram refused the bot token (401 Unauthorized): no webhook; check telegram.token');
        return;
      }
      logger.warn({ err: error, retryInMs: this.options.retryDelayMs }, 'could not set the Telegram webhook; will retry');
      if (!this.accepting) return;
      this.retryTimer = setTimeout(() => void this.register(), this.options.retryDelayMs);
      this.retryTimer.unref();
    }
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!this.hasSecret(request.headers[SECRET_HEADER])) {
      this.options.logger.warn({ remote: request.socket.remoteAddress }, 'webhook request without the right secret token refused');
      response.writeHead(401, { 'content-type': 'text/plain' }).end('unauthorized\n');
      request.resume();
      return;
    }
    if (!this.accepting) {
      response.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '5' }).end('stopping\n');
      request.resume();
      return;
    }
    const update = parseUpdate(await readBody(request));
    if (!update) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('expected a Telegram update as JSON\n');
      return;
    }
    if (admitUpdate(this.options.offset, update, this.options.logger)) this.options.onUpdate(update);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  }

  private hasSecret(header: string | string[] | undefined): boolean {
    if (typeof header !== 'string') return false;
    const expected = Buffer.from(this.options.webhook.secretToken);
    const given = Buffer.from(header);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseUpdate(body: string | null): Update | null {
  if (body === null) return null;
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value === 'object' && value !== null && Number.isSafeInteger((value as { update_id?: unknown }).update_id)) return value as Update;
  } catch {
    // not JSON
  }
  return null;
}
