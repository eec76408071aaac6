/**
 * A rendered reply as the texts of the PRIVMSG/NOTICE lines that carry it: blank lines dropped
 * (IRC cannot send them), each line split to fit the relayed 512 bytes, and a very long answer
 * capped with a closing line saying what was left out and where to see it all. Buildbot's bot
 * sends everything, 201 lines for `status all` on a 200-builder master, which keeps a channel
 * scrolling for a minute and gets the bot killed for flooding.
 */
import { IRC_RESET } from './irc-text-format.js';
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

/** Lines one notification may take: a channel hears of many builds, each must stay short. */
export const NOTIFICATION_MAX_LINES = 2;

/** The links placed at the end of a line ("text  http://a  http://b"). */
const TRAILING_LINKS = /(?: {2}https?:\/\/\S+)+$/;

/**
 * A notification as at most NOTIFICATION_MAX_LINES lines. Its fields are cut to a budget
 * already; if it is still longer, its text is shortened with an ellipsis before the trailing
 * link, which always stays (a "[N more lines]" pointer means nothing for a notification).
 */
export function ircNotificationLines(rendered: readonly string[], to: IrcMessageTarget): string[] {
  const lines = rendered.flatMap((line) => splitIrcMessage(line, to));
  if (lines.length <= NOTIFICATION_MAX_LINES) return lines;
  const whole = rendered.filter((line) => line.trim() !== '').join(' ');
  const links = TRAILING_LINKS.exec(whole)?.[0] ?? '';
  const chars = Array.from(whole.slice(0, whole.length - links.length));
  const fits = (count: number) => splitIrcMessage(shortened(chars, count, links), to).length <= NOTIFICATION_MAX_LINES;
  // The longest prefix that fits, found by halving: fits() is monotonic in the prefix length.
  let low = 0;
  let high = chars.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  return splitIrcMessage(shortened(chars, low, links), to);
}

/** The first `count` characters, an ellipsis (formatting closed first) and the links. */
function shortened(chars: readonly string[], count: number, links: string): string {
  const text = chars.slice(0, count).join('').trimEnd();
  // eslint-disable-next-line no-control-regex
  const reset = /[\x02\x03\x04\x0f\x11\x16\x1d\x1e\x1f]/.test(text) ? IRC_RESET : '';
  return `${text}${reset}…${links}`;
}
