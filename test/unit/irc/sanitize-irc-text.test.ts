import { describe, expect, it } from 'vitest';
import { sanitizeIrcText } from '../../../src/adapters/irc/sanitize-irc-text.js';

describe('sanitizing untrusted text for IRC', () => {
  it('turns a CR/LF injection into one harmless line', () => {
    expect(sanitizeIrcText('x\r\nQUIT :bye')).toBe('x QUIT :bye');
    expect(sanitizeIrcText('a\rb\nc\n\nd')).toBe('a b c d');
  });

  it('removes NUL, which truncates lines on many servers', () => {
    expect(sanitizeIrcText('fast\0pass')).toBe('fastpass');
  });

  it('removes CTCP markers so text cannot become an ACTION or VERSION request', () => {
    expect(sanitizeIrcText('\x01ACTION dances\x01')).toBe('ACTION dances');
  });

  it.each([
    ['bold', '\x02'],
    ['reset', '\x0f'],
    ['monospace', '\x11'],
    ['reverse', '\x16'],
    ['italic', '\x1d'],
    ['strikethrough', '\x1e'],
    ['underline', '\x1f'],
  ])('removes the %s code', (_name, code) => {
    expect(sanitizeIrcText(`a${code}b${code}c`)).toBe('abc');
  });

  it('removes colour codes together with their digits', () => {
    expect(sanitizeIrcText('\x0312,4blue on red\x03 and \x034red\x03')).toBe('blue on red and red');
    expect(sanitizeIrcText('\x03041234')).toBe('1234'); // clients read at most two digits
    expect(sanitizeIrcText('\x03,5')).toBe(',5'); // no foreground: the comma is text
  });

  it('removes hex colour codes together with their digits', () => {
    expect(sanitizeIrcText('\x04FF0000red\x04 \x04ff0000,00FF00both\x04')).toBe('red both');
  });

  it('turns tabs into spaces and removes the other C0 controls, DEL and C1', () => {
    expect(sanitizeIrcText('a\tb')).toBe('a b');
    const controls = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i))
      .filter((c) => !'\t\r\n'.includes(c))
      .join('');
    expect(sanitizeIrcText(`<${controls}\x7f\x85\x9b>`)).toBe('<>');
  });

  it('keeps ordinary text, unicode and emoji unchanged', () => {
    const text = 'Build #3 of fast-pass: café 👍🏽 — [x] `y` <z> 100%';
    expect(sanitizeIrcText(text)).toBe(text);
  });
});
