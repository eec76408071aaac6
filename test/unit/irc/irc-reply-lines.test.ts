import { describe, expect, it } from 'vitest';
import { cappedSummary, ircReplyLines, ircNotificationLines } from '../../../src/adapters/irc/irc-reply-lines.js';
import { createIrcTextFormat } from '../../../src/adapters/irc/irc-text-format.js';
import { ircTextBudget, type IrcMessageTarget } from '../../../src/adapters/irc/split-irc-message.js';
import { createReplyRenderer } from '../../../src/core/render-reply.js';

const failedNotice = {
  master: null, builder: 'fast-fail', number: 4, url: 'http://m/#/builders/3/builds/4', branch: null, revisions: [], showRevisions: false,
  reason: '', result: 2, stateString: 'failed test', duration: 3, owner: '', blame: [],
};

const to: IrcMessageTarget = { command: 'PRIVMSG', target: '#ci', nick: 'bbot', user: 'buildbot' };
const limit = (maxLines: number) => ({ maxLines, summary: (hidden: number) => `[${hidden} more]` });

describe('IRC lines of a reply', () => {
  it('drops blank lines and keeps the others in order', () => {
    expect(ircReplyLines(['one', '', '  ', 'two'], to, limit(10))).toEqual(['one', 'two']);
  });

  it('splits a line too long for IRC into lines that fit', () => {
    const long = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const lines = ircReplyLines([long], to, limit(10));
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(ircTextBudget(to));
    expect(lines.join(' ')).toBe(long);
  });

  it('keeps an answer at the limit whole', () => {
    const rendered = Array.from({ length: 5 }, (_, i) => `line ${i}`);
    expect(ircReplyLines(rendered, to, limit(5))).toEqual(rendered);
  });

  it('caps a longer answer, counting split lines, with a closing line', () => {
    const rendered = Array.from({ length: 8 }, (_, i) => `line ${i}`);
    expect(ircReplyLines(rendered, to, limit(5))).toEqual(['line 0', 'line 1', 'line 2', 'line 3', '[4 more]']);
  });
});

describe('the closing line of a capped answer', () => {
  it('points a channel to a private reply and the web UI', () => {
    expect(cappedSummary({ private: false, botNick: 'bbot', webUrl: 'http://ci/' })(12)).toBe('[12 more lines not shown: ask me in a private message (/msg bbot ...) or see http://ci/]');
  });

  it('points a private chat to the web UI only, and says nothing more without one', () => {
    expect(cappedSummary({ private: true, botNick: 'bbot', webUrl: 'http://ci/' })(1)).toBe('[1 more line not shown: see http://ci/]');
    expect(cappedSummary({ private: true, botNick: 'bbot' })(3)).toBe('[3 more lines not shown]');
  });
});

describe('a notification on IRC', () => {
  const to = { command: 'PRIVMSG', target: '#ci', nick: 'bbot', user: 'bbot' } as const;

  it('takes two lines at most: the text is cut with an ellipsis and the trailing link kept', () => {
    const lines = ircNotificationLines([`Build #1 of \x02x\x02 failed: ${'word '.repeat(1_000)}end.  http://m/#/builders/1/builds/1`], to);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Build #1 of \x02x\x02 failed: word word/);
    expect(lines[1]).toMatch(/word\x0f…  http:\/\/m\/#\/builders\/1\/builds\/1$/);
    expect(lines.join(' ')).not.toContain('end.');
  });

  it("keeps a failure's build link and ends a long log tail with the link to the whole log", () => {
    const renderer = createReplyRenderer(createIrcTextFormat({ colors: false }));
    const tail = { step: 'test', lines: Array.from({ length: 30 }, (_, i) => `FAIL: test_widget_${i} assertion error in module foo`), rawUrl: 'http://m/api/v2/logs/40/raw' };
    const rendered = renderer.render({ template: 'build-finished', data: { ...failedNotice, tail } });
    const lines = ircNotificationLines(rendered, to);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^Build #4 of fast-fail failed after 3s: failed test\.  http:\/\/m\/#\/builders\/3\/builds\/4 Last 30 lines of step test: FAIL: test_widget_0 /);
    expect(lines[1]).toMatch(/…  http:\/\/m\/api\/v2\/logs\/40\/raw$/);
  });

  it('leaves a notification that fits as it is', () => {
    expect(ircNotificationLines(['Build #1 of x failed.  http://m/1'], to)).toEqual(['Build #1 of x failed.  http://m/1']);
  });
});
