/**
 * What a failed Bot API call means for the message: the chat is gone for good (403: blocked,
 * kicked; 400: chat not found), it moved (a group upgraded to a supergroup answers with the new
 * id), Telegram could not parse our HTML, the message itself was refused (also when the bot may
 * not write there just now: an admin can give the right back, so the chat is kept), or the
 * failure is passing (429 after auto-retry gave up, 5xx, network) and a later try may work.
 */
import { GrammyError, HttpError } from 'grammy';

export type TelegramFailure =
  | { kind: 'chat-gone'; reason: string }
  | { kind: 'moved'; chatId: string; reason: string }
  | { kind: 'bad-html'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'transient'; reason: string };

/** 400s about the chat rather than the message (tdlib/telegram-bot-api Client.cpp wording). */
const CHAT_GONE_400 = [/chat not found/i, /chat_id is empty/i, /PEER_ID_INVALID/];

export function classifyTelegramError(error: unknown): TelegramFailure {
  if (error instanceof GrammyError) {
    const reason = `${error.error_code}: ${error.description}`;
    if (error.error_code === 403) return { kind: 'chat-gone', reason };
    const movedTo = error.parameters.migrate_to_chat_id;
    if (movedTo !== undefined) return { kind: 'moved', chatId: String(movedTo), reason };
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
