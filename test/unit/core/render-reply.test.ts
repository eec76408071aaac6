import { describe, expect, it } from 'vitest';
import { createReplyRenderer } from '../../../src/core/render-reply.js';
import { plainTextFormat, type TextFormat } from '../../../src/core/text-format.js';

const plain = createReplyRenderer(plainTextFormat);

/** A format that makes formatting visible, to check templates call it. */
const marked: TextFormat = {
  name: 'marked',
  escape: (text) => text.replace(/</g, '&lt;'),
  bold: (text) => `<b>${text.replace(/</g, '&lt;')}</b>`,
  result: (result, words) => `<r${result}>${words}</r>`,
  link: (url, label) => `<a href="${url}">${label}</a>`,
};

describe('rendering replies from templates', () => {
  it('renders a plain-text reply line by line, stripping control characters', () => {
    expect(plain.render({ text: 'one\ntwo\u0007\u0003' })).toEqual(['one', 'two']);
  });

  it('moves links to the end of the line on platforms without links', () => {
    const lines = plain.render({ template: 'force-started', data: { builder: 'slow', number: 4, url: 'http://bb/#/builders/6/builds/4' } });
    expect(lines).toEqual(['Build #4 of slow started.  http://bb/#/builders/6/builds/4']);
  });

  it('uses the platform format for bold, links and results', () => {
    const renderer = createReplyRenderer(marked);
    const lines = renderer.render({
      template: 'stop-ended',
      data: { builder: 'slow', number: 1, url: 'http://bb/1', result: 6, waited: 20 },
    });
    expect(lines).toEqual(['Build <a href="http://bb/1">#1</a> of <b>slow</b> <r6>was cancelled</r>.']);
  });

  it('escapes untrusted values printed with <%= %>', () => {
    const renderer = createReplyRenderer(marked);
    expect(renderer.render({ template: 'unknown-command', data: { name: '<script>', prefix: '/', commands: ['help'] } })).toEqual([
      "I don't know the command '&lt;script>'. I know: /help.",
    ]);
  });

  it('keeps an untrusted value from forging a trailing link', () => {
    const lines = plain.render({ template: 'force-started', data: { builder: 'evil\uE000http://phish\uE001', number: 1, url: 'http://bb/1' } });
    expect(lines).toEqual(['Build #1 of evilhttp://phish started.  http://bb/1']);
  });
});
