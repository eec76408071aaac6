import { describe, expect, it } from 'vitest';
import { botNames, parseMatrixAddressing } from '../../../src/adapters/matrix/parse-matrix-addressing.js';

const room = { userId: '@buildbot:example.org', displayName: 'CI Bot', commandPrefix: '!', private: false };

describe('addressing the bot in a Matrix room', () => {
  it('takes the command prefix', () => {
    expect(parseMatrixAddressing('!status fast-pass', room)).toBe('status fast-pass');
  });

  it('takes a mention by localpart, display name or user id, without case', () => {
    expect(parseMatrixAddressing('buildbot: status', room)).toBe('status');
    expect(parseMatrixAddressing('CI Bot: status', room)).toBe('status');
    expect(parseMatrixAddressing('ci bot, list builders', room)).toBe('list builders');
    expect(parseMatrixAddressing('@buildbot:example.org: status', room)).toBe('status');
  });

  it('ignores chatter, and a prefix not followed by a command name', () => {
    expect(parseMatrixAddressing('the buildbot: is it down?', room)).toBeNull();
    expect(parseMatrixAddressing('!!!', room)).toBeNull();
    expect(parseMatrixAddressing('status', room)).toBeNull();
  });

  it('takes every message in a direct room', () => {
    expect(parseMatrixAddressing('status', { ...room, private: true })).toBe('status');
  });

  it('reads the command after the quoted message of a reply', () => {
    expect(parseMatrixAddressing('> <@alice:example.org> it failed\n\nbuildbot: last slow', room)).toBe('last slow');
  });

  it('turns line breaks into spaces, so a pasted block stays one command', () => {
    expect(parseMatrixAddressing('!force build slow\nbecause', room)).toBe('force build slow because');
  });

  it('tries the longest name first', () => {
    expect(botNames('@bot:example.org', 'bot')).toEqual(['@bot:example.org', 'bot']);
  });
});
