/**
 * The audit log's table: one row per dangerous command event. Rows older than the retention
 * (`audit.retentionDays`) are pruned once a day.
 */
import type Database from 'better-sqlite3';
import type { AuditEntry, AuditQuery } from '../core/audit-trail.js';

const COLUMNS = `at, adapter, chat_id AS chatId, user_id AS userId, user_name AS userName, command, line, alias, outcome, detail`;

export class AuditLog {
  private readonly insert;
  private readonly select;
  private readonly prune;

  constructor(db: Database.Database) {
    this.insert = db.prepare<AuditEntry>(
      `INSERT INTO audit_log (at, adapter, chat_id, user_id, user_name, command, line, alias, outcome, detail)
       VALUES (@at, @adapter, @chatId, @userId, @userName, @command, @line, @alias, @outcome, @detail)`,
    );
    this.select = db.prepare<{ limit: number; user: string | null; command: string | null }, AuditEntry>(
      `SELECT ${COLUMNS} FROM (
         SELECT * FROM audit_log
         WHERE (@user IS NULL OR lower(user_id) = lower(@user) OR lower(user_name) = lower(@user))
           AND (@command IS NULL OR lower(command) = lower(@command))
         ORDER BY id DESC LIMIT @limit
       ) ORDER BY id`,
    );
    this.prune = db.prepare<[number]>('DELETE FROM audit_log WHERE at < ?');
  }

  record(entry: AuditEntry): void {
    this.insert.run(entry);
  }

  latest(query: AuditQuery): AuditEntry[] {
    return this.select.all({ limit: query.limit, user: query.user ?? null, command: query.command ?? null });
  }

  /** Deletes rows recorded before `before` (ms); returns how many. */
  pruneBefore(before: number): number {
    return this.prune.run(before).changes;
  }
}
