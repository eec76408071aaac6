import { describe, expect, it } from 'vitest';
import { escapeHtml, telegramTextFormat } from '../../../src/adapters/telegram/telegram-text-format.js';
import { createReplyRenderer } from '../../../src/core/render-reply.js';
import { parseHtml } from '../../fakes/fake-telegram/parse-html.js';

const renderer = createReplyRenderer(telegramTextFormat);

describe('Telegram HTML', () => {
  it('escapes the characters HTML parse mode gives meaning to, and drops control characters', () => {
    expect(escapeHtml('a<b>&"c"\u0007\nd')).toBe('a&lt;b&gt;&amp;&quot;c&quot; d');
  });

  it('shows Markdown-looking builder names as they are (Buildbot loses such messages)', () => {
    const lines = renderer.render({ template: 'force-started', data: { builder: 'lint_*fast*_[x]', number: 3, url: 'http://127.0.0.1:8010/#/builders/1/builds/3' } });
    expect(lines).toEqual(['Build <a href="http://127.0.0.1:8010/#/builders/1/builds/3">#3</a> of <b>lint_*fast*_[x]</b> started.']);
    expect(parseHtml(lines.join('\n')).text).toBe('Build #3 of lint_*fast*_[x] started.');
  });

  it('cannot be broken out of by a hostile name', () => {
    const lines = renderer.render({ template: 'force-started', data: { builder: '</b><a href="http://evil">x</a>&amp;', number: 1, url: 'http://bb/"><b>' } });
    const parsed = parseHtml(lines.join('\n'));
    expect(parsed.text).toBe('Build #1 of </b><a href="http://evil">x</a>&amp; started.');
    expect(parsed.entities.map((e) => e.type)).toEqual(['text_link', 'bold']);
  });

  it('links only http(s) URLs and marks results with an emoji', () => {
    expect(telegramTextFormat.link('javascript:alert(1)', 'log')).toBe('log');
    expect(telegramTextFormat.result(2, 'failed')).toBe('failed ❌');
    expect(telegramTextFormat.result(null, 'running')).toBe('running');
  });
});
