/**
 * The id of the next Telegram update to handle, kept in SQLite ('telegram.offset') with the ids
 * taken in the window below it. Polling starts from it after a restart. An update Telegram
 * delivers again (an unconfirmed poll, a webhook retry) is found among the taken ids and not
 * handled twice; an earlier update that arrives after a later one (webhook posts on parallel
 * connections) is still handled: one high-water mark alone would drop it unseen.
 * An update counts as taken before its command runs: a crash in the middle loses that command
 * rather than running it twice (a second forced build is worse than a retyped line).
 */
import type Database from 'better-sqlite3';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import { z } from 'zod';
import { StateStore } from '../../store/state.js';

/**
 * After a week without updates Telegram picks the next update_id at random
 * (core.telegram.org/bots/api#update), possibly below ours: an old offset is not trusted.
 */
const TRUSTED_FOR_MS = 6 * 24 * 3600_000;

/**
 * How far below the newest id an update may arrive and still be handled. Telegram's webhook
 * posts on at most 100 connections at once (max_connections, core.telegram.org/bots/api#setwebhook),
 * so an earlier update is never more than a few hundred ids late; older ones are repeats.
 */
export const UPDATE_WINDOW = 1_000;

const storedSchema = z.object({ next: z.number().int(), savedAt: z.number(), taken: z.array(z.number().int()).optional() });

/** taken: handle it; repeated: handled before; too-old: below the window, taken for a repeat. */
export type TakeResult = 'taken' | 'repeated' | 'too-old';

export class UpdateOffset {
  private readonly store: StateStore;
  private next: number | undefined;
  private savedAt = 0;
  /** Ids taken within UPDATE_WINDOW below `next`. */
  private taken = new Set<number>();

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
      // Stored before the window existed: every id below `next` was taken.
      this.taken = new Set(stored.taken ?? Array.from({ length: UPDATE_WINDOW }, (_, i) => stored.next - UPDATE_WINDOW + i));
    }
  }

  /** The offset for getUpdates (undefined: let Telegram start from its unconfirmed updates). */
  get value(): number | undefined {
    return this.trusted() ? this.next : undefined;
  }

  /** Marks an update as taken, unless it was taken before (or is too old to tell). */
  take(updateId: number): TakeResult {
    const next = this.trusted() ? this.next : undefined;
    if (next !== undefined && updateId < next) {
      if (updateId < next - UPDATE_WINDOW) return 'too-old';
      if (this.taken.has(updateId)) return 'repeated';
    }
    if (next === undefined) this.taken.clear();
    this.taken.add(updateId);
    this.next = Math.max(next ?? updateId + 1, updateId + 1);
    const floor = this.next - UPDATE_WINDOW;
    for (const id of this.taken) if (id < floor) this.taken.delete(id);
    this.savedAt = this.now();
    this.store.set(this.key, { next: this.next, savedAt: this.savedAt, taken: [...this.taken] });
    return 'taken';
  }

  private trusted(): boolean {
    return this.now() - this.savedAt < TRUSTED_FOR_MS;
  }
}

/** Takes the update, or logs why it is skipped (every skipped update leaves a line); true: handle it. */
export function admitUpdate(offset: UpdateOffset, update: Update, logger: Logger): boolean {
  const result = offset.take(update.update_id);
  if (result === 'taken') return true;
  logger.info(
    { updateId: update.update_id, result },
    result === 'repeated' ? 'Telegram update skipped: it was handled before' : `Telegram update skipped: more than ${UPDATE_WINDOW} ids older than the newest`,
  );
  return false;
}
