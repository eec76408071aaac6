/**
 * Watches the errors the bot's own SQLite file raises at run time. Corruption (SQLITE_CORRUPT,
 * "database disk image is malformed") does not heal by retrying: it is logged once as an error
 * with the recovery steps, counted, and kept, so /healthz answers 503 until the file is
 * repaired and the bot restarted. The notifier stops on it, so its cursor stays before the
 * events it could not record and catch-up delivers them after the repair.
 */
import type { Logger } from 'pino';
import { describeDatabaseProblem, isCorruption } from './database-problem.js';

export interface DatabaseHealthOptions {
  /** The file's path, as the operator configured it. */
  path: string;
  logger: Logger;
  /** Called for every corruption error seen (the metrics counter). */
  onCorruption?: () => void;
}

export interface DatabaseHealthReport {
  ok: boolean;
  error?: string;
}

export class DatabaseHealth {
  private damage: string | null = null;

  constructor(private readonly options: DatabaseHealthOptions) {}

  /** Whether corruption was seen: work that writes state should stop. */
  get damaged(): boolean {
    return this.damage !== null;
  }

  /**
   * Takes an error from work on the database; true when it was corruption (then it was logged
   * and counted here), false when the caller should handle it as usual.
   */
  noteError(error: unknown, during: string): boolean {
    if (!isCorruption(error)) return false;
    this.options.onCorruption?.();
    if (this.damage !== null) return true;
    this.damage = error instanceof Error ? error.message : String(error);
    const problem = describeDatabaseProblem(error, this.options.path);
    this.options.logger.error({ err: error, during }, problem?.message ?? `database ${this.options.path} is damaged`);
    return true;
  }

  report(): DatabaseHealthReport {
    return this.damage === null ? { ok: true } : { ok: false, error: this.damage };
  }
}
