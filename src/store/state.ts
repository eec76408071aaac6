/**
 * Small named values that must outlive a restart: event cursors ('events.lastCompleteAt'),
 * the Telegram update offset ('telegram.offset'), missing workers. Values are JSON.
 */
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { parseJsonColumn, type JsonValue } from './json-column.js';

export class StateStore {
  private readonly select;
  private readonly upsert;
  private readonly remove;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.select = db.prepare<[string], { value: string }>('SELECT value FROM state WHERE key = ?');
    this.upsert = db.prepare<[string, string, number]>(
      `INSERT INTO state (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.remove = db.prepare<[string]>('DELETE FROM state WHERE key = ?');
  }

  /** With a schema the value is checked; without, it is trusted to be what `set` wrote under that key. */
  get<T>(key: string, schema: z.ZodType<T>): T | undefined;
  get<T extends JsonValue = JsonValue>(key: string): T | undefined;
  get(key: string, schema?: z.ZodType): unknown {
    const row = this.select.get(key);
    if (row === undefined) return undefined;
    return schema ? parseJsonColumn(row.value, schema, `state '${key}'`) : (JSON.parse(row.value) as unknown);
  }

  set(key: string, value: JsonValue): void {
    this.upsert.run(key, JSON.stringify(value), this.now());
  }

  /** Returns whether the key was there. */
  delete(key: string): boolean {
    return this.remove.run(key).changes > 0;
  }

  /** The same store with every key under `prefix` (`master.main.`): one master's cursors. */
  scoped(prefix: string): KeyValueStore {
    return {
      get: ((key: string, schema?: z.ZodType) => (schema ? this.get(prefix + key, schema) : this.get(prefix + key))) as KeyValueStore['get'],
      set: (key, value) => this.set(prefix + key, value),
      delete: (key) => this.delete(prefix + key),
    };
  }
}

export type KeyValueStore = Pick<StateStore, 'get' | 'set' | 'delete'>;
