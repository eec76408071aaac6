/**
 * What the fake Telegram knows: the bot, users, chats and every message in them (with each
 * version after edits), callback queries and their answers, commands, chat actions, and a log
 * of every method call. Emits 'change' after each mutation so tests can wait for a reply.
 */
import { EventEmitter } from 'node:events';
import type { BotCommand, Chat, InlineKeyboardMarkup, Message, MessageEntity, User, UserFromGetMe } from 'grammy/types';
import { badRequest, Descriptions } from './errors.js';

export type ChatType = Chat['type'];

export interface MessageVersion {
  /** The text as Telegram shows it, after parse_mode and trimming. */
  text: string;
  /** The text as the bot sent it, tags and all. */
  source: string;
  parseMode: string | undefined;
  entities: MessageEntity[];
  replyMarkup: InlineKeyboardMarkup | null;
  /** Milliseconds since the epoch. */
  at: number;
}

/** A photo as uploaded: the bytes, and the size read from them. */
export interface StoredPhoto {
  filename: string;
  data: Buffer;
  width: number;
  height: number;
}

export interface StoredMessage extends MessageVersion {
  readonly chatId: number;
  readonly messageId: number;
  /** Unix seconds, as in the API. */
  readonly date: number;
  /** Sent by the bot through the API (false: injected as a user's message or channel post). */
  readonly fromBot: boolean;
  readonly from: User | undefined;
  editDate: number | undefined;
  deleted: boolean;
  /** Every version, the first as sent, the last the current one. */
  readonly versions: MessageVersion[];
  /** A photo message (sendPhoto): `text`, `source` and `entities` are then its caption's. */
  readonly photo?: StoredPhoto;
  /** The message this one replies to (reply_parameters), in the same chat. */
  replyTo?: number;
  /** The forum topic it is in (message_thread_id); topics are named by their creation message's id. */
  threadId?: number;
  /** The service message that created a forum topic (createForumTopic): the topic's name. */
  topicCreated?: string;
}

export interface ChatRecord {
  readonly chat: Chat;
  /** Set by blockChat: the bot can no longer write here. */
  blocked: boolean;
  /** Set by upgradeGroup: the group became this supergroup, and its id is dead. */
  migratedTo?: number;
  lastMessageId: number;
  readonly messages: StoredMessage[];
  /** Group members by user id (setMemberStatus); a user not here has 'left'. */
  readonly members: Map<number, MemberStatus>;
  /** Forum supergroups: topics by message_thread_id. */
  readonly topics: Map<number, { name: string; iconColor: number }>;
}

/** ChatMember statuses (core.telegram.org/bots/api#chatmember). */
export type MemberStatus = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

export interface CallRecord {
  method: string;
  /** Parameters as received (files as name and size); never the token. */
  params: Record<string, unknown>;
  /** Milliseconds since the epoch. */
  at: number;
  status: number;
  ok: boolean;
  description?: string;
  result?: unknown;
  /** Run from a webhook's answer rather than an HTTP request. */
  viaWebhookReply?: boolean;
}

export interface CallbackRecord {
  readonly id: string;
  readonly chatId: number;
  readonly messageId: number;
  readonly data: string;
  readonly from: User;
  answered: boolean;
  answer?: { text?: string; showAlert: boolean; url?: string; cacheTime?: number };
}

export interface ChatActionRecord {
  chatId: number;
  action: string;
  at: number;
}

export interface BotIdentity {
  token: string;
  username: string;
  firstName: string;
}

/** Commands are kept per scope (type, chat, user) and language, like Telegram's command menus. */
export function commandsKey(scope: { type?: unknown; chat_id?: unknown; user_id?: unknown }, languageCode: string): string {
  return JSON.stringify([typeof scope.type === 'string' ? scope.type : 'default', scope.chat_id ?? null, scope.user_id ?? null, languageCode]);
}

/** createForumTopic's icon_color when none is given (0x6FB9F0, the first of the six allowed). */
export const DEFAULT_TOPIC_COLOR = 7322096;

