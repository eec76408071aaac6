/**
 * Which room messages are meant for the bot, IRC's rules with Matrix's names: "!status" (the
 * commandPrefix), or a mention at the start, "buildbot: status". Clients write a mention as the
 * bot's display name (Element puts a pill in the HTML body and the display name in the plain
 * body), so the display name, the localpart and the full user id all address it. In a direct
 * room every message is a command.
 */
import { stripControl } from '../../core/text-format.js';
import { parseAddressing } from '../irc/parse-addressing.js';

export interface MatrixAddressingContext {
  /** The bot's user id, e.g. @buildbot:example.org. */
  userId: string;
  /** Its display name in this room, when it has one. */
  displayName?: string | undefined;
  commandPrefix?: string | undefined;
  private: boolean;
}

/** Matrix names compare without case the way people type them: Unicode lower case. */
const fold = (text: string): string => text.toLowerCase();

/** The names a message may start with to address the bot, longest first (an id holds its localpart). */
export function botNames(userId: string, displayName?: string): string[] {
  const localpart = /^@([^:]+):/.exec(userId)?.[1];
  const names = [userId, displayName, localpart].filter((name): name is string => name !== undefined && name.trim() !== '');
  return [...new Set(names.map((name) => name.trim()))].sort((a, b) => b.length - a.length);
}

/** The command text with the addressing removed, or null when the message is not for the bot. */
export function parseMatrixAddressing(body: string, context: MatrixAddressingContext): string | null {
  const line = stripControl(withoutReplyFallback(body));
  for (const name of botNames(context.userId, context.displayName)) {
    const text = parseAddressing(line, { botNick: name, private: false, fold });
    if (text !== null) return text;
  }
  return parseAddressing(line, { botNick: '', commandPrefix: context.commandPrefix, private: context.private, fold });
}

/**
 * A reply quotes the message it answers in its plain body: lines starting with "> ", then a
 * blank line (the spec's reply fallback). The command is what follows.
 */
function withoutReplyFallback(body: string): string {
  if (!body.startsWith('> ')) return body;
  const end = body.indexOf('\n\n');
  return end === -1 ? body : body.slice(end + 2);
}
