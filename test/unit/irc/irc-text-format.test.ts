import { describe, expect, it } from 'vitest';
import { createIrcTextFormat } from '../../../src/adapters/irc/irc-text-format.js';
import { createReplyRenderer } from '../../../src/core/render-reply.js';

const coloured = createIrcTextFormat({ colors: true });
const plain = createIrcTextFormat({ colors: false });

describe('IRC text format', () => {
  it.each([
    [0, '03'],
    [1, '07'],
    [2, '04'],
    [3, '12'],
    [4, '06'],
    [5, '10'],
    [6, '14'],
  ])('colours result %i with mIRC colour %s, two digits, then a reset', (result, colour) => {
    expect(coloured.result(result, 'words')).toBe(`\x03${colour}words\x0f`);
  });

  it('keeps a result word that starts with a digit readable (zero-padded colour)', () => {
    expect(coloured.result(0, '3 builds')).toBe('\x03033 builds\x0f');
  });

  it('leaves running builds and unknown results uncoloured', () => {
    expect(coloured.result(null, 'is still running')).toBe('is still running');
    expect(coloured.result(42, 'odd')).toBe('odd');
  });

  it('bolds with \\x02 around the text', () => {
    expect(coloured.bold('fast-pass')).toBe('\x02fast-pass\x02');
  });

  it('sanitises what it formats, so untrusted text cannot add codes or lines', () => {
    expect(coloured.bold('a\x0304red\r\nQUIT :x')).toBe('\x02ared QUIT :x\x02');
    expect(coloured.result(2, '\x02failed\x0f')).toBe('\x0304failed\x0f');
    expect(coloured.escape('\x0312,4x\ny')).toBe('x y');
  });

  it('writes no control codes at all with colours off', () => {
    expect(plain.result(2, 'failed')).toBe('failed');
    expect(plain.bold('fast-pass')).toBe('fast-pass');
    expect(createIrcTextFormat({ colors: false, bold: true }).bold('b')).toBe('\x02b\x02');
  });

  it('prints a link as its label with the URL moved to the end of the line', () => {
    const renderer = createReplyRenderer(coloured);
    const lines = renderer.render({
      template: 'stop-ended',
      data: { builder: 'slow', number: 1, url: 'http://bb/#/builders/6/builds/1', result: 6, waited: 20 },
    });
    expect(lines).toEqual(['Build #1 of \x02slow\x02 \x0314was cancelled\x0f.  http://bb/#/builders/6/builds/1']);
  });

  it('prints a link whose label is the URL once', () => {
    expect(coloured.link('http://bb/1', 'http://bb/1')).toBe('http://bb/1');
  });
});
