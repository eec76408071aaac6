/**
 * A rendered reply as the texts of the PRIVMSG/NOTICE lines that carry it: blank lines dropped
 * (IRC cannot send them), each line split to fit the relayed 512 bytes, and a very long answer
 * capped with a closing line saying what was left out and where to see it all. Buildbot's bot
 * sends everything, 201 lines for `status all` on a 200-builder master, which keeps a channel
 * scrolling for a minute and gets the bot killed for flooding.
 */
import { splitIrcMessage, type IrcMessageTarget } from './split-irc-message.js';

export interface ReplyLimit {
  /** Most lines one answer may take, the closing line included. */
  maxLines: number;
  /** The closing line when `hidden` lines were left out. */
  summary(hidden: number): string;
}

export function ircReplyLines(rendered: readonly string[], to: IrcMessageTarget, limit: ReplyLimit): string[] {
  const lines = rendered.flatMap((line) => splitIrcMessage(line, to));
  if (lines.length <= limit.maxLines) return lines;
  const kept = lines.slice(0, Math.max(0, limit.maxLines - 1));
  const summary = splitIrcMessage(limit.summary(lines.length - kept.length), to);
  return [...kept, ...summary.slice(0, 1)];
}

/** The closing line of a capped answer: in a channel, point to a private reply and the web UI. */
export function cappedSummary(options: { private: boolean; botNick: string; webUrl?: string | undefined }): (hidden: number) => string {
  return (hidden) => {
    const more = `[${hidden} more line${hidden === 1 ? '' : 's'} not shown`;
    const where = [options.private ? '' : `ask me in a private message (/msg ${options.botNick} ...)`, options.webUrl ? `see ${options.webUrl}` : '']
      .filter(Boolean)
      .join(' or ');
    return where ? `${more}: ${where}]` : `${more}]`;
  };
}
