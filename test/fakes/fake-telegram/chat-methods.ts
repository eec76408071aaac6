/**
 * Methods that act in chats: getMe, getChat, sendMessage, sendPhoto, createForumTopic, editMessageText, editMessageReplyMarkup,
 * deleteMessage, answerCallbackQuery, sendChatAction and the bot command menu. Checks run in the
 * order the Bot API server runs them (text, reply markup, chat, entities, length; then what the
 * Telegram servers say: blocked, flood control), so the first error a client sees is the same.
 */
import type { BotCommand, InlineKeyboardMarkup } from 'grammy/types';
import { badRequest, Descriptions, forbidden, TelegramError, upgradedToSupergroup } from './errors.js';
import type { MethodAnswer, MethodContext, MethodHandler } from './methods.js';
import { parseHtml, trimParsed, type ParsedText } from './parse-html.js';
import { readReplyMarkup, sameMarkup } from './reply-markup.js';
import type { Params } from './request-params.js';
import { commandsKey, DEFAULT_TOPIC_COLOR, type ChatRecord, type MessageVersion, type StoredMessage, type StoredPhoto } from './state.js';
import { readPngSize } from '../../support/png-size.js';

/** Longest message text, after entity parsing; counted in UTF-16 code units like entity offsets (never fewer than characters). */
const MAX_TEXT_LENGTH = 4096;
/** Longest photo caption, counted the same way (core.telegram.org/bots/api#sendphoto). */
const MAX_CAPTION_LENGTH = 1024;
/** Photos: at most 10 MB, width and height together at most 10000 (core.telegram.org/bots/api#sendphoto). */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const MAX_PHOTO_SIDES = 10_000;

const CHAT_ACTIONS = new Set([
  'typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker',
  'find_location', 'record_video_note', 'upload_video_note',
]);

/** The text of a send or edit, parsed and checked; throws the API's 400s. */
function readText(ctx: MethodContext, params: Params): Omit<MessageVersion, 'replyMarkup' | 'at'> {
  const source = params.string('text');
  if (source === undefined || source === '') throw badRequest(Descriptions.textEmpty);
  const text = readFormatted(ctx, params, source, 'entities');
  if (text.text === '') throw badRequest(Descriptions.textEmpty);
  if (text.text.length > MAX_TEXT_LENGTH) throw badRequest(Descriptions.textTooLong);
  return text;
}

/** A photo's caption, parsed and checked like a text; empty when there is none. */
function readCaption(ctx: MethodContext, params: Params): Omit<MessageVersion, 'replyMarkup' | 'at'> {
  const source = params.string('caption') ?? '';
  const caption = readFormatted(ctx, params, source, 'caption_entities');
  if (caption.text.length > MAX_CAPTION_LENGTH) throw badRequest(Descriptions.captionTooLong);
  return caption;
}

/** Text or caption `source` read in the request's parse_mode (or with its entities), trimmed as Telegram does. */
function readFormatted(ctx: MethodContext, params: Params, source: string, entitiesName: string): Omit<MessageVersion, 'replyMarkup' | 'at'> {
  const parseMode = params.string('parse_mode') || undefined;
  let parsed: ParsedText;
  if (parseMode === undefined) {
    const entities = params.json(entitiesName, "can't parse entities JSON object");
    parsed = { text: source, entities: Array.isArray(entities) ? (entities as ParsedText['entities']) : [] };
  } else if (parseMode.toLowerCase() === 'html') {
    parsed = parseHtml(source, { strictEntities: ctx.options.strictHtmlEntities });
  } else if (parseMode.toLowerCase() === 'markdown' || parseMode.toLowerCase() === 'markdownv2') {
    throw new TelegramError(500, `Internal Server Error: the fake Telegram does not parse ${parseMode}, only HTML`);
  } else {
    throw badRequest(Descriptions.unsupportedParseMode);
  }
  return { ...trimParsed(mentionsById(ctx, parsed)), source, parseMode };
}

