/**
 * The reply_markup parameter, checked as the Bot API checks an inline keyboard: every button
 * needs a text and exactly one action, callback_data is 1-64 bytes (UTF-8: 32 Cyrillic letters
 * fit, 33 do not). Only an inline keyboard is kept on the message; reply keyboards, keyboard
 * removal and force_reply are accepted and not shown on the returned Message, as in the API.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import { badRequest, Descriptions } from './errors.js';
import type { Params } from './request-params.js';

const ACTIONS = [
  'callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay',
] as const;

/** Telegram's limit on the buttons of one keyboard. */
const MAX_BUTTONS = 100;
const MAX_CALLBACK_DATA_BYTES = 64;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The inline keyboard to keep on the message, null when there is none; throws 400 when invalid. */
export function readReplyMarkup(params: Params): InlineKeyboardMarkup | null {
  const markup = params.json('reply_markup', Descriptions.markupJson);
  if (markup === undefined) return null;
  if (!isRecord(markup)) throw badRequest(Descriptions.markupJson);
  if (!('inline_keyboard' in markup)) return null;
  const rows = markup.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  const keyboard = (rows as unknown[][]).map((row) => row.map(readButton));
  if (keyboard.flat().length > MAX_BUTTONS) throw badRequest(Descriptions.markupTooLong);
  return { inline_keyboard: keyboard };
}

function readButton(button: unknown): InlineKeyboardButton {
  if (!isRecord(button)) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
  if (typeof button.text !== 'string') throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
  // An empty callback_data counts as none at all (teloxide documents the same answer).
  const actions = ACTIONS.filter((field) => button[field] !== undefined && button[field] !== null && button[field] !== '');
  if (actions.length === 0) throw badRequest(Descriptions.textButtonsUnallowed);
  const data = button.callback_data;
  if (data !== undefined && data !== null && data !== '') {
    if (typeof data !== 'string') throw badRequest("can't parse inline keyboard button: Field \"callback_data\" must be of type String");
    if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_DATA_BYTES) throw badRequest(Descriptions.buttonDataInvalid);
  }
  const url = button.url;
  if (url !== undefined && url !== null && url !== '') {
    if (typeof url !== 'string' || !isButtonUrl(url)) throw badRequest(Descriptions.buttonUrlInvalid);
  }
  // The API echoes the button back with the fields it knows.
  const echoed: Record<string, unknown> = { text: button.text };
  for (const field of ACTIONS) if (button[field] !== undefined && button[field] !== null && button[field] !== '') echoed[field] = button[field];
  return echoed as unknown as InlineKeyboardButton;
}

function isButtonUrl(url: string): boolean {
  try {
    return ['http:', 'https:', 'tg:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Two keyboards are the same when they serialize the same (for "message is not modified"). */
export function sameMarkup(a: InlineKeyboardMarkup | null, b: InlineKeyboardMarkup | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
