/**
 * Webhook delivery: while a webhook is set, queued updates are POSTed to it one at a time, in
 * order, as JSON with the `X-Telegram-Bot-Api-Secret-Token` header when a secret_token was given.
 * A 2xx answer confirms the update (and a JSON body naming a `method` is run, as Telegram runs a
 * webhook reply); anything else is recorded as getWebhookInfo's last error and retried later.
 * Telegram opens up to max_connections at once; this fake keeps to one so the order is fixed.
 */
import type { Update, WebhookInfo } from 'grammy/types';
import type { UpdateQueue } from './update-queue.js';

export const SECRET_HEADER = 'X-Telegram-Bot-Api-Secret-Token';

export interface WebhookConfig {
  url: string;
  secretToken: string | undefined;
  hasCertificate: boolean;
  maxConnections: number;
  ipAddress: string | undefined;
}

export interface WebhookPostResult {
  /** HTTP status, or 0 when no answer came. */
  status: number;
  body: string;
  /** Why there was no answer. */
  error?: string;
}

export class WebhookSender {
  config: WebhookConfig | null = null;
  private lastError: { date: number; message: string } | undefined;
  private generation = 0;
  private running = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<AbortController>();

  constructor(
    private readonly queue: UpdateQueue,
    private readonly options: { retryMs: number; now: () => number; onReply: (payload: Record<string, unknown>) => Promise<void> },
  ) {
    queue.onQueued = () => this.kick();
  }

  set(config: WebhookConfig): void {
    this.stopDelivery();
    this.config = config;
    this.lastError = undefined;
    this.kick();
  }

  clear(): void {
    this.stopDelivery();
    this.config = null;
    this.lastError = undefined;
  }

  info(): WebhookInfo {
    const config = this.config;
    return {
      url: config?.url ?? '',
      has_custom_certificate: config?.hasCertificate ?? false,
      pending_update_count: this.queue.length,
      ...(config?.ipAddress ? { ip_address: config.ipAddress } : {}),
      ...(this.lastError ? { last_error_date: this.lastError.date, last_error_message: this.lastError.message } : {}),
      ...(config ? { max_connections: config.maxConnections } : {}),
      ...(config && this.queue.allowedUpdates ? { allowed_updates: this.queue.allowedUpdates } : {}),
    };
  }

  /** Start delivering if a webhook is set, updates wait, and no delivery runs. */
  kick(): void {
    if (this.running || this.retryTimer || !this.config || this.queue.length === 0) return;
    this.running = true;
    void this.deliver(this.generation).finally(() => {
      this.running = false;
      this.kick(); // a webhook set while the previous delivery was winding down
    });
  }

  private async deliver(generation: number): Promise<void> {
    while (generation === this.generation && this.config && this.queue.length > 0) {
      const [update] = this.queue.peek(1);
      if (!update) return;
      const outcome = await this.post(update, this.config.url, this.config.secretToken);
      if (generation !== this.generation) return;
      if (outcome.status >= 200 && outcome.status < 300) {
        this.queue.confirm(update.update_id + 1);
        await this.runReply(outcome.body);
      } else {
        this.lastError = {
          date: Math.floor(this.options.now() / 1000),
          message: outcome.error ?? `Wrong response from the webhook: ${outcome.status} ${statusText(outcome.status)}`,
        };
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, this.options.retryMs);
        return;
      }
    }
  }

  /** POST one update to a URL with the given secret (null: no header); never throws. */
  async post(update: Update, url: string, secretToken: string | null | undefined): Promise<WebhookPostResult> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    const timer = setTimeout(() => controller.abort(), 10_000);
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (typeof secretToken === 'string') headers[SECRET_HEADER] = secretToken;
      const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(update), signal: controller.signal });
      return { status: response.status, body: await response.text() };
    } catch (error) {
      return { status: 0, body: '', error: describeFailure(error) };
    } finally {
      clearTimeout(timer);
      this.inFlight.delete(controller);
    }
  }

  private async runReply(body: string): Promise<void> {
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return; // any 2xx body is fine; only a JSON method call is acted on
    }
    if (typeof payload === 'object' && payload !== null && typeof (payload as { method?: unknown }).method === 'string') {
      await this.options.onReply(payload as Record<string, unknown>);
    }
  }

  private stopDelivery(): void {
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    for (const controller of this.inFlight) controller.abort();
  }

  close(): void {
    this.clear();
  }
}

function statusText(status: number): string {
  const texts: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };
  return texts[status] ?? '';
}

function describeFailure(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause?.code === 'ECONNREFUSED') return 'Connection refused';
  if (error instanceof Error && error.name === 'AbortError') return 'Read timeout expired';
  return error instanceof Error ? error.message : String(error);
}