/** Identifier ranges shaped like Telegram's: users positive, basic groups negative, supergroups and channels -100…. */
const FIRST_USER_ID = 700_000_001;
const FIRST_GROUP_ID = 4_000_000_001;
const FIRST_SUPERGROUP_ID = 1_000_000_000_001;

export class TelegramState extends EventEmitter {
  readonly bot: UserFromGetMe;
  readonly token: string;
  readonly users = new Map<number, User>();
  readonly chats = new Map<number, ChatRecord>();
  readonly callbacks = new Map<string, CallbackRecord>();
  readonly commands = new Map<string, BotCommand[]>();
  readonly chatActions: ChatActionRecord[] = [];
  readonly calls: CallRecord[] = [];
  private userCount = 0;
  private groupCount = 0;
  private supergroupCount = 0;
  private callbackCount = 0;

  constructor(
    identity: BotIdentity,
    readonly now: () => number,
  ) {
    super();
    this.token = identity.token;
    const id = Number.parseInt(identity.token.split(':')[0] ?? '', 10);
    this.bot = {
      id: Number.isSafeInteger(id) ? id : 1, is_bot: true, first_name: identity.firstName, username: identity.username,
      can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false, can_connect_to_business: false,
      has_main_web_app: false, has_topics_enabled: false, allows_users_to_create_topics: false, can_manage_bots: false,
      supports_join_request_queries: false,
    };
  }

  /** Unix seconds, as dates appear in the API. */
  unixNow(): number {
    return Math.floor(this.now() / 1000);
  }

  changed(): void {
    this.emit('change');
  }

  addUser(fields: Partial<Omit<User, 'id' | 'is_bot'>> = {}): User {
    const id = FIRST_USER_ID + this.userCount++;
    const user: User = { id, is_bot: false, first_name: fields.first_name ?? `User${id}`, ...fields };
    this.users.set(id, user);
    this.changed();
    return user;
  }

  /** The private chat with a user: its id is the user's id. */
  addPrivateChat(user: User): Chat.PrivateChat {
    const existing = this.chats.get(user.id);
    if (existing?.chat.type === 'private') return existing.chat;
    const chat: Chat.PrivateChat = {
      id: user.id, type: 'private', first_name: user.first_name,
      ...(user.last_name === undefined ? {} : { last_name: user.last_name }),
      ...(user.username === undefined ? {} : { username: user.username }),
    };
    this.register(chat);
    return chat;
  }

  addGroupChat(type: 'group' | 'supergroup' | 'channel', title: string, username?: string, forum = false): Chat {
    const named = username === undefined ? {} : { username };
    let chat: Chat;
    if (type === 'group') chat = { id: -(FIRST_GROUP_ID + this.groupCount++), type, title };
    else if (type === 'channel') chat = { id: -(FIRST_SUPERGROUP_ID + this.supergroupCount++), type, title, ...named };
    else chat = { id: -(FIRST_SUPERGROUP_ID + this.supergroupCount++), type, title, ...named, ...(forum ? { is_forum: true as const } : {}) };
    this.register(chat);
    return chat;
  }

  private register(chat: Chat): void {
    this.chats.set(chat.id, { chat, blocked: false, lastMessageId: 0, messages: [], members: new Map(), topics: new Map() });
    this.changed();
  }

  /** A chat by id, numeric string or @username; 400 "chat not found" otherwise. */
  chatByReference(reference: string | undefined): ChatRecord {
    if (reference === undefined || reference.trim() === '') throw badRequest(Descriptions.chatIdEmpty);
    const trimmed = reference.trim();
    if (trimmed.startsWith('@')) {
      const name = trimmed.slice(1).toLowerCase();
      for (const record of this.chats.values()) {
        if (record.chat.type !== 'private' && record.chat.username?.toLowerCase() === name) return record;
      }
      throw badRequest(Descriptions.chatNotFound);
    }
    const record = /^-?\d+$/.test(trimmed) ? this.chats.get(Number(trimmed)) : undefined;
    if (!record) throw badRequest(Descriptions.chatNotFound);
    return record;
  }

