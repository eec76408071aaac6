/**
 * What a failed Bot API call means for the message: the chat is gone for good (403: blocked,
 * kicked; 400: chat not found, upgraded to a supergroup), Telegram could not parse our HTML, the
 * message itself was refused, or the failure is passing (429 after auto-retry gave up, 5xx,
 * network) and a later try may work.
 */
import { GrammyError, HttpError } from 'grammy';

export type TelegramFailure =
  | { kind: 'chat-gone'; reason: string }
  | { kind: 'bad-html'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'transient'; reason: string };

/** 400s about the chat rather than the message (tdlib/telegram-bot-api Client.cpp wording). */
const CHAT_GONE_400 = [/chat not found/i, /chat_id is empty/i, /PEER_ID_INVALID/, /upgraded to a supergroup/i, /have no rights to send/i, /not enough rights to send/i, /CHAT_WRITE_FORBIDDEN/];

export function classifyTelegramError(error: unknown): TelegramFailure {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 403) return { kind: 'chat-gone', reason };
    if (error.error_code === 400) {
      if (CHAT_GONE_400.some((pattern) => pattern.test(error.description))) return { kind: 'chat-gone', reason };
      if (/can't parse entities/i.test(error.description)) return { kind: 'bad-html', reason };
      return { kind: 'refused', reason };
    }
    return { kind: 'transient', reason };
  }
  if (error instanceof HttpError) return { kind: 'transient', reason: error.message };
  return { kind: 'transient', reason: error instanceof Error ? error.message : String(error) };
}
