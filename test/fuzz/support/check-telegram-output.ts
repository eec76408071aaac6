/**
 * What a Telegram message we send must satisfy, whatever the user typed: Telegram parses it as
 * HTML without error (our port of tdlib's parser, strict about a bare '&'), it is neither empty
 * nor over 4096 characters once parsed, and the only markup in it is what our text format
 * writes (bold and http(s) links), so no user text turned into a tag.
 */
import { parseHtml, trimParsed } from '../../fakes/fake-telegram/parse-html.js';
import { TelegramError } from '../../fakes/fake-telegram/errors.js';
import { reorderingProblem } from './reordering.js';
import { splitTelegramMessage, TELEGRAM_MESSAGE_LIMIT } from '../../../src/adapters/telegram/split-telegram-message.js';

const OUR_ENTITIES = new Set(['bold', 'text_link']);

/** Problems with the messages made from rendered reply lines; empty when all is well. */
export function checkTelegramOutput(renderedLines: readonly string[]): string[] {
  const problems: string[] = [];
  for (const message of splitTelegramMessage([...renderedLines])) {
    const shown = JSON.stringify(message.length > 160 ? `${message.slice(0, 160)}…` : message);
    let parsed;
    try {
      parsed = trimParsed(parseHtml(message));
    } catch (error) {
      if (!(error instanceof TelegramError)) throw error;
      problems.push(`Telegram would refuse ${shown}: ${error.description}`);
      continue;
    }
    if (parsed.text.length === 0) problems.push(`an empty message (Telegram: message text is empty): ${shown}`);
    const reordering = reorderingProblem(message);
    if (reordering) problems.push(reordering);
    if (parsed.text.length > TELEGRAM_MESSAGE_LIMIT) problems.push(`a message of ${parsed.text.length} characters (limit ${TELEGRAM_MESSAGE_LIMIT})`);
    for (const entity of parsed.entities) {
      if (!OUR_ENTITIES.has(entity.type)) problems.push(`user text became markup (${entity.type}): ${shown}`);
      if (entity.type === 'text_link' && !/^https?:\/\//.test(entity.url)) problems.push(`a link to ${JSON.stringify(entity.url)}: ${shown}`);
    }
  }
  return problems;
}
