import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RecordedAuditTrail } from '../../../src/audit/recorded-audit-trail.js';
import type { AuditEntry } from '../../../src/core/audit-trail.js';
import { openDatabase } from '../../../src/store/open-database.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 2);

function entry(at: number, userId: string, command = 'force'): AuditEntry {
  return { at, adapter: 'irc', chatId: '#ci', userId, userName: userId, command, line: `${command} build x`, alias: null, outcome: 'ok', detail: '' };
}

describe('the audit trail', () => {
  it('prunes entries past the retention at start and keeps the rest', () => {
    const db = openDatabase(':memory:');
    const trail = new RecordedAuditTrail(db, pino({ level: 'silent' }), 90 * DAY, () => NOW);
    trail.record(entry(NOW - 91 * DAY, 'old'));
    trail.record(entry(NOW - 89 * DAY, 'kept'));
    trail.start();
    trail.stop();
    expect(trail.latest({ limit: 10 }).map((e) => e.userId)).toEqual(['kept']);
    db.close();
  });

  it('gives the newest N entries oldest first, filtered by user id or name and command, without case', () => {
    const db = openDatabase(':memory:');
    const trail = new RecordedAuditTrail(db, pino({ level: 'silent' }), 90 * DAY, () => NOW);
    for (const [i, user] of ['a', 'b', 'A', 'c'].entries()) trail.record({ ...entry(NOW + i, user, i === 3 ? 'stop' : 'force'), userName: `Name ${user}` });
    expect(trail.latest({ limit: 2 }).map((e) => e.userId)).toEqual(['A', 'c']);
    expect(trail.latest({ limit: 10, user: 'a' }).map((e) => e.at - NOW)).toEqual([0, 2]);
    expect(trail.latest({ limit: 10, user: 'name B' }).map((e) => e.userId)).toEqual(['b']);
    expect(trail.latest({ limit: 10, command: 'STOP' }).map((e) => e.userId)).toEqual(['c']);
    db.close();
  });
});
