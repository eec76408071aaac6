import { describe, expect, it } from 'vitest';
import { directRooms, MODERATOR_POWER, powerOf, readPowerLevels } from '../../../src/adapters/matrix/room-facts.js';
import { RoomIds } from '../../../src/adapters/matrix/room-ids.js';

describe('what the bot reads about a room', () => {
  it('gives each user their power level, or the room default', () => {
    const facts = { direct: false, members: new Map(), powerLevels: readPowerLevels({ users: { '@mod:x': 50, '@odd:x': 'high' }, users_default: 10 }) };
    expect(powerOf(facts, '@mod:x')).toBe(MODERATOR_POWER);
    expect(powerOf(facts, '@odd:x')).toBe(10);
    expect(powerOf(facts, '@someone:x')).toBe(10);
    expect(readPowerLevels({})).toEqual({ users: {}, usersDefault: 0 });
  });

  it('reads direct rooms from m.direct account data, ignoring junk', () => {
    expect(directRooms({ '@alice:x': ['!a:x', 3], '@bob:x': 'nope', '@carol:x': ['!c:x'] })).toEqual(new Set(['!a:x', '!c:x']));
    expect(directRooms(null)).toEqual(new Set());
  });
});

describe('room ids', () => {
  it('keeps a configured alias as the chat id of its room, and looks it up once', async () => {
    const lookups: string[] = [];
    const ids = new RoomIds(async (alias) => {
      lookups.push(alias);
      return '!builds:x';
    });
    expect(await ids.roomId('#builds:x')).toBe('!builds:x');
    expect(await ids.roomId('#builds:x')).toBe('!builds:x');
    expect(lookups).toEqual(['#builds:x']);
    expect(ids.chatId('!builds:x')).toBe('#builds:x');
    expect(ids.chatId('!other:x')).toBe('!other:x');
    expect(await ids.roomId('!other:x')).toBe('!other:x');
  });
});
