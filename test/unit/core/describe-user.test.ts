import { describe, expect, it } from 'vitest';
import { describeUser, ownerWithAddress } from '../../../commands/support/describe-user.js';
import type { IncomingMessage } from '../../../src/core/message.js';
import { chatUserOfOwner } from '../../../src/people/match-author.js';

function message(user: string, chat: { adapter: string; id: string; private: boolean; title?: string }, id = user): IncomingMessage {
  return { chat, user: { id, name: user }, text: 'force build x', addressed: true };
}

// Buildbot's force scheduler accepts an owner only when it looks like "Name <a@b.c>"
// (forcesched.py VALID_EMAIL), so the address must have a dotted domain.
const VALID_EMAIL = /^[^<>@\s]+(?: [^<>@]+)* <[^@<>\s]+@[^@<>\s]+\.[^@<>\s]+>$/;

describe('ownerWithAddress', () => {
  it('names the user and the channel, with an address the force scheduler accepts', () => {
    const owner = ownerWithAddress(message('alice', { adapter: 'irc', id: '#ci', private: false }));
    expect(owner).toBe('alice on #ci <alice@irc.invalid>');
    expect(owner).toMatch(VALID_EMAIL);
  });

  it('keeps the address valid for ids with spaces, @ and angle brackets', () => {
    const owner = ownerWithAddress(message('a b@<c>', { adapter: 'console', id: 'console', private: true }));
    expect(owner).toBe('a b@<c> <a%20b%40%3Cc%3E@console.invalid>');
  });

  it('writes a Matrix user id so that it reads back whole, and the force scheduler accepts it', () => {
    const owner = ownerWithAddress(message('Alice', { adapter: 'matrix', id: '!room:example.org', private: true }, '@alice:example.org'));
    expect(owner).toBe('Alice <%40alice:example.org@matrix.invalid>');
    expect(owner).toMatch(VALID_EMAIL);
    expect(chatUserOfOwner(owner)).toEqual({ adapter: 'matrix', id: '@alice:example.org' });
  });

  it('describes a private chat by the user alone', () => {
    expect(describeUser(message('42', { adapter: 'telegram', id: '42', private: true }))).toBe('42');
  });

  it("turns a network's adapter name into a domain Buildbot accepts", () => {
    const owner = ownerWithAddress(message('bob', { adapter: 'irc/libera', id: '#ci', private: false }));
    expect(owner).toBe('bob on #ci <bob@libera.irc.invalid>');
  });
});
