/**
 * The id of the next Telegram update to handle, kept in SQLite ('telegram.offset'). Polling
 * starts from it after a restart, and both polling and the webhook skip updates below it, so an
 * update Telegram delivers again (an unconfirmed poll, a webhook retry) is not handled twice.
 * An update counts as taken before its command runs: a crash in the middle loses that command
 * rather than running it twice (a second forced build is worse than a retyped line).
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { StateStore } from '../../store/state.js';

/**
 * After a week without updates Telegram picks the next update_id at random
 * (core.telegram.org/bots/api#update), possibly below ours: an old offset is not trusted.
 */
const TRUSTED_FOR_MS = 6 * 24 * 3600_000;

const storedSchema = z.object({ next: z.number().int(), savedAt: z.number() });

export class UpdateOffset {
  private readonly store: StateStore;
  private next: number | undefined;
  private savedAt = 0;

  /** `key`: `BOT.offset`, one per bot (`telegram.offset` for an unnamed one). */
  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
    private readonly key = 'telegram.offset',
  ) {
    this.store = new StateStore(db);
    const stored = this.store.get(this.key, storedSchema);
    if (stored) {
      this.next = stored.next;
      this.savedAt = stored.savedAt;
    }
  }

  /** The offset for getUpdates (undefined: let Telegram start from its unconfirmed updates). */
  get value(): number | undefined {
    return this.trusted() ? this.next : undefined;
  }

  /** Marks an update as taken; false when it was taken before. */
  take(updateId: number): boolean {
    if (this.trusted() && this.next !== undefined && updateId < this.next) return false;
    this.next = updateId + 1;
    this.savedAt = this.now();
    this.store.set(this.key, { next: this.next, savedAt: this.savedAt });
    return true;
  }

  private trusted(): boolean {
    return this.now() - this.savedAt < TRUSTED_FOR_MS;
  }
}
