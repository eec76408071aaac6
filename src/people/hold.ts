/**
 * Mute and quiet hours: whether a chat's notification waits now, and the digest that replaces
 * what waited once the chat may hear again. Held entries stay in the outbox (nothing is lost
 * across a restart); `releaseDue` runs at start, after `unmute` and on a timer, and swaps each
 * released chat's held entries for one digest in one transaction. Watch results, command answers
 * and digests are never held: only subscription notifications come through `reason`.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { inQuietHours } from './quiet-hours.js';
import { ChatSettingsStore } from '../store/chat-settings.js';
import { HeldNotifications } from '../store/held-notifications.js';
import { Outbox } from '../store/outbox.js';
import { digestReply } from '../notify/digest.js';

export type HoldReason = 'muted' | 'quiet';

export interface NotificationHoldOptions {
  db: Database.Database;
  logger: Logger;
  /** The clock (tests move it to cross quiet hours). */
  now: () => number;
  /** Called after a digest was enqueued. */
  onEnqueued: () => void;
}

export class NotificationHold {
  private readonly settings: ChatSettingsStore;
  private readonly held: HeldNotifications;
  private readonly outbox: Outbox;

  constructor(private readonly options: NotificationHoldOptions) {
    this.settings = new ChatSettingsStore(options.db, options.now);
    this.held = new HeldNotifications(options.db, options.now);
    this.outbox = new Outbox(options.db, options.now);
  }

  /** Why a notification of `events` for this chat must wait now; null: send it. */
  reason(chatKey: string, events: ReadonlySet<string>): HoldReason | null {
    const settings = this.settings.byKey(chatKey);
    if (!settings) return null;
    const now = this.options.now();
    if (settings.muted && (settings.mutedUntil === null || now < settings.mutedUntil)) return 'muted';
    const quiet = settings.quiet;
    if (quiet && inQuietHours(quiet, now) && !quiet.except.some((event) => events.has(event))) return 'quiet';
    return null;
  }

  /** Each chat holding notifications that is neither muted nor quiet any more gets its digest. */
  releaseDue(): number {
    let released = 0;
    for (const chat of this.held.chats()) {
      if (this.reason(chat.chatKey, new Set()) !== null) continue;
      released += this.release(chat);
    }
    if (released > 0) this.options.onEnqueued();
    return released;
  }

  private release(chat: { chatKey: string; adapter: string; chatId: string }): number {
    return this.options.db.transaction(() => {
      const entries = this.held.forChat(chat.chatKey);
      const [first] = entries;
      if (!first) return 0;
      const reason = entries.some((entry) => entry.held === 'muted') ? 'muted' : 'quiet';
      const digestId = this.outbox.enqueue({
        ...chat,
        payload: JSON.stringify(digestReply(reason, entries.map((entry) => entry.payload))),
        dedupeKey: `digest:${chat.chatKey}:${first.id}`,
        createdAt: this.options.now(),
      });
      if (digestId === null) return 0;
      this.held.summarised(entries.map((entry) => entry.id), digestId);
      this.options.logger.info({ chat: chat.chatKey, held: entries.length, reason }, 'held notifications sent as one digest');
      return entries.length;
    })();
  }
}