/** The uploaded photo, checked as Telegram checks it; only PNG is read here. */
function readPhoto(params: Params): StoredPhoto {
  const file = params.file('photo');
  if (!file) throw badRequest(params.has('photo') ? Descriptions.wrongFileIdentifier : Descriptions.noPhoto);
  if (file.data.length > MAX_PHOTO_BYTES) throw new TelegramError(413, 'Request Entity Too Large');
  const size = readPngSize(file.data);
  if (!size) throw badRequest(Descriptions.imageProcessFailed);
  if (size.width + size.height > MAX_PHOTO_SIDES || size.width === 0 || size.height === 0) throw badRequest(Descriptions.photoInvalidDimensions);
  return { filename: file.filename, data: file.data, ...size };
}

/**
 * `<a href="tg://user?id=N">` mentions user N: the message gets a text_mention entity carrying
 * the user (core.telegram.org/bots/api#formatting-options). A user the bot cannot see gets no
 * entity; the text stays.
 */
function mentionsById(ctx: MethodContext, parsed: ParsedText): ParsedText {
  const entities = parsed.entities.flatMap((entity) => {
    const id = entity.type === 'text_link' ? /^tg:\/\/user\?id=(\d+)$/.exec(entity.url)?.[1] : undefined;
    if (id === undefined) return [entity];
    const user = ctx.state.users.get(Number(id));
    return user ? [{ type: 'text_mention' as const, offset: entity.offset, length: entity.length, user }] : [];
  });
  return { ...parsed, entities };
}

/** What Telegram says when the bot may no longer write to this chat. */
function checkWritable(record: ChatRecord): void {
  if (record.migratedTo !== undefined) throw upgradedToSupergroup(record.migratedTo);
  if (record.blocked) throw forbidden(Descriptions.blocked[record.chat.type]);
}

function chatOf(ctx: MethodContext, params: Params): ChatRecord {
  return ctx.state.chatByReference(params.string('chat_id'));
}

function botMessage(ctx: MethodContext, record: ChatRecord, params: Params, notFound: string): StoredMessage {
  const messageId = params.integer('message_id');
  if (messageId === undefined) throw badRequest(Descriptions.messageIdEmpty);
  const message = ctx.state.findMessage(record.chat.id, messageId);
  if (!message) throw badRequest(notFound);
  if (!message.fromBot) throw badRequest("message can't be edited");
  return message;
}

/**
 * Where a new message goes: message_thread_id names a forum topic (in a forum, the id of the
 * topic's creation message), reply_parameters (or the older reply_to_message_id) the message it
 * answers. A reply to a missing message is refused unless allow_sending_without_reply; a reply
 * in a topic stays in that topic.
 */
function placement(ctx: MethodContext, record: ChatRecord, params: Params): Pick<StoredMessage, 'replyTo' | 'threadId'> {
  const threadId = params.integer('message_thread_id');
  if (threadId !== undefined && !record.topics.has(threadId)) throw badRequest(Descriptions.threadNotFound);
  const reply = params.json('reply_parameters', "can't parse reply parameters JSON object");
  const fields = typeof reply === 'object' && reply !== null ? (reply as Record<string, unknown>) : {};
  const replyTo = typeof fields.message_id === 'number' ? fields.message_id : params.integer('reply_to_message_id');
  if (replyTo === undefined) return threadId === undefined ? {} : { threadId };
  const original = ctx.state.findMessage(record.chat.id, replyTo);
  if (!original) {
    if (fields.allow_sending_without_reply === true || params.boolean('allow_sending_without_reply')) return threadId === undefined ? {} : { threadId };
    throw badRequest(Descriptions.replyNotFound);
  }
  const inThread = threadId ?? original.threadId;
  return { replyTo, ...(inThread === undefined ? {} : { threadId: inThread }) };
}

const sendMessage: MethodHandler = (ctx, params) => {
  const text = readText(ctx, params);
  const replyMarkup = readReplyMarkup(params);
  const record = chatOf(ctx, params);
  checkWritable(record);
  const place = placement(ctx, record, params);
  ctx.limiter.admit(ctx.method, record.chat.id, record.chat.type);
  const message = ctx.state.storeMessage(record, true, undefined, { ...text, replyMarkup }, place);
  return { result: ctx.state.apiMessage(message) };
};

