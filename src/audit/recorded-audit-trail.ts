/**
 * The audit trail as the bot keeps it: each entry is a row of the audit_log table and a JSON
 * log line (part "audit"), so a log shipper sees who did what without reading the database.
 * Rows older than the retention are pruned at start and once a day after.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { AuditEntry, AuditQuery, AuditTrail } from '../core/audit-trail.js';
import { AuditLog } from '../store/audit-log.js';

const DAY_MS = 86_400_000;

export class RecordedAuditTrail implements AuditTrail {
  private readonly log: AuditLog;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    db: Database.Database,
    logger: Logger,
    private readonly retentionMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.log = new AuditLog(db);
    this.logger = logger.child({ part: 'audit' });
  }

  record(entry: AuditEntry): void {
    this.logger.info({ audit: { ...entry, at: new Date(entry.at).toISOString() } }, `dangerous command ${entry.command}: ${entry.outcome}`);
    try {
      this.log.record(entry);
    } catch (error) {
      // the log line above still tells; a full disk must not stop the command's replies
      this.logger.error({ err: error }, 'could not write the audit log entry to the database');
    }
  }

  latest(query: AuditQuery): AuditEntry[] {
    return this.log.latest(query);
  }

  /** Prunes now and every day until `stop`. */
  start(): void {
    this.prune();
    this.timer = setInterval(() => this.prune(), DAY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private prune(): void {
    try {
      const removed = this.log.pruneBefore(this.now() - this.retentionMs);
      if (removed > 0) this.logger.info({ removed }, 'pruned audit log entries past their retention');
    } catch (error) {
      this.logger.warn({ err: error }, 'could not prune the audit log; trying again tomorrow');
    }
  }
}
