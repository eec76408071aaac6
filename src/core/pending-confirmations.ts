/**
 * Dangerous commands waiting for their user's "yes", one per user and chat. Kept in memory on
 * purpose: after a restart nothing asked before can run, whatever answer or button arrives (a
 * Telegram Yes pressed under an old question finds nothing here).
 */
import type { ChatRef, ChatUser } from './message.js';

export class PendingConfirmations<T> {
  private readonly pending = new Map<string, { value: T; timer: NodeJS.Timeout }>();

  constructor(private readonly timeoutMs: number) {}

  get seconds(): number {
    return Math.round(this.timeoutMs / 1000);
  }

  /** Waits for the answer; `onExpire` runs when none came in time. Replaces an earlier question. */
  ask(chat: ChatRef, user: ChatUser, value: T, onExpire: (value: T) => void): void {
    const key = keyOf(chat, user);
    this.drop(key);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      onExpire(value);
    }, this.timeoutMs);
    timer.unref();
    this.pending.set(key, { value, timer });
  }

  /** The question this user was asked in this chat, removed (answered or cancelled). */
  take(chat: ChatRef, user: ChatUser): T | undefined {
    const key = keyOf(chat, user);
    const entry = this.pending.get(key);
    this.drop(key);
    return entry?.value;
  }

  /** Forget every question (the bot stops). */
  clear(): void {
    for (const key of [...this.pending.keys()]) this.drop(key);
  }

  private drop(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(key);
  }
}

/** IRC nicks compare without case, as authz compares them. */
function keyOf(chat: ChatRef, user: ChatUser): string {
  return JSON.stringify([chat.adapter, chat.id, user.id.toLowerCase()]);
}
