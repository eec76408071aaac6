/**
 * Sends, edits and answers on Telegram. Replies are rendered to HTML (parse mode "HTML", every
 * untrusted value escaped by telegram-text-format.ts) and split under 4096 characters; a
 * keyboard goes on the last message. Should Telegram still refuse our HTML (a bug of ours),
 * the message goes out once more as plain text rather than being lost, as Buildbot's are.
 */
import { GrammyError, InputFile, type Api } from 'grammy';
import type { ForceReply, InlineKeyboardMarkup } from 'grammy/types';
import type { Logger } from 'pino';
import { createReplyRenderer } from '../../core/render-reply.js';
import type { Reply, ReplyImage } from '../../core/reply.js';
import { classifyTelegramError } from './classify-telegram-error.js';
import { splitCaption } from './photo-caption.js';
import { splitTelegramMessage } from './split-telegram-message.js';
import { telegramTextFormat } from './telegram-text-format.js';

export type Markup = InlineKeyboardMarkup | ForceReply;

/** Where a message goes in its chat (build-threads.ts). */
export interface Placement {
  /** message_thread_id: a forum topic. */
  threadId?: number;
  /** The message the first of them replies to. */
  replyTo?: number;
}

interface SendExtra {
  reply_markup?: Markup;
  message_thread_id?: number;
  reply_parameters?: { message_id: number; allow_sending_without_reply: boolean };
}

/** Telegram takes numeric chat ids as numbers and channels as '@name'. */
export function apiChatId(chatId: string): number | string {
  return /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;
}

/** The text Telegram would show for our HTML: tags dropped, the four entities decoded. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export class TelegramSender {
  private readonly renderer = createReplyRenderer(telegramTextFormat);

  constructor(
    readonly api: Api,
    private readonly logger: Logger,
  ) {}

  /** The reply as the HTML messages it takes (empty when it renders to nothing). */
  render(reply: Reply): string[] {
    return splitTelegramMessage(this.renderer.render(reply));
  }

  /**
   * Sends the messages; returns the id of the last one. `place`: the forum topic of
   * all of them, and the message the first answers. Errors are thrown for the caller to classify.
   */
  async send(chatId: string, chunks: string[], markup?: Markup, place: Placement = {}): Promise<number | undefined> {
    let last: number | undefined;
    for (const [index, chunk] of chunks.entries()) {
      const extra: SendExtra = {
        ...(index === chunks.length - 1 && markup ? { reply_markup: markup } : {}),
        ...(place.threadId === undefined ? {} : { message_thread_id: place.threadId }),
        // the started message may have been deleted: the result goes out all the same
        ...(index === 0 && place.replyTo !== undefined ? { reply_parameters: { message_id: place.replyTo, allow_sending_without_reply: true } } : {}),
      };
      last = await this.sendOne(chatId, chunk, extra);
    }
    return last;
  }

  /**
   * Sends the reply's image as a photo (multipart upload) with its text as the caption, and
   * whatever of the text the caption cannot hold after it; returns the id of the last message.
   */
  async sendPhoto(chatId: string, image: ReplyImage, reply: Reply, markup?: Markup): Promise<number | undefined> {
    const { caption, rest } = splitCaption(this.renderer.render(reply));
    const extra = rest.length === 0 && markup ? { reply_markup: markup } : {};
    const photo = () => new InputFile(Buffer.from(image.png), 'chart.png');
    let sent: number;
    try {
      sent = (await this.api.sendPhoto(apiChatId(chatId), photo(), { caption, parse_mode: 'HTML', ...extra })).message_id;
    } catch (error) {
      if (classifyTelegramError(error).kind !== 'bad-html') throw error;
      this.logger.error({ err: error, chat: chatId }, 'Telegram refused our HTML caption; sending it as plain text');
      sent = (await this.api.sendPhoto(apiChatId(chatId), photo(), { caption: htmlToPlain(caption), ...extra })).message_id;
    }
    return rest.length === 0 ? sent : this.send(chatId, rest, markup);
  }

  async edit(chatId: string, messageId: number, html: string, keyboard?: InlineKeyboardMarkup): Promise<void> {
    try {
      await this.api.editMessageText(apiChatId(chatId), messageId, html, {
        parse_mode: 'HTML',
        link_preview_options: { is_disabled: true },
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    } catch (error) {
      if (!isNotModified(error)) throw error;
    }
  }

  /** Takes the buttons off a message (a finished form); failures only matter to the log. */
  async removeKeyboard(chatId: string, messageId: number): Promise<void> {
    try {
      await this.api.editMessageReplyMarkup(apiChatId(chatId), messageId);
    } catch (error) {
      if (!isNotModified(error)) this.logger.debug({ err: error, chat: chatId }, 'could not remove a keyboard');
    }
  }

  /** Stops the client's spinner on a pressed button, with a notice when there is something to say. */
  async answer(callbackId: string, text?: string, alert = false): Promise<void> {
    try {
      await this.api.answerCallbackQuery(callbackId, text ? { text: text.slice(0, 200), show_alert: alert } : {});
    } catch (error) {
      // Too late (Telegram gives about 15 s) or answered already: nothing to do.
      this.logger.debug({ err: error }, 'could not answer a button press');
    }
  }

  private async sendOne(chatId: string, html: string, extra: SendExtra): Promise<number> {
    const chat = apiChatId(chatId);
    try {
      const sent = await this.api.sendMessage(chat, html, { parse_mode: 'HTML', link_preview_options: { is_disabled: true }, ...extra });
      return sent.message_id;
    } catch (error) {
      if (classifyTelegramError(error).kind !== 'bad-html') throw error;
      this.logger.error({ err: error, chat: chatId }, 'Telegram refused our HTML; sending the message as plain text');
      const sent = await this.api.sendMessage(chat, htmlToPlain(html), { link_preview_options: { is_disabled: true }, ...extra });
      return sent.message_id;
    }
  }
}

function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /message is not modified/.test(error.description);
}
