/** The Telegram platform: one bot per `telegram:` section, on grammY. */
import { definePlatform } from '../../core/platform.js';
import { telegramSectionSchema } from './telegram-config.js';

export const telegramPlatform = definePlatform({
  name: 'telegram',
  schema: telegramSectionSchema,
  multiple: true,
  defaultChats: (section) => section.chatIds.map(String),
  notifyOptions: (section) => ({ useRevisions: section.useRevisions, showBlameList: section.showBlameList, tags: section.tags ?? null }),
  // core.telegram.org/bots/api#chat: a private chat's id is its user's id, positive; groups' are negative.
  privateChats: () => (chatId) => /^\d+$/.test(chatId),
  needsHttp: (section) => (section.mode === 'webhook' ? 'telegram.mode is webhook: Telegram posts to this HTTP server' : undefined),
  async create(section, context) {
    const { TelegramAdapter } = await import('./telegram-adapter.js');
    return new TelegramAdapter({ name: context.name, config: section, core: context.core, logger: context.logger, db: context.db, ...(context.http ? { http: context.http } : {}) });
  },
});
