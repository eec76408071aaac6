import type { Update } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { readUpdate } from '../../../src/adapters/telegram/read-update.js';

const ada = { id: 42, is_bot: false, first_name: 'Ada', last_name: 'Lovelace', username: 'ada' };
const group = { id: -100123, type: 'supergroup' as const, title: 'Builds' };

function message(text: string, chat: object = group, from: object = ada): Update {
  return { update_id: 1, message: { message_id: 7, date: 0, chat, from, text } } as Update;
}

describe('reading a Telegram update', () => {
  it('reads a command, with or without our name, and names the user as Buildbot does', () => {
    for (const text of ['/status fast-pass', '/Status@CI_bot   fast-pass']) {
      expect(readUpdate(message(text), 'ci_bot')).toEqual({
        kind: 'command',
        name: 'status',
        argText: 'fast-pass',
        messageId: 7,
        chat: { adapter: 'telegram', id: '-100123', private: false, title: 'Builds' },
        user: { id: '42', name: 'Ada Lovelace (@ada)', username: 'ada' },
      });
    }
  });

  it("ignores another bot's commands, bots, and messages without text", () => {
    expect(readUpdate(message('/status@other_bot'), 'ci_bot')).toBeNull();
    expect(readUpdate(message('/status', group, { ...ada, is_bot: true }), 'ci_bot')).toBeNull();
    expect(readUpdate({ update_id: 2, message: { message_id: 8, date: 0, chat: group, from: ada } } as Update, 'ci_bot')).toBeNull();
    expect(readUpdate({ update_id: 3, channel_post: { message_id: 1, date: 0, chat: { id: -1, type: 'channel', title: 'x' }, text: '/status' } } as Update, 'ci_bot')).toBeNull();
  });

  it('reads text and button presses', () => {
    expect(readUpdate(message('40', { id: 42, type: 'private', first_name: 'Ada' }), 'ci_bot')).toMatchObject({ kind: 'text', text: '40', chat: { id: '42', private: true } });
    const press = { update_id: 4, callback_query: { id: 'cb1', from: ada, chat_instance: '1', data: 'abc:0', message: { message_id: 9, date: 0, chat: group } } } as Update;
    expect(readUpdate(press, 'ci_bot')).toMatchObject({ kind: 'press', callbackId: 'cb1', data: 'abc:0', messageId: 9, user: { id: '42' } });
  });
});
