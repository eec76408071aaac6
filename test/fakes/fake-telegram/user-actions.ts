/**
 * What people do on the other side: write a message or a /command, press a button under a
 * message the bot sent, or (a client that does not play fair) send a callback with any data.
 * Each becomes an update in the queue, shaped as the Bot API delivers it.
 */
import type { Chat, InaccessibleMessage, Message, MessageEntity, Update, User } from 'grammy/types';
import type { CallbackRecord, ChatRecord, StoredMessage, TelegramState } from './state.js';
import type { UpdateQueue } from './update-queue.js';

export interface SayOptions {
  /** The sender; in a private chat the chat's user by default. Ignored in channels. */
  from?: User;
  /** message_id of a message in the same chat this one replies to. */
  replyTo?: number;
}

export interface PressOptions {
  /** Who presses; in a private chat the chat's user by default. */
  from?: User;
  /** Pick the button by its callback_data ... */
  data?: string;
  /** ... or by its label. */
  text?: string;
}

/** Commands anywhere at a word start: /name or /name@botname (Telegram's bot_command entities). */
const COMMAND = /(^|\s)(\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?)(?=$|\s|[.,!?;:])/g;

export function commandEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (const match of text.matchAll(COMMAND)) {
    const command = match[2] ?? '';
    entities.push({ type: 'bot_command', offset: (match.index ?? 0) + (match[1] ?? '').length, length: command.length });
  }
  return entities;
}

/** A stable stand-in for Telegram's chat_instance: one opaque number per chat. */
const chatInstance = (chat: Chat) => String(BigInt.asIntN(64, BigInt(chat.id) * 2654435761n));

export class UserActions {
  constructor(
    private readonly state: TelegramState,
    private readonly queue: UpdateQueue,
  ) {}

  /** A user writes in a chat; a post in a channel. Returns the message and the queued update (undefined if filtered). */
  say(chatId: number, text: string, options: SayOptions = {}): { message: StoredMessage; update: Update | undefined } {
    const record = this.state.chat(chatId);
    const from = record.chat.type === 'channel' ? undefined : this.sender(record, options.from);
    const original = options.replyTo === undefined ? undefined : this.state.findMessage(chatId, options.replyTo);
    if (options.replyTo !== undefined && !original) throw new Error(`fake telegram: no message ${options.replyTo} to reply to in chat ${chatId}`);
    const message = this.state.storeMessage(record, false, from, {
      text, source: text, parseMode: undefined, entities: commandEntities(text), replyMarkup: null,
    });
    const update = this.queue.push((id) => this.messageUpdate(id, record, message, original), record.chat.type === 'channel' ? 'channel_post' : 'message');
    return { message, update };
  }

  /** A text update as Telegram would send it, neither stored nor queued: for hand-made webhook requests. */
  textUpdate(chatId: number, text: string, updateId: number, options: SayOptions = {}): Update {
    const record = this.state.chat(chatId);
    const from = record.chat.type === 'channel' ? undefined : this.sender(record, options.from);
    const message: Message = {
      message_id: record.lastMessageId + 1, ...(from ? { from } : { sender_chat: record.chat }), chat: record.chat,
      date: this.state.unixNow(), text, ...(commandEntities(text).length > 0 ? { entities: commandEntities(text) } : {}),
    };
    return (record.chat.type === 'channel' ? { update_id: updateId, channel_post: message } : { update_id: updateId, message }) as Update;
  }

  /** A user presses a button of an inline keyboard the bot sent. */
  pressButton(chatId: number, messageId: number, options: PressOptions): { callback: CallbackRecord; update: Update | undefined } {
    const record = this.state.chat(chatId);
    const message = this.state.findMessage(chatId, messageId);
    if (!message?.fromBot) throw new Error(`fake telegram: no message ${messageId} from the bot in chat ${chatId}`);
    const buttons = message.replyMarkup?.inline_keyboard.flat() ?? [];
    const button = buttons.find(
      (candidate) => 'callback_data' in candidate && (options.data === undefined || candidate.callback_data === options.data) && (options.text === undefined || candidate.text === options.text),
    );
    if (!button || !('callback_data' in button)) {
      const labels = buttons.map((candidate) => candidate.text).join(', ');
      throw new Error(`fake telegram: message ${messageId} has no callback button matching ${JSON.stringify(options)} (buttons: ${labels || 'none'})`);
    }
    return this.callback(record, this.state.apiMessage(message), button.callback_data, options.from);
  }

  /** A callback with any data, as a modified client could send; for a message that may not exist. */
  forgeCallback(chatId: number, data: string, options: { from?: User; messageId?: number } = {}): { callback: CallbackRecord; update: Update | undefined } {
    const record = this.state.chat(chatId);
    const messageId = options.messageId ?? record.lastMessageId;
    const stored = this.state.findMessage(chatId, messageId);
    const message: Message | InaccessibleMessage = stored ? this.state.apiMessage(stored) : { chat: record.chat, message_id: messageId, date: 0 };
    return this.callback(record, message, data, options.from);
  }

  private callback(record: ChatRecord, message: Message | InaccessibleMessage, data: string, from: User | undefined): { callback: CallbackRecord; update: Update | undefined } {
    const presser = this.sender(record, from);
    const callback = this.state.newCallback(record.chat.id, message.message_id, presser, data);
    const update = this.queue.push(
      (id) => ({ update_id: id, callback_query: { id: callback.id, from: presser, message, chat_instance: chatInstance(record.chat), data } }),
      'callback_query',
    );
    return { callback, update };
  }

  private sender(record: ChatRecord, from: User | undefined): User {
    if (from) return from;
    const user = record.chat.type === 'private' ? this.state.users.get(record.chat.id) : undefined;
    if (!user) throw new Error(`fake telegram: say who acts in ${record.chat.type} chat ${record.chat.id} (options.from)`);
    return user;
  }

  private messageUpdate(updateId: number, record: ChatRecord, message: StoredMessage, original: StoredMessage | undefined): Update {
    const apiMessage: Message = { ...this.state.apiMessage(message), ...(original ? { reply_to_message: { ...this.state.apiMessage(original), reply_to_message: undefined } } : {}) };
    return (record.chat.type === 'channel' ? { update_id: updateId, channel_post: apiMessage } : { update_id: updateId, message: apiMessage }) as Update;
  }
}
