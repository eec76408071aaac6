/**
 * Events already turned into outbox rows, so a live event seen again during catch-up (or after
 * a restart) is not announced twice. Mark an event and enqueue its messages in one transaction
 * (see transaction.ts): then either both happened or neither did.
 */
import type Database from 'better-sqlite3';

export class ProcessedEvents {
  private readonly insert;
  private readonly select;
  private readonly deleteOld;

  /** `master`: whose events these are; ids are only unique within one master. */
  constructor(
    db: Database.Database,
    private readonly master: string,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare<[string, number, string, number]>(
      'INSERT INTO processed_events (master, subject_id, kind, processed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.select = db.prepare<[string, number, string], { found: 1 }>(
      'SELECT 1 AS found FROM processed_events WHERE master = ? AND subject_id = ? AND kind = ?',
    );
    this.deleteOld = db.prepare<[string, number]>('DELETE FROM processed_events WHERE master = ? AND processed_at < ?');
  }

  /**
   * Records that event `kind` of `subjectId` (a buildid; a workerid for worker events) was
   * handled. Returns false when it already was: the caller must then enqueue nothing.
   */
  markProcessed(subjectId: number, kind: string): boolean {
    return this.insert.run(this.master, subjectId, kind, this.now()).changes === 1;
  }

  isProcessed(subjectId: number, kind: string): boolean {
    return this.select.get(this.master, subjectId, kind) !== undefined;
  }

  /** Forgets events handled before `timestamp` (ms), once no catch-up can read them again. */
  pruneBefore(timestamp: number): number {
    return this.deleteOld.run(this.master, timestamp).changes;
  }
}
