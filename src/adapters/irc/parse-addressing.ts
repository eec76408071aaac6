/**
 * Which chat lines are meant for the bot. In a channel: "bbot: status", "bbot, status" (the
 * space after the separator is optional, the nick compares case-insensitively, unlike
 * Buildbot's), or the configured prefix right before a command name ("!status"). In a private
 * message every line is a command, and a copied channel form is accepted there too.
 */

export interface AddressingContext {
  /** The bot's current nick (a fallback such as "bbot_" while the wanted one is taken). */
  botNick: string;
  /** The config's commandPrefix, if any. */
  commandPrefix?: string | undefined;
  private: boolean;
  /** The server's case folding; default ASCII. */
  fold?: (text: string) => string;
}

const asciiFold = (text: string): string => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/** The command text with the addressing removed, or null when the line is not for the bot. */
export function parseAddressing(line: string, context: AddressingContext): string | null {
  const text = line.trim();
  const fold = context.fold ?? asciiFold;
  const nick = context.botNick;
  const separator = text.charAt(nick.length);
  if (nick !== '' && (separator === ':' || separator === ',') && fold(text.slice(0, nick.length)) === fold(nick)) {
    return text.slice(nick.length + 1).trim();
  }
  const prefix = context.commandPrefix;
  // A letter must follow, so "!!!" or "! yes" in a channel is chatter, not an unknown command.
  if (prefix && text.startsWith(prefix) && /^[A-Za-z]/.test(text.slice(prefix.length))) {
    return text.slice(prefix.length).trim();
  }
  return context.private ? text : null;
}
