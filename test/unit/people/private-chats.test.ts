import { describe, expect, it } from 'vitest';
import { DirectRooms } from '../../../src/adapters/matrix/direct-rooms.js';
import { PLATFORMS } from '../../../src/adapters/platforms.js';
import { privateChatRule } from '../../../src/core/platform.js';
import { openDatabase } from '../../../src/store/open-database.js';

describe('which stored chats are private (no mentions there), by each platform’s descriptor', () => {
  const db = openDatabase(':memory:');
  const isPrivate = privateChatRule(PLATFORMS, db);

  it('IRC: a nick is private, a channel is not, on a named network too', () => {
    expect(isPrivate('irc', 'alice')).toBe(true);
    expect(isPrivate('irc', '#ci')).toBe(false);
    expect(isPrivate('irc/libera', '&local')).toBe(false);
    expect(isPrivate('irc/libera', 'bob')).toBe(true);
  });

  it('Telegram: a user’s chat (positive id) is private, a group (negative id) is not', () => {
    expect(isPrivate('telegram', '123456')).toBe(true);
    expect(isPrivate('telegram/work', '-1001234')).toBe(false);
  });

  it('the console is one person’s; an adapter no platform claims counts as a room', () => {
    expect(isPrivate('console', 'console')).toBe(true);
    expect(isPrivate('gone', '42')).toBe(false);
  });

  it('Matrix: a room the adapter saw as a direct room of two is private, until it sees otherwise; an alias never is', () => {
    expect(isPrivate('matrix', '!dm:example.org')).toBe(false);
    const rooms = new DirectRooms(db, 'matrix');
    rooms.note('!dm:example.org', true);
    expect(isPrivate('matrix', '!dm:example.org')).toBe(true);
    // another account's rooms are its own
    expect(isPrivate('matrix/other', '!dm:example.org')).toBe(false);
    rooms.note('!dm:example.org', false);
    expect(isPrivate('matrix', '!dm:example.org')).toBe(false);
    rooms.note('#builds:example.org', true);
    expect(isPrivate('matrix', '#builds:example.org')).toBe(false);
  });
});
