/**
 * Telegram's flood control, switched on by a test: no more than ~30 messages a second overall,
 * about one a second per chat (short bursts pass), and 20 a minute per group
 * (core.telegram.org/bots/faq, "My bot is hitting limits"). Above them the API answers 429 with
 * the seconds to wait in parameters.retry_after. Only calls that would have succeeded count.
 */
import { tooManyRequests } from './errors.js';
import type { ChatType } from './state.js';

export interface RateLimitOptions {
  /** Messages a second over all chats (Telegram: 30). */
  perSecond?: number;
  /** Sustained messages a second in one chat (Telegram: 1). */
  perChatPerSecond?: number;
  /** Messages one chat may take at once before the per-chat rate applies. */
  perChatBurst?: number;
  /** Messages a minute in one group or supergroup (Telegram: 20). */
  perGroupPerMinute?: number;
  /** Methods that count as a message (default: sendMessage, sendPhoto, editMessageText, editMessageReplyMarkup). */
  methods?: string[];
}

export interface RateLimitHit {
  method: string;
  chatId: number;
  rule: 'global' | 'chat' | 'group';
  retryAfter: number;
  /** Milliseconds since the epoch. */
  at: number;
}

const DEFAULT_METHODS = ['sendMessage', 'sendPhoto', 'editMessageText', 'editMessageReplyMarkup'];

export class RateLimiter {
  readonly hits: RateLimitHit[] = [];
  private options: Required<RateLimitOptions> | null = null;
  private methods: ReadonlySet<string> = new Set();
  private recent: number[] = [];
  private readonly buckets = new Map<number, { tokens: number; at: number }>();
  private readonly groupRecent = new Map<number, number[]>();

  constructor(private readonly now: () => number) {}

  get enabled(): boolean {
    return this.options !== null;
  }

  enable(options: RateLimitOptions = {}): void {
    this.options = {
      perSecond: options.perSecond ?? 30,
      perChatPerSecond: options.perChatPerSecond ?? 1,
      perChatBurst: options.perChatBurst ?? 3,
      perGroupPerMinute: options.perGroupPerMinute ?? 20,
      methods: options.methods ?? DEFAULT_METHODS,
    };
    this.methods = new Set(this.options.methods.map((method) => method.toLowerCase()));
  }

  disable(): void {
    this.options = null;
  }

  /** Count a message to this chat, or throw 429 (and remember the hit) if it is over a limit. */
  admit(method: string, chatId: number, chatType: ChatType): void {
    const options = this.options;
    if (!options || !this.methods.has(method.toLowerCase())) return;
    const now = this.now();
    this.recent = this.recent.filter((at) => at > now - 1000);
    const groupRecent = (this.groupRecent.get(chatId) ?? []).filter((at) => at > now - 60_000);
    const bucket = this.refill(chatId, now, options);

    let rule: RateLimitHit['rule'] | null = null;
    let waitMs = 0;
    if (this.recent.length >= options.perSecond) {
      rule = 'global';
      waitMs = (this.recent[0] ?? now) + 1000 - now;
    } else if (bucket.tokens < 1) {
      rule = 'chat';
      waitMs = ((1 - bucket.tokens) / options.perChatPerSecond) * 1000;
    } else if ((chatType === 'group' || chatType === 'supergroup') && groupRecent.length >= options.perGroupPerMinute) {
      rule = 'group';
      waitMs = (groupRecent[0] ?? now) + 60_000 - now;
    }
    if (rule) {
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      this.hits.push({ method, chatId, rule, retryAfter, at: now });
      throw tooManyRequests(retryAfter);
    }
    this.recent.push(now);
    groupRecent.push(now);
    this.groupRecent.set(chatId, groupRecent);
    bucket.tokens -= 1;
  }

  private refill(chatId: number, now: number, options: Required<RateLimitOptions>): { tokens: number; at: number } {
    const bucket = this.buckets.get(chatId) ?? { tokens: options.perChatBurst, at: now };
    bucket.tokens = Math.min(options.perChatBurst, bucket.tokens + ((now - bucket.at) / 1000) * options.perChatPerSecond);
    bucket.at = now;
    this.buckets.set(chatId, bucket);
    return bucket;
  }
}
