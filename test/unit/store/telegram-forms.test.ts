import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/open-database.js';
import { TelegramForms, type NewForm } from '../../../src/store/telegram-forms.js';

describe('Telegram forms', () => {
  let db: Database.Database;
  let now: number;
  let forms: TelegramForms;
  beforeEach(() => {
    db = openDatabase(':memory:');
    now = 1_000_000;
    forms = new TelegramForms(db, () => now);
  });
  afterEach(() => db.close());

  const force: NewForm = { chatId: '-100', userId: '42', kind: 'force', data: { builder: 'linux', step: 1 }, expiresAt: 1_060_000 };

  it('gives each form a short random id that fits in callback_data with a prefix', () => {
    const ids = new Set(Array.from({ length: 200 }, () => forms.create(force)));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(Buffer.byteLength(`form:${id}:choice-12`)).toBeLessThanOrEqual(64);
    }
  });

  it('returns a live form as it was created', () => {
    const id = forms.create(force);
    expect(forms.get(id)).toEqual({ id, chatId: '-100', userId: '42', kind: 'force', data: { builder: 'linux', step: 1 }, expiresAt: 1_060_000 });
    expect(forms.get('unknown')).toBeNull();
  });

  it('returns nothing once the form has expired', () => {
    const id = forms.create(force);
    now = 1_060_000;
    expect(forms.get(id)).toBeNull();
  });

  it('updates the data and, when given, the expiry of a live form only', () => {
    const id = forms.create(force);
    expect(forms.update(id, { builder: 'linux', step: 2 })).toBe(true);
    expect(forms.get(id)).toMatchObject({ data: { builder: 'linux', step: 2 }, expiresAt: 1_060_000 });
    expect(forms.update(id, { builder: 'linux', step: 3 }, 1_120_000)).toBe(true);
    now = 1_100_000;
    expect(forms.get(id)).toMatchObject({ data: { builder: 'linux', step: 3 }, expiresAt: 1_120_000 });
    now = 1_120_000;
    expect(forms.update(id, { step: 4 }, 2_000_000)).toBe(false);
    expect(forms.get(id)).toBeNull();
  });

  it('deletes a form', () => {
    const id = forms.create(force);
    expect(forms.delete(id)).toBe(true);
    expect(forms.delete(id)).toBe(false);
    expect(forms.get(id)).toBeNull();
  });

  it('purges expired forms and keeps live ones', () => {
    forms.create({ ...force, expiresAt: 1_000_500 });
    forms.create({ ...force, expiresAt: 1_001_000 });
    const live = forms.create({ ...force, expiresAt: 1_001_001 });
    now = 1_001_000;
    expect(forms.purgeExpired()).toBe(2);
    expect(forms.get(live)).not.toBeNull();
    expect(db.prepare('SELECT count(*) AS n FROM telegram_forms').get()).toEqual({ n: 1 });
  });
});
