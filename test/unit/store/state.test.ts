import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase } from '../../../src/store/open-database.js';
import { StateStore } from '../../../src/store/state.js';

describe('state', () => {
  let db: Database.Database;
  let state: StateStore;
  beforeEach(() => {
    db = openDatabase(':memory:');
    state = new StateStore(db);
  });
  afterEach(() => db.close());

  it('has nothing under a key never set', () => {
    expect(state.get('telegram.offset')).toBeUndefined();
  });

  it('gives back JSON values as they were set, and the last value set', () => {
    state.set('telegram.offset', 100);
    state.set('telegram.offset', 101);
    state.set('workers.missing', { '7': 'linux-1', '9': null });
    state.set('flag', false);
    expect(state.get<number>('telegram.offset')).toBe(101);
    expect(state.get('workers.missing')).toEqual({ '7': 'linux-1', '9': null });
    expect(state.get('flag')).toBe(false);
  });

  it('keeps a scoped view’s keys under its prefix, apart from other masters’', () => {
    const main = state.scoped('master.main.');
    const release = state.scoped('master.release.');
    main.set('events.lastCompleteAt', 10);
    release.set('events.lastCompleteAt', 20);
    expect(main.get<number>('events.lastCompleteAt')).toBe(10);
    expect(release.get('events.lastCompleteAt', z.number())).toBe(20);
    expect(state.get('master.main.events.lastCompleteAt')).toBe(10);
    expect(state.get('events.lastCompleteAt')).toBeUndefined();
    expect(main.delete('events.lastCompleteAt')).toBe(true);
    expect(release.get('events.lastCompleteAt')).toBe(20);
  });

  it('checks a value against a schema when given one', () => {
    state.set('events.lastBuildId', 'not a number');
    expect(() => state.get('events.lastBuildId', z.number().int())).toThrow(/state 'events.lastBuildId' holds unexpected JSON/);
    state.set('events.lastBuildId', 12);
    expect(state.get('events.lastBuildId', z.number().int())).toBe(12);
  });

  it('deletes a key', () => {
    state.set('workers.missing.7', 'yesterday');
    expect(state.delete('workers.missing.7')).toBe(true);
    expect(state.delete('workers.missing.7')).toBe(false);
    expect(state.get('workers.missing.7')).toBeUndefined();
  });
});
