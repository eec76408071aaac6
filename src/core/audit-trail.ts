/**
 * What the dispatcher records of every dangerous command: allowed or refused, asked, confirmed
 * or cancelled, and what the master answered. Kept in SQLite and written as a log line
 * (src/store/audit-log.ts); `audit` reads it back.
 */
export type AuditOutcome =
  /** refused by authz */
  | 'denied'
  /** a confirmation question was asked */
  | 'asked'
  /** the question was answered no, timed out, or another command came first */
  | 'cancelled'
  /** ran (after a yes when `confirmed`), with the command's outcome */
  | 'ok'
  | 'usage'
  | 'failed'
  | 'error';

export interface AuditEntry {
  /** ms since the epoch */
  at: number;
  adapter: string;
  chatId: string;
  userId: string;
  userName: string;
  command: string;
  /** The command line that ran (an alias's expansion). */
  line: string;
  /** The alias typed, when the line came from one. */
  alias: string | null;
  outcome: AuditOutcome;
  /** What the master answered (a build request id), why it was cancelled, the error. */
  detail: string;
}

export interface AuditQuery {
  limit: number;
  /** A user id or display name, compared without case. */
  user?: string;
  command?: string;
}

export interface AuditTrail {
  record(entry: AuditEntry): void;
  /** The newest entries matching, oldest first. */
  latest(query: AuditQuery): AuditEntry[];
}
