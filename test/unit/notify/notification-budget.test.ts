/**
 * A notification has a budget: fields from the master and from users are cut with an ellipsis
 * (a 10 KB reason made one IRC notification 20 lines and four Telegram messages), so one fits
 * one Telegram message.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { TelegramSender } from '../../../src/adapters/telegram/telegram-sender.js';
import { createTelegramApi } from '../../../src/adapters/telegram/telegram-api.js';
import { buildFinishedReply, buildStartedReply, FIELD_BUDGET } from '../../../src/notify/notification-payloads.js';
import { hugeNotice, NOTICE_URL } from '../../support/huge-notice.js';

const options = { useRevisions: true, showBlameList: true, tags: null, logTailLines: 0 };

describe('notification budget', () => {
  it('cuts the reason at 200 characters with an ellipsis, and every other field too', () => {
    const data = buildFinishedReply(hugeNotice(), options, 'default').data as Record<string, unknown>;
    expect(data.reason).toBe(`because ${'r'.repeat(FIELD_BUDGET.reason - 9)}…`);
    expect((data.reason as string).length).toBe(FIELD_BUDGET.reason);
    for (const field of ['builder', 'stateString', 'owner', 'branch'] as const) {
      expect((data[field] as string).length, field).toBeLessThanOrEqual(FIELD_BUDGET[field]);
      expect(data[field], field).toMatch(/…$/);
    }
    expect((data.blame as string[]).length).toBeLessThanOrEqual(FIELD_BUDGET.names + 1);
    expect(data.blame).toContain(`${50 - FIELD_BUDGET.names} more`);
    expect((data.revisions as string[]).length).toBeLessThanOrEqual(FIELD_BUDGET.names);
    expect(data.url).toBe(NOTICE_URL);
  });

  it('makes one Telegram message of the longest notification', () => {
    const sender = new TelegramSender(createTelegramApi({ token: '1:x', apiRoot: 'http://127.0.0.1:9', pollTimeout: 1, limits: { globalPerSecond: 30, perChatPerSecond: 1, perGroupPerMinute: 20 } }), pino({ level: 'silent' }));
    for (const reply of [buildFinishedReply(hugeNotice(), options, 'default'), buildStartedReply(hugeNotice(), options, 'default')]) {
      expect(sender.render(reply)).toHaveLength(1);
    }
  });
});
