/**
 * The fuzzer's judges must be able to say no: each is shown output that breaks its rule.
 */
import { describe, expect, it } from 'vitest';
import { checkIrcOutput, relayedLine } from './support/check-irc-output.js';
import { checkTelegramOutput } from './support/check-telegram-output.js';
import { reorderingProblem } from './support/reordering.js';

const channel = { command: 'PRIVMSG', target: '#ci', nick: 'buildbot-chat' } as const;

describe('the IRC output check', () => {
  it('passes plain text and mIRC formatting', () => {
    expect(checkIrcOutput(['\x02fast-pass\x02: \x0303success\x0f  http://127.0.0.1:8010/#/builders/3/builds/1'], channel)).toEqual([]);
  });

  it('flags NUL and a CTCP marker', () => {
    expect(checkIrcOutput(['a\x00b'], channel)).toEqual(['control character U+0000 in "a\\u0000b"']);
    expect(checkIrcOutput(['\x01ACTION x\x01'], channel)[0]).toMatch(/^control character U\+0001/);
  });

  it('measures the line as relayed, with the longest prefix a server shows', () => {
    expect(Buffer.byteLength(relayedLine('', channel))).toBe(1 + 13 + 2 + 10 + 1 + 63 + 1 + 'PRIVMSG #ci :\r\n'.length);
  });
});

describe('the Telegram output check', () => {
  it('passes our bold and http links', () => {
    expect(checkTelegramOutput(['<b>fast-pass</b> <a href="http://127.0.0.1:8010/#/builders/3">#1</a> &lt;ok&gt; &amp;'])).toEqual([]);
  });

  it('flags markup Telegram refuses: a bare &, an unclosed or unknown tag', () => {
    expect(checkTelegramOutput(['fish & chips'])[0]).toMatch(/Unescaped "&"/);
    expect(checkTelegramOutput(['<b>open'])[0]).toMatch(/Can't find end tag/);
    expect(checkTelegramOutput(['<script>x</script>'])[0]).toMatch(/Unsupported start tag "script"/);
  });

  it('flags user text that became markup, and links that are not http', () => {
    expect(checkTelegramOutput(['<i>slanted</i>'])).toEqual(['user text became markup (italic): "<i>slanted</i>"']);
    expect(checkTelegramOutput(['<a href="tg://resolve?domain=x">x</a>'])[0]).toMatch(/^a link to "tg:/);
  });

  it('flags a message with nothing to show', () => {
    expect(checkTelegramOutput(['<b> </b>'])).toEqual(['an empty message (Telegram: message text is empty): "<b> </b>"']);
  });
});

describe('the reordering character check', () => {
  it('flags a right-to-left override or an isolate on IRC and on Telegram', () => {
    expect(checkIrcOutput(['forced by \u202eeve'], channel)).toEqual(['reordering character U+202e in "forced by \u202eeve"']);
    expect(checkTelegramOutput(['x\u2066y'])).toEqual(['reordering character U+2066 in "x\u2066y"']);
  });

  it('flags invisible characters and separators', () => {
    for (const character of ['\u200b', '\u200f', '\u2028', '\u2029', '\ufeff']) expect(reorderingProblem(`a${character}b`)).not.toBeNull();
    expect(reorderingProblem('plain, é, 😀')).toBeNull();
  });
});
