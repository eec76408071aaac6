/**
 * The adapter-neutral shape of a chat line. An adapter turns a platform event (an IRC PRIVMSG,
 * a Telegram update, a console line) into one of these; the core never sees the platform.
 */
export interface ChatRef {
  /** Which adapter owns the chat: its platform's name (console, irc, ...), or platform/network. */
  adapter: string;
  /** Stable id within the adapter: an IRC channel or nick, a Telegram chat id. */
  id: string;
  /** A private conversation with one user (IRC PM, Telegram private chat, the console). */
  private: boolean;
  /** Human name of the chat, for messages such as "by alice on #ci". */
  title?: string;
}

export interface ChatUser {
  /** What authz lists match by default: IRC nick, Telegram numeric id, console user. */
  id: string;
  /** How to call the user in replies and in build reasons. */
  name: string;
  /** IRC services account when known: authz entries `account:NAME` match only this. */
  account?: string;
  /** Telegram @username (without the @) when the user has one: `people:` may name them by it. */
  username?: string;
  /** IRC channel operator in this chat (Buildbot lets ops change a channel's notifications). */
  chatOperator?: boolean;
  /** Where asking costs a request (a Telegram group's administrators): asked only when needed. */
  askChatOperator?: () => Promise<boolean>;
}

export interface IncomingMessage {
  chat: ChatRef;
  user: ChatUser;
  /** The command text, with any addressing ("bot:", "/cmd@bot", "!") already removed. */
  text: string;
  /** The user spoke to the bot (private chat, nick prefix, command prefix). */
  addressed: boolean;
}

/** Key used for per-chat state (subscriptions, watches, outbox). */
export function chatKey(chat: Pick<ChatRef, 'adapter' | 'id'>): string {
  return `${chat.adapter}:${chat.id}`;
}
