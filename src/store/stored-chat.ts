/** How store rows name a chat: the per-chat key plus the adapter and id needed to deliver. */
import { chatKey, type ChatRef } from '../core/message.js';

export type ChatAddress = Pick<ChatRef, 'adapter' | 'id'>;

export interface StoredChat {
  /** `chatKey(chat)`, e.g. 'irc:#ci', 'telegram:-100123': what per-chat rows are keyed by. */
  chatKey: string;
  adapter: string;
  chatId: string;
}

export function storedChat(chat: ChatAddress): StoredChat {
  return { chatKey: chatKey(chat), adapter: chat.adapter, chatId: chat.id };
}
