/**
 * A Telegram update as the adapter acts on it: a /command, a plain text (maybe the answer to a
 * question), or a button press. Everything else (edited messages, channel posts, stickers,
 * messages from bots) is ignored, as are commands addressed to another bot ("/status@OtherBot"
 * reaches every bot of a group whose privacy mode is off).
 */
import type { Chat, Update, User } from 'grammy/types';
import type { ChatRef, ChatUser } from '../../core/message.js';

interface From {
  chat: ChatRef;
  user: ChatUser;
}

export type TelegramInput =
  | (From & { kind: 'command'; name: string; argText: string; messageId: number })
  | (From & { kind: 'text'; text: string; messageId: number })
  | (From & { kind: 'press'; callbackId: string; data: string; messageId: number });

const COMMAND = /^\/([A-Za-z0-9_]{1,64})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/;

export function readUpdate(update: Update, botUsername: string): TelegramInput | null {
  const message = update.message;
  if (message?.from && !message.from.is_bot && message.text !== undefined) {
    const from = { chat: chatRef(message.chat), user: chatUser(message.from) };
    const text = message.text.trim();
    const command = COMMAND.exec(text);
    if (command) {
      const [, name = '', mention, argText = ''] = command;
      if (mention !== undefined && mention.toLowerCase() !== botUsername.toLowerCase()) return null;
      return { ...from, kind: 'command', name: name.toLowerCase(), argText: argText.trim(), messageId: message.message_id };
    }
    if (text.startsWith('/')) return null; // "/ something": not a command, and not meant as an answer
    return { ...from, kind: 'text', text, messageId: message.message_id };
  }
  const query = update.callback_query;
  if (query?.message && query.data !== undefined && !query.from.is_bot) {
    return {
      chat: chatRef(query.message.chat),
      user: chatUser(query.from),
      kind: 'press',
      callbackId: query.id,
      data: query.data,
      messageId: query.message.message_id,
    };
  }
  return null;
}

export function chatRef(chat: Chat): ChatRef {
  const title = chat.type === 'private' ? undefined : chat.title;
  return { adapter: 'telegram', id: String(chat.id), private: chat.type === 'private', ...(title ? { title } : {}) };
}

/** Named as Buildbot's Telegram bot names people: "Harry Potter (@harrypotter)". */
export function chatUser(user: User): ChatUser {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ') || String(user.id);
  return user.username ? { id: String(user.id), name: `${name} (@${user.username})`, username: user.username } : { id: String(user.id), name };
}
