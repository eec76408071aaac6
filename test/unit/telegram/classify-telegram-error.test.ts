import { GrammyError, HttpError } from 'grammy';
import type { ResponseParameters } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { classifyTelegramError } from '../../../src/adapters/telegram/classify-telegram-error.js';

function apiError(code: number, description: string, parameters: ResponseParameters = {}): GrammyError {
  return new GrammyError(`Call to 'sendMessage' failed!`, { ok: false, error_code: code, description, parameters }, 'sendMessage', {});
}

describe('what a failed Bot API call means', () => {
  it('a chat that blocked or removed the bot, or does not exist, is gone', () => {
    expect(classifyTelegramError(apiError(403, 'Forbidden: bot was blocked by the user')).kind).toBe('chat-gone');
    expect(classifyTelegramError(apiError(403, 'Forbidden: bot was kicked from the group chat')).kind).toBe('chat-gone');
    expect(classifyTelegramError(apiError(400, 'Bad Request: chat not found'))).toEqual({ kind: 'chat-gone', reason: '400: Bad Request: chat not found' });
  });

  it('a group upgraded to a supergroup moved, to the id Telegram names', () => {
    expect(classifyTelegramError(apiError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: -1001234 }))).toEqual({
      kind: 'moved',
      chatId: '-1001234',
      reason: '400: Bad Request: group chat was upgraded to a supergroup chat',
    });
  });

  it('a bot that may not write in a chat just now has its message refused, and keeps the chat', () => {
    for (const description of ['Bad Request: not enough rights to send text messages to the chat', 'Bad Request: have no rights to send a message', 'Bad Request: CHAT_WRITE_FORBIDDEN']) {
      expect(classifyTelegramError(apiError(400, description)).kind).toBe('refused');
    }
  });

  it('HTML Telegram cannot parse is told apart from other refusals', () => {
    expect(classifyTelegramError(apiError(400, "Bad Request: can't parse entities: Unclosed start tag at byte offset 3")).kind).toBe('bad-html');
    expect(classifyTelegramError(apiError(400, 'Bad Request: message is too long')).kind).toBe('refused');
  });

  it('5xx, 429 after the retries and network failures pass', () => {
    expect(classifyTelegramError(apiError(502, 'Bad Gateway')).kind).toBe('transient');
    expect(classifyTelegramError(apiError(429, 'Too Many Requests: retry after 90', { retry_after: 90 })).kind).toBe('transient');
    expect(classifyTelegramError(new HttpError("Network request for 'sendMessage' failed!", new Error('ECONNRESET'))).kind).toBe('transient');
  });
});
