/**
 * Whether a stored chat is a private conversation, from its id alone (the notifier has no
 * ChatRef): IRC channels start with a channel prefix (RFC 2812 §1.3), Telegram user chats have
 * positive ids and groups negative ones, the console is one person's.
 */
const RULES: Record<string, (chatId: string) => boolean> = {
  console: () => true,
  irc: (chatId) => !/^[#&+!]/.test(chatId),
  telegram: (chatId) => /^\d+$/.test(chatId),
};

/** Platforms without a rule here count as rooms: mentions there are on, `--mine` is refused. */
export function isPrivateChat(adapter: string, chatId: string): boolean {
  return RULES[adapter]?.(chatId) ?? false;
}
