import { describe, expect, it } from 'vitest';
import { parseAddressing } from '../../../src/adapters/irc/parse-addressing.js';

const channel = { botNick: 'bbot', commandPrefix: '!', private: false };

describe('which IRC lines are for the bot', () => {
  it.each([
    ['bbot: status', 'status'],
    ['bbot, status all', 'status all'],
    ['bbot:status', 'status'],
    ['BBot: status', 'status'],
    ['  bbot:   force build x  ', 'force build x'],
    ['!status', 'status'],
    ['!force build fast-pass', 'force build fast-pass'],
    ['bbot:', ''],
  ])('takes %j in a channel as %j', (line, command) => {
    expect(parseAddressing(line, channel)).toBe(command);
  });

  it.each(['status', 'bbot status', 'hey bbot: status', '@bbot status', 'bbotx: status', '!!!', '! status', '!', 'bbo: status'])(
    'ignores %j in a channel',
    (line) => {
      expect(parseAddressing(line, channel)).toBeNull();
    },
  );

  it('ignores the prefix form when no prefix is configured', () => {
    expect(parseAddressing('!status', { botNick: 'bbot', private: false })).toBeNull();
  });

  it('takes every private line as a command, with any addressing removed', () => {
    const pm = { ...channel, private: true };
    expect(parseAddressing('status', pm)).toBe('status');
    expect(parseAddressing('bbot: status', pm)).toBe('status');
    expect(parseAddressing('!status', pm)).toBe('status');
    expect(parseAddressing('what?', pm)).toBe('what?');
  });

  it('answers to the nick it has now and folds case the way the server does', () => {
    const rfc1459 = (text: string) => text.toLowerCase().replace(/\[/g, '{').replace(/]/g, '}');
    expect(parseAddressing('bbot_: status', { ...channel, botNick: 'bbot_' })).toBe('status');
    expect(parseAddressing('{ci}bot: status', { ...channel, botNick: '[ci]bot', fold: rfc1459 })).toBe('status');
  });

  it('treats a multi-character prefix like a one-character one', () => {
    expect(parseAddressing('bb.status', { botNick: 'bbot', commandPrefix: 'bb.', private: false })).toBe('status');
  });
});
