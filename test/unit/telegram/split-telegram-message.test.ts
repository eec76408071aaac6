import { describe, expect, it } from 'vitest';
import { splitTelegramMessage, TELEGRAM_MESSAGE_LIMIT } from '../../../src/adapters/telegram/split-telegram-message.js';
import { parseHtml } from '../../fakes/fake-telegram/parse-html.js';

/** What Telegram would show: every chunk must parse on its own and fit. */
function shown(chunks: string[], limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  return chunks.map((chunk) => {
    const { text } = parseHtml(chunk);
    expect(chunk.length).toBeLessThanOrEqual(limit);
    return text;
  });
}

describe('splitting a reply into Telegram messages', () => {
  it('keeps a short reply in one message, lines joined by newlines', () => {
    expect(splitTelegramMessage(['<b>fast-pass</b> idle', 'slow running'])).toEqual(['<b>fast-pass</b> idle\nslow running']);
  });

  it('sends nothing for a reply without text', () => {
    expect(splitTelegramMessage([])).toEqual([]);
    expect(splitTelegramMessage(['', '  '])).toEqual([]);
  });

  it('cuts between lines when the lines together are too long', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    const chunks = splitTelegramMessage(lines);
    expect(chunks.length).toBeGreaterThan(1);
    expect(shown(chunks).join('\n')).toBe(lines.join('\n'));
    for (const chunk of chunks) expect(chunk.startsWith('line ')).toBe(true);
  });

  it('cuts an overlong line at a space, closing and reopening the tags open there', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`);
    const line = `<b>${words.join(' ')}</b> <a href="https://ci.example/x?a=1&amp;b=2">log</a>`;
    const chunks = splitTelegramMessage([line], 60);
    expect(chunks.length).toBeGreaterThan(2);
    const texts = shown(chunks, 60);
    expect(texts.join(' ')).toBe(`${words.join(' ')} log`);
    for (const chunk of chunks.slice(0, -1)) expect(chunk).toMatch(/^<b>.*<\/b>$/);
    expect(chunks.at(-1)).toContain('<a href="https://ci.example/x?a=1&amp;b=2">log</a>');
  });

  it('cuts a word longer than a message between characters, never inside an entity or a surrogate pair', () => {
    const word = '&lt;😀'.repeat(30);
    const chunks = splitTelegramMessage([word], 25);
    const texts = shown(chunks, 25);
    expect(texts.join('')).toBe('<😀'.repeat(30));
    for (const chunk of chunks) {
      expect(chunk).not.toMatch(/&[a-z]*$/);
      expect(chunk).not.toMatch(/[\uD800-\uDBFF]$/);
    }
  });

  it('fills messages up to the 4096 limit with a long log excerpt', () => {
    const line = 'y'.repeat(10_000);
    const chunks = splitTelegramMessage([line]);
    expect(chunks.map((chunk) => chunk.length)).toEqual([4096, 4096, 1808]);
    expect(shown(chunks).join('')).toBe(line);
  });
});
