import { describe, expect, it } from 'vitest';
import { ircTextBudget, splitIrcMessage, type IrcMessageTarget } from '../../../src/adapters/irc/split-irc-message.js';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

const shortTarget: IrcMessageTarget = { command: 'PRIVMSG', target: '#c', nick: 'bb', user: 'bb' };
/** Long nick (30), long channel (50), NOTICE: a much smaller budget. */
const longTarget: IrcMessageTarget = {
  command: 'NOTICE',
  target: `#${'channel-'.repeat(6)}xyz`,
  nick: 'buildbot-chat-long-nickname-30',
  user: 'buildbot',
};

/** The line other clients receive: our prefix with the longest host, as the server relays it. */
function relayed(to: IrcMessageTarget, chunk: string): string {
  return `:${to.nick}!~${to.user}@${'h'.repeat(63)} ${to.command} ${to.target} :${chunk}\r\n`;
}

describe('splitting a line to fit IRC messages', () => {
  it('counts the relayed prefix, command, target and CRLF against 512 bytes', () => {
    // ":bb!~bb@" + 63 host + " " = 72; "PRIVMSG #c :" + CRLF = 14
    expect(ircTextBudget(shortTarget)).toBe(512 - 72 - 14);
    expect(bytes(relayed(shortTarget, 'x'.repeat(ircTextBudget(shortTarget))))).toBe(512);
    expect(ircTextBudget({ ...shortTarget, hostLength: 20 })).toBe(512 - 72 - 14 + 43);
    expect(ircTextBudget({ command: 'PRIVMSG', target: '#c', nick: 'bb' })).toBe(512 - 72 - 14 - 8); // ident up to 10
  });

  it('splits a 200 KB line, with and without spaces, losing no character (a commit message pasted whole)', () => {
    const budget = ircTextBudget(shortTarget);
    for (const line of ['é'.repeat(100_000), 'word '.repeat(40_000).trim()]) {
      const chunks = splitIrcMessage(line, shortTarget);
      for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(budget);
      expect(chunks.join(line.includes(' ') ? ' ' : '')).toBe(line);
    }
  });

  it('sends a short line as it is', () => {
    expect(splitIrcMessage('Build #3 of fast-pass failed.', shortTarget)).toEqual(['Build #3 of fast-pass failed.']);
    const formatted = '  \x02fast-pass\x02 \x0304failed\x0f 👩🏽‍💻 ok  http://127.0.0.1:8010/#/builders/3/builds/3';
    expect(splitIrcMessage(formatted, shortTarget)).toEqual([formatted]);
  });

  it('never produces an empty chunk', () => {
    expect(splitIrcMessage('', shortTarget)).toEqual([]);
    expect(splitIrcMessage('   ', shortTarget)).toEqual([]);
    expect(splitIrcMessage('\x02\x0304\x0f', shortTarget)).toEqual([]);
    expect(splitIrcMessage('a\n\n\nb\r\n', shortTarget)).toEqual(['a', 'b']);
  });

  it('turns line breaks into separate messages, so nothing after them runs as a command', () => {
    const chunks = splitIrcMessage('hello\r\nQUIT :bye\rthird', shortTarget);
    expect(chunks).toEqual(['hello', 'QUIT :bye', 'third']);
  });

  it('fills each relayed line up to 512 bytes with a long nick and channel', () => {
    const text = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const budget = ircTextBudget(longTarget);
    const chunks = splitIrcMessage(text, longTarget);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(bytes(relayed(longTarget, chunk))).toBeLessThanOrEqual(512);
    for (const chunk of chunks.slice(0, -1)) expect(bytes(chunk)).toBeGreaterThan(budget - 12);
    expect(chunks.join(' ')).toBe(text);
  });

  it('cuts at a space near the end rather than inside a word', () => {
    const budget = ircTextBudget(shortTarget);
    const text = `${'a'.repeat(budget - 10)} ${'b'.repeat(30)}`;
    expect(splitIrcMessage(text, shortTarget)).toEqual(['a'.repeat(budget - 10), 'b'.repeat(30)]);
  });

  it('cuts a long word without spaces at the byte limit', () => {
    const budget = ircTextBudget(shortTarget);
    const text = `short ${'x'.repeat(budget * 2)}`;
    const chunks = splitIrcMessage(text, shortTarget);
    expect(chunks.map(bytes)).toEqual([budget, budget, 6]);
    expect(chunks.join('')).toBe(text);
  });

  it('never cuts a multi-byte character at the boundary', () => {
    const budget = ircTextBudget(shortTarget);
    // One ASCII byte first, so 2-byte and 3-byte characters straddle the limit.
    for (const char of ['é', '€', '𝄞']) {
      const text = `x${char.repeat(budget)}`;
      const chunks = splitIrcMessage(text, shortTarget);
      for (const chunk of chunks) {
        expect(bytes(chunk)).toBeLessThanOrEqual(budget);
        expect(Buffer.from(chunk, 'utf8').toString('utf8')).toBe(chunk);
        expect(chunk).not.toMatch(/\uFFFD|^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
      }
      expect(bytes(chunks[0] ?? '')).toBeGreaterThan(budget - bytes(char));
      expect(chunks.join('')).toBe(text);
    }
  });

  it('keeps emoji with skin tones and ZWJ sequences whole', () => {
    const family = '👨‍👩‍👧‍👦'; // 25 bytes
    const thumbs = '👍🏽'; // 8 bytes
    const text = `${'y'.repeat(7)}${`${family}${thumbs}`.repeat(40)}`;
    const chunks = splitIrcMessage(text, shortTarget);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(bytes(chunk)).toBeLessThanOrEqual(ircTextBudget(shortTarget));
      expect(chunk).toMatch(/^(y+|👨‍👩‍👧‍👦|👍🏽)/u);
      expect(chunk.endsWith(family) || chunk.endsWith(thumbs)).toBe(true);
    }
    expect(chunks.join('')).toBe(text);
  });

  it('cuts a character with hundreds of combining marks between code points rather than overflow', () => {
    const zalgo = `a${'\u0301'.repeat(300)}`; // one grapheme of 601 bytes
    const chunks = splitIrcMessage(`${zalgo} ok`, shortTarget);
    for (const chunk of chunks) expect(bytes(chunk)).toBeLessThanOrEqual(ircTextBudget(shortTarget));
    expect(chunks.join('')).toBe(`${zalgo} ok`);
  });

  it('re-opens colour and bold on the next chunk, two-digit padded', () => {
    const budget = ircTextBudget(shortTarget);
    const text = `\x02\x034,1${'r'.repeat(budget)}\x0f tail`;
    const chunks = splitIrcMessage(text, shortTarget);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.startsWith('\x02\x034,1r')).toBe(true);
    expect(chunks[1]).toBe(`\x0304,01\x02${'r'.repeat(5)}\x0f tail`); // 5 code bytes took 5 r's' room
    for (const chunk of chunks) expect(bytes(chunk)).toBeLessThanOrEqual(budget);
  });

  it('does not re-open what was switched off before the cut', () => {
    const budget = ircTextBudget(shortTarget);
    const text = `\x02bold\x02 \x0303green\x03 \x1ditalic\x0f ${'p'.repeat(budget)}`;
    const chunks = splitIrcMessage(text, shortTarget);
    expect(chunks[1]).toMatch(/^p+$/);
  });

  it('keeps a colour code with its digits on one side of a cut', () => {
    const budget = ircTextBudget(shortTarget);
    const text = `${'z'.repeat(budget - 2)}\x0312,04blue`;
    const chunks = splitIrcMessage(text, shortTarget);
    expect(chunks).toEqual(['z'.repeat(budget - 2), '\x0312,04blue']);
  });

  it('keeps a comma after a re-opened colour from being read as a background', () => {
    const budget = ircTextBudget(shortTarget);
    const text = `\x033${'g'.repeat(budget - 2)},5 apples`;
    const chunks = splitIrcMessage(text, shortTarget);
    expect(chunks[1]).toBe('\x0303\x02\x02,5 apples');
  });

  it('refuses a target so long that no text fits', () => {
    expect(() => splitIrcMessage('hi', { ...shortTarget, target: `#${'c'.repeat(400)}` })).toThrow(RangeError);
  });
});
