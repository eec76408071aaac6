/**
 * A reply's text as a photo's caption. Telegram takes at most 1024 characters of caption (after
 * entity parsing: core.telegram.org/bots/api#sendphoto), a quarter of a message: a longer text
 * is cut between lines (or words) like a message, the caption says that it goes on, and the
 * rest follows as messages, so nothing of the answer is lost.
 */
import { splitTelegramMessage } from './split-telegram-message.js';

export const TELEGRAM_CAPTION_LIMIT = 1024;
const CONTINUED = '\n(continued below)';

export function splitCaption(lines: string[]): { caption: string; rest: string[] } {
  const whole = splitTelegramMessage(lines, TELEGRAM_CAPTION_LIMIT);
  if (whole.length <= 1) return { caption: whole[0] ?? '', rest: [] };
  const [first = '', ...others] = splitTelegramMessage(lines, TELEGRAM_CAPTION_LIMIT - CONTINUED.length);
  // the pieces after the caption, packed again into messages of the usual size
  return { caption: first + CONTINUED, rest: splitTelegramMessage(others) };
}