/** Counted as a message by flood control, as sendMessage is. */
const sendPhoto: MethodHandler = (ctx, params) => {
  const photo = readPhoto(params);
  const caption = readCaption(ctx, params);
  const replyMarkup = readReplyMarkup(params);
  const record = chatOf(ctx, params);
  checkWritable(record);
  const place = placement(ctx, record, params);
  ctx.limiter.admit(ctx.method, record.chat.id, record.chat.type);
  const message = ctx.state.storeMessage(record, true, undefined, { ...caption, replyMarkup }, { ...place, photo });
  return { result: ctx.state.apiMessage(message) };
};

/**
 * A topic in a forum supergroup: Telegram posts a service message (forum_topic_created) whose id
 * becomes the topic's message_thread_id. Other chats answer 400 "the chat is not a forum".
 */
const createForumTopic: MethodHandler = (ctx, params) => {
  const record = chatOf(ctx, params);
  checkWritable(record);
  if (record.chat.type !== 'supergroup' || record.chat.is_forum !== true) throw badRequest(Descriptions.notForum);
  const name = (params.string('name') ?? '').trim();
  const iconColor = params.integer('icon_color') ?? DEFAULT_TOPIC_COLOR;
  const created = ctx.state.storeMessage(
    record,
    true,
    undefined,
    { text: '', source: '', parseMode: undefined, entities: [], replyMarkup: null },
    { topicCreated: name },
  );
  record.topics.set(created.messageId, { name, iconColor });
  Object.assign(created, { threadId: created.messageId });
  ctx.state.changed();
  return { result: { message_thread_id: created.messageId, name, icon_color: iconColor } };
};

function edit(ctx: MethodContext, params: Params, next: (current: StoredMessage) => Omit<MessageVersion, 'at'>): MethodAnswer {
  if (params.has('inline_message_id')) throw badRequest('the fake Telegram has no inline messages');
  const record = chatOf(ctx, params);
  const message = botMessage(ctx, record, params, Descriptions.editNotFound);
  const version = next(message);
  const unchanged =
    version.text === message.text &&
    JSON.stringify(version.entities) === JSON.stringify(message.entities) &&
    sameMarkup(version.replyMarkup, message.replyMarkup);
  if (unchanged) throw badRequest(Descriptions.notModified);
  ctx.limiter.admit(ctx.method, record.chat.id, record.chat.type);
  ctx.state.editMessage(message, version);
  return { result: ctx.state.apiMessage(message) };
}

/** Without reply_markup an edit removes the inline keyboard, as in the API. */
const editMessageText: MethodHandler = (ctx, params) => {
  const text = readText(ctx, params);
  const replyMarkup = readReplyMarkup(params);
  return edit(ctx, params, () => ({ ...text, replyMarkup }));
};

const editMessageReplyMarkup: MethodHandler = (ctx, params) => {
  const replyMarkup: InlineKeyboardMarkup | null = readReplyMarkup(params);
  return edit(ctx, params, (current) => ({
    text: current.text, source: current.source, parseMode: current.parseMode, entities: current.entities, replyMarkup,
  }));
};

const deleteMessage: MethodHandler = (ctx, params) => {
  const record = chatOf(ctx, params);
  const messageId = params.integer('message_id');
  if (messageId === undefined) throw badRequest(Descriptions.messageIdEmpty);
  const message = ctx.state.findMessage(record.chat.id, messageId);
  if (!message) throw badRequest(Descriptions.deleteNotFound);
  // Without admin rights a bot deletes only its own messages outside private chats.
  if (!message.fromBot && record.chat.type !== 'private') throw badRequest("message can't be deleted");
  message.deleted = true;
  ctx.state.changed();
  return { result: true };
};

const answerCallbackQuery: MethodHandler = (ctx, params) => {
  const callback = ctx.state.callbacks.get(params.string('callback_query_id') ?? '');
  if (!callback || callback.answered) throw badRequest(Descriptions.queryTooOld);
  callback.answered = true;
  const text = params.string('text');
  const url = params.string('url');
  const cacheTime = params.integer('cache_time');
  callback.answer = {
    showAlert: params.boolean('show_alert'),
    ...(text === undefined ? {} : { text }),
    ...(url === undefined ? {} : { url }),
    ...(cacheTime === undefined ? {} : { cacheTime }),
  };
  ctx.state.changed();
  return { result: true };
};

