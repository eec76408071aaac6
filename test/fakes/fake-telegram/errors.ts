/**
 * The Bot API's answers, as the real server words them. Descriptions are copied from the
 * Telegram Bot API server (tdlib/telegram-bot-api, Client.cpp: `fail_query_with_error` adds the
 * "Bad Request: " / "Forbidden: " prefix, `abort_long_poll` and `process_get_updates_query` word
 * the 409s) and from tdlib's HTML parser (td/telegram/MessageEntity.cpp, `parse_html`), so that
 * code matching on a description behaves the same against this fake and against Telegram.
 */
import type { ApiError, ResponseParameters } from 'grammy/types';

export class TelegramError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }
}

export const badRequest = (what: string) => new TelegramError(400, `Bad Request: ${what}`);
export const forbidden = (what: string) => new TelegramError(403, `Forbidden: ${what}`);
export const conflict = (what: string) => new TelegramError(409, `Conflict: ${what}`);
export const unauthorized = () => new TelegramError(401, 'Unauthorized');
export const notFound = () => new TelegramError(404, 'Not Found');
export const internalServerError = () => new TelegramError(500, 'Internal Server Error');

/** Flood control: `retry_after` seconds, also written into the description. */
export function tooManyRequests(retryAfter: number): TelegramError {
  return new TelegramError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
}

/** A group that became a supergroup: its old id answers this (Client.cpp), naming the new one. */
export function upgradedToSupergroup(newChatId: number): TelegramError {
  return new TelegramError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: newChatId });
}

/** The `can't parse entities` family (tdlib words the detail with a capital first letter). */
export const cannotParseEntities = (detail: string) => badRequest(`can't parse entities: ${detail}`);

export const Descriptions = {
  chatNotFound: 'chat not found',
  userNotFound: 'user not found',
  userIdInvalid: 'invalid user_id specified',
  chatIdEmpty: 'chat_id is empty',
  textEmpty: 'message text is empty',
  textTooLong: 'message is too long',
  captionTooLong: 'message caption is too long',
  noPhoto: 'there is no photo in the request',
  wrongFileIdentifier: 'wrong file identifier/HTTP URL specified',
  imageProcessFailed: 'IMAGE_PROCESS_FAILED',
  photoInvalidDimensions: 'PHOTO_INVALID_DIMENSIONS',
  notModified:
    'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  editNotFound: 'message to edit not found',
  replyNotFound: 'message to be replied not found',
  threadNotFound: 'message thread not found',
  notForum: 'the chat is not a forum',
  deleteNotFound: 'message to delete not found',
  messageIdEmpty: 'message identifier is not specified',
  buttonDataInvalid: 'BUTTON_DATA_INVALID',
  buttonUrlInvalid: 'BUTTON_URL_INVALID',
  textButtonsUnallowed: "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
  markupJson: "can't parse reply keyboard markup JSON object",
  markupTooLong: 'reply markup is too long',
  queryTooOld: 'query is too old and response timeout expired or query ID is invalid',
  unsupportedParseMode: 'unsupported parse_mode',
  wrongChatAction: 'wrong parameter action in request',
  /** tdlib's checks (td/telegram/BotCommand.cpp, set_commands), then the server's. */
  commandEmpty: 'command must be non-empty',
  commandTooLong: 'command length must not exceed 32',
  commandDescriptionEmpty: 'command description must be non-empty',
  commandDescriptionTooLong: 'command description length must not exceed 256',
  commandInvalid: 'BOT_COMMAND_INVALID',
  commandsTooMuch: 'BOT_COMMANDS_TOO_MUCH',
  invalidWebhookUrl: 'invalid webhook URL specified',
  secretTokenInvalid: 'secret token contains unallowed characters',
  /** A second long poll ends the one already waiting (Client.cpp, abort_long_poll). */
  otherGetUpdates: 'terminated by other getUpdates request; make sure that only one bot instance is running',
  /** setWebhook ends a waiting long poll. */
  setWebhookTerminated: 'terminated by setWebhook request',
  /** getUpdates while a webhook is set. */
  webhookActive: "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  /** Why the bot cannot write to a chat it was removed from, by chat type. */
  blocked: {
    private: 'bot was blocked by the user',
    group: 'bot was kicked from the group chat',
    supergroup: 'bot was kicked from the supergroup chat',
    channel: 'bot is not a member of the channel chat',
  },
} as const;

export function errorBody(error: TelegramError): ApiError {
  return {
    ok: false,
    error_code: error.code,
    description: error.description,
    ...(error.parameters ? { parameters: error.parameters } : {}),
  };
}

/** Telegram adds a `description` to some successes, e.g. "Webhook was set". */
export function okBody(result: unknown, description?: string): { ok: true; result: unknown; description?: string } {
  return { ok: true, result, ...(description === undefined ? {} : { description }) };
}

/**
 * What nginx in front of the Bot API answers when the backend is away: an HTML page, not the
 * JSON envelope, so clients see a transport failure (grammY: HttpError) rather than an API error.
 */
export const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n';
