/**
 * State of multi-step Telegram inline keyboards, kept server side. A button's callback_data
 * holds only a short random form id: Telegram allows 64 bytes there, and Buildbot's in-memory
 * cache of longer data grew without bound and broke every button at each restart.
 */
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { parseJsonColumn, type JsonValue } from './json-column.js';

/** 12 random bytes: 16 base64url characters, unguessable, leaving 48 bytes for a prefix. */
const ID_BYTES = 12;

export interface NewForm {
  chatId: string;
  /** Only this user's presses belong to the form. */
  userId: string;
  /** What the form is for ('force', 'stop'…): tells the reader how to read `data`. */
  kind: string;
  data: JsonValue;
  /** ms since the epoch */
  expiresAt: number;
}

export interface Form extends Omit<NewForm, 'data'> {
  id: string;
  /** Checked by the reader with the schema for its `kind`. */
  data: unknown;
}

interface Row {
  id: string;
  chatId: string;
  userId: string;
  kind: string;
  data: string;
  expiresAt: number;
}

export class TelegramForms {
  private readonly insert;
  private readonly select;
  private readonly updateLive;
  private readonly deleteId;
  private readonly deleteExpired;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    this.insert = db.prepare<Row & { now: number }>(
      `INSERT INTO telegram_forms (id, chat_id, user_id, kind, data, expires_at, created_at)
       VALUES (@id, @chatId, @userId, @kind, @data, @expiresAt, @now)`,
    );
    this.select = db.prepare<[string, number], Row>(
      `SELECT id, chat_id AS chatId, user_id AS userId, kind, data, expires_at AS expiresAt
       FROM telegram_forms WHERE id = ? AND expires_at > ?`,
    );
    this.updateLive = db.prepare<{ id: string; data: string; expiresAt: number | null; now: number }>(
      `UPDATE telegram_forms SET data = @data, expires_at = coalesce(@expiresAt, expires_at)
       WHERE id = @id AND expires_at > @now`,
    );
    this.deleteId = db.prepare<[string]>('DELETE FROM telegram_forms WHERE id = ?');
    this.deleteExpired = db.prepare<[number]>('DELETE FROM telegram_forms WHERE expires_at <= ?');
  }

  /** Stores a form and returns its new id. */
  create(form: NewForm): string {
    const id = randomBytes(ID_BYTES).toString('base64url');
    this.insert.run({ ...form, id, data: JSON.stringify(form.data), now: this.now() });
    return id;
  }

  /** The form, or null when it is unknown or expired. */
  get(id: string): Form | null {
    const row = this.select.get(id, this.now());
    if (!row) return null;
    return { ...row, data: parseJsonColumn(row.data, z.unknown(), `telegram form ${row.id}`) };
  }

  /** Replaces the data (and the expiry, when given); false when the form is gone or expired. */
  update(id: string, data: JsonValue, expiresAt: number | null = null): boolean {
    return this.updateLive.run({ id, data: JSON.stringify(data), expiresAt, now: this.now() }).changes > 0;
  }

  delete(id: string): boolean {
    return this.deleteId.run(id).changes > 0;
  }

  /** Deletes expired forms; returns how many. */
  purgeExpired(): number {
    return this.deleteExpired.run(this.now()).changes;
  }
}