const sendChatAction: MethodHandler = (ctx, params) => {
  const record = chatOf(ctx, params);
  const action = params.string('action') ?? '';
  if (!CHAT_ACTIONS.has(action)) throw badRequest(Descriptions.wrongChatAction);
  checkWritable(record);
  ctx.state.chatActions.push({ chatId: record.chat.id, action, at: ctx.state.now() });
  ctx.state.changed();
  return { result: true };
};

function commandsKeyOf(params: Params): string {
  const scope = params.json('scope', "can't parse BotCommandScope JSON object");
  return commandsKey(typeof scope === 'object' && scope !== null ? scope : {}, params.string('language_code') ?? '');
}

function readCommands(params: Params): BotCommand[] {
  const commands = params.json('commands', "can't parse commands JSON object");
  if (commands === undefined) throw badRequest('parameter "commands" is required');
  if (!Array.isArray(commands)) throw badRequest("field \"commands\" must be an Array");
  if (commands.length > 100) throw badRequest(Descriptions.commandsTooMuch);
  return commands.map((entry: unknown) => {
    const fields = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
    const command = String(fields.command ?? '').trim().replace(/^\//, '');
    const description = String(fields.description ?? '').trim();
    if (command === '') throw badRequest(Descriptions.commandEmpty);
    if ([...command].length > 32) throw badRequest(Descriptions.commandTooLong);
    if (description === '') throw badRequest(Descriptions.commandDescriptionEmpty);
    if ([...description].length > 256) throw badRequest(Descriptions.commandDescriptionTooLong);
    if (!/^[a-z0-9_]+$/.test(command)) throw badRequest(Descriptions.commandInvalid);
    return { command, description };
  });
}

const setMyCommands: MethodHandler = (ctx, params) => {
  ctx.state.commands.set(commandsKeyOf(params), readCommands(params));
  ctx.state.changed();
  return { result: true };
};

const getMyCommands: MethodHandler = (ctx, params) => ({ result: ctx.state.commands.get(commandsKeyOf(params)) ?? [] });

const deleteMyCommands: MethodHandler = (ctx, params) => {
  ctx.state.commands.delete(commandsKeyOf(params));
  ctx.state.changed();
  return { result: true };
};

const getMe: MethodHandler = (ctx) => ({ result: ctx.state.bot });

/** A ChatFullInfo with the fields the fake knows; the Bot API's required extras at their defaults. */
const getChat: MethodHandler = (ctx, params) => {
  const { chat } = chatOf(ctx, params);
  return { result: { ...chat, accent_color_id: 0, max_reaction_count: 11 } };
};

/**
 * A ChatMember as the Bot API gives it: creator and administrator with their rights, member,
 * left. In a private chat its user is a member; a user the fake never saw is "user not found".
 */
const getChatMember: MethodHandler = (ctx, params) => {
  const record = chatOf(ctx, params);
  const userId = params.integer('user_id');
  if (userId === undefined) throw badRequest(Descriptions.userIdInvalid);
  const user = userId === ctx.state.bot.id ? ctx.state.bot : ctx.state.users.get(userId);
  if (!user) throw badRequest(Descriptions.userNotFound);
  const status = record.chat.type === 'private' ? (record.chat.id === userId ? 'member' : 'left') : (record.members.get(userId) ?? 'left');
  if (status === 'creator') return { result: { status, user, is_anonymous: false } };
  if (status === 'administrator') {
    return {
      result: {
        status, user, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
        can_manage_video_chats: true, can_restrict_members: true, can_promote_members: false, can_change_info: true,
        can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false,
      },
    };
  }
  if (status === 'kicked') return { result: { status, user, until_date: 0 } };
  return { result: { status: status === 'restricted' ? 'member' : status, user } };
};

export const chatMethods: Record<string, MethodHandler> = {
  getMe, getChat, getChatMember, sendMessage, sendPhoto, createForumTopic, editMessageText, editMessageReplyMarkup, deleteMessage, answerCallbackQuery, sendChatAction,
  setMyCommands, getMyCommands, deleteMyCommands,
};
