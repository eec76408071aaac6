/**
 * What an IRC line we send must satisfy, whatever the user typed: it fits 512 bytes as the
 * server relays it with our full prefix (RFC 1459 2.3), and carries no CR, LF or NUL (which end
 * or cut the line and let the rest run as a command) and no other control character except
 * mIRC formatting (\x01 would make it a CTCP). Lines are made as the IRC adapter makes them.
 */
import { cappedSummary, ircReplyLines } from '../../../src/adapters/irc/irc-reply-lines.js';
import { IRC_LINE_LIMIT, type IrcMessageTarget } from '../../../src/adapters/irc/split-irc-message.js';
import { reorderingProblem } from './reordering.js';

/** Our prefix at its longest: HOSTLEN 63, and USERLEN 10 when the ident is not given. */
const LONGEST_HOST = 'h'.repeat(63);
const LONGEST_USER = 'u'.repeat(10);
/** The IRC adapter's default cap on the lines of one answer in a channel. */
const CHANNEL_MAX_LINES = 20;

// C0 controls, DEL and C1 controls, except the formatting codes \x02 \x03 \x04 \x0f \x11 \x16 \x1d \x1e \x1f.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\x00\x01\x05-\x0e\x10\x12-\x15\x17-\x1c\x7f-\x9f]/;

/** The relayed wire line for one chunk, as other clients receive it. */
export function relayedLine(chunk: string, to: IrcMessageTarget): string {
  return `:${to.nick}!~${to.user ?? LONGEST_USER}@${LONGEST_HOST} ${to.command} ${to.target} :${chunk}\r\n`;
}

/** Problems with the wire lines made from rendered reply lines; empty when all is well. */
export function checkIrcOutput(renderedLines: readonly string[], to: IrcMessageTarget): string[] {
  const problems: string[] = [];
  const summary = cappedSummary({ private: false, botNick: to.nick, webUrl: 'http://127.0.0.1:8010/' });
  for (const chunk of ircReplyLines(renderedLines, to, { maxLines: CHANNEL_MAX_LINES, summary })) {
    const bytes = Buffer.byteLength(relayedLine(chunk, to), 'utf8');
    if (bytes > IRC_LINE_LIMIT) problems.push(`a relayed line is ${bytes} bytes (limit ${IRC_LINE_LIMIT}): ${JSON.stringify(chunk.slice(0, 80))}`);
    const reordering = reorderingProblem(chunk);
    if (reordering) problems.push(reordering);
    const bad = FORBIDDEN.exec(chunk);
    if (bad) problems.push(`control character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0')} in ${JSON.stringify(chunk.slice(0, 120))}`);
  }
  return problems;
}
