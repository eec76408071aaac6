/**
 * Text from the master or a user (a reason, a branch, an author, a builder name) can carry
 * characters that reorder or hide what follows them: bidirectional overrides and isolates,
 * zero-width characters, line and paragraph separators. Rendered on any platform, none of them
 * may survive, so such text can never reverse the rest of our line (the attribution, the link).
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/core/reply.js';
import { createIrcTextFormat } from '../../../src/adapters/irc/irc-text-format.js';
import { choicesKeyboard } from '../../../src/adapters/telegram/form-view.js';
import { telegramTextFormat } from '../../../src/adapters/telegram/telegram-text-format.js';
import { createReplyRenderer } from '../../../src/core/render-reply.js';
import { plainTextFormat } from '../../../src/core/text-format.js';

/** U+202A..U+202E embeddings and overrides, U+2066..U+2069 isolates, U+200B..U+200F, U+2028, U+2029, U+061C, U+FEFF. */
const REORDERING = /[\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/u;
const HOSTILE = ['\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u061c', '\ufeff'];

const platforms = {
  console: createReplyRenderer(plainTextFormat),
  irc: createReplyRenderer(createIrcTextFormat({ colors: true })),
  telegram: createReplyRenderer(telegramTextFormat),
};

const hostile = (word: string) => HOSTILE.map((c) => `${word}${c}`).join('');

const finished = {
  template: 'build-finished' as const,
  data: {
    master: null,
    url: 'http://master/#/builders/1/builds/7',
    number: 7,
    builder: hostile('linux'),
    result: 2,
    duration: 61,
    stateString: hostile('failed test'),
    branch: hostile('main'),
    showRevisions: true,
    revisions: [hostile('abc')],
    reason: hostile('forced by alice'),
    owner: hostile('alice'),
    blame: [hostile('bob')],
  },
};

describe.each(Object.entries(platforms))('rendered on %s', (_name, renderer) => {
  it('removes every reordering and invisible character from a notification, keeping the text', () => {
    const text = renderer.render(finished).join('\n');
    expect(text).not.toMatch(REORDERING);
    expect(text).toContain('linuxlinux');
    expect(text).toContain('http://master/#/builders/1/builds/7');
  });

  it('removes them from a plain-text reply too', () => {
    expect(renderer.render({ text: hostile('x') }).join('\n')).not.toMatch(REORDERING);
  });

  it('turns a line or paragraph separator into a space, not a new line', () => {
    const lines = renderer.render({ template: 'build-started', data: { ...finished.data, builder: 'a', reason: 'one\u2028two\u2029three' } } as Reply);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('one two three');
  });
});

describe('Telegram buttons', () => {
  it('carry no reordering character in their labels', () => {
    const keyboard = choicesKeyboard('f1', [{ label: hostile('linux'), command: 'force build linux' }]);
    const labels = keyboard.inline_keyboard.flat().map((button) => button.text);
    expect(labels.join('')).not.toMatch(REORDERING);
    expect(labels[0]).toMatch(/^linux/);
  });
});
