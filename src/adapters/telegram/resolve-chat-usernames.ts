/**
 * A channel named as `@name` in `chatIds` is sent to by its numeric id, looked up once with
 * getChat. The throttler keys its per-chat queues by the numeric id and applies the group limit
 * to negative ids: with `@name` every such channel would share one queue, held to one
 * message a second, and none would get the 20-a-minute group limit that Telegram enforces.
 */
import type { Transformer } from 'grammy';
import type { ApiResponse, ChatFullInfo } from 'grammy/types';

export function resolveChatUsernames(): Transformer {
  const ids = new Map<string, number>();
  return async (prev, method, payload, signal) => {
    const chatId = payload && 'chat_id' in payload ? payload.chat_id : undefined;
    if (typeof chatId !== 'string' || !chatId.startsWith('@')) return prev(method, payload, signal);
    const name = chatId.toLowerCase();
    let id = ids.get(name);
    if (id === undefined) {
      const chat = (await prev('getChat', { chat_id: chatId }, signal)) as ApiResponse<ChatFullInfo>;
      // "chat not found" and the like: the same answer the call itself would have had
      if (!chat.ok) return chat as Awaited<ReturnType<typeof prev<typeof method>>>;
      id = chat.result.id;
      ids.set(name, id);
    }
    return prev(method, { ...payload, chat_id: id } as typeof payload, signal);
  };
}