  chat(id: number): ChatRecord {
    const record = this.chats.get(id);
    if (!record) throw new Error(`fake telegram: no chat ${id}; register it first`);
    return record;
  }

  storeMessage(
    record: ChatRecord,
    fromBot: boolean,
    from: User | undefined,
    version: Omit<MessageVersion, 'at'>,
    place: Pick<StoredMessage, 'replyTo' | 'threadId' | 'topicCreated' | 'photo'> = {},
  ): StoredMessage {
    const at = this.now();
    const stored: StoredMessage = {
      ...version, at, chatId: record.chat.id, messageId: ++record.lastMessageId, date: Math.floor(at / 1000), fromBot, from,
      editDate: undefined, deleted: false, versions: [{ ...version, at }], ...place,
    };
    record.messages.push(stored);
    this.changed();
    return stored;
  }

  findMessage(chatId: number, messageId: number | undefined): StoredMessage | undefined {
    const found = this.chats.get(chatId)?.messages.find((message) => message.messageId === messageId);
    return found && !found.deleted ? found : undefined;
  }

  editMessage(message: StoredMessage, version: Omit<MessageVersion, 'at'>): void {
    const at = this.now();
    Object.assign(message, version, { at, editDate: Math.floor(at / 1000) });
    message.versions.push({ ...version, at });
    this.changed();
  }

  /** The Message object the API returns and puts in updates. */
  apiMessage(message: StoredMessage): Message {
    const { chat } = this.chat(message.chatId);
    const sender =
      chat.type === 'channel' ? { sender_chat: chat } : message.fromBot ? { from: this.botAsUser() } : message.from ? { from: message.from } : {};
    const replied = message.replyTo === undefined ? undefined : this.findMessage(message.chatId, message.replyTo);
    const topic = message.threadId === undefined ? undefined : this.chat(message.chatId).topics.get(message.threadId);
    return {
      message_id: message.messageId, ...sender, chat, date: message.date,
      ...(message.editDate === undefined ? {} : { edit_date: message.editDate }),
      ...(message.threadId === undefined ? {} : { message_thread_id: message.threadId, ...(topic ? { is_topic_message: true as const } : {}) }),
      // Telegram nests one level only: the replied-to message comes without its own reply
      ...(replied ? { reply_to_message: { ...this.apiMessage({ ...replied, replyTo: undefined }), reply_to_message: undefined } } : {}),
      ...(message.photo
        ? this.apiPhoto(message, message.photo)
        : message.topicCreated === undefined
          ? { text: message.text, ...(message.entities.length > 0 ? { entities: message.entities } : {}) }
          : { forum_topic_created: { name: message.topicCreated, icon_color: topic?.iconColor ?? DEFAULT_TOPIC_COLOR } }),
      ...(message.replyMarkup ? { reply_markup: message.replyMarkup } : {}),
    };
  }

  /** A photo message's fields: one size (Telegram makes several; one is all a bot needs) and the caption. */
  private apiPhoto(message: StoredMessage, photo: StoredPhoto): Pick<Message, 'photo' | 'caption' | 'caption_entities'> {
    const id = `photo-${message.chatId}-${message.messageId}`;
    return {
      photo: [{ file_id: id, file_unique_id: id, width: photo.width, height: photo.height, file_size: photo.data.length }],
      ...(message.text === '' ? {} : { caption: message.text }),
      ...(message.entities.length > 0 ? { caption_entities: message.entities } : {}),
    };
  }

  botAsUser(): User {
    return { id: this.bot.id, is_bot: true, first_name: this.bot.first_name, username: this.bot.username };
  }

  newCallback(chatId: number, messageId: number, from: User, data: string): CallbackRecord {
    // Telegram's ids are decimal 64-bit numbers as strings.
    const id = `${BigInt(this.bot.id) * 1_000_000n + BigInt(++this.callbackCount)}`;
    const callback: CallbackRecord = { id, chatId, messageId, data, from, answered: false };
    this.callbacks.set(id, callback);
    this.changed();
    return callback;
  }

  recordCall(call: CallRecord): void {
    this.calls.push(call);
    this.changed();
  }
}
