/** The IRC platform: one network per `irc:` section, on irc-framework. */
import { definePlatform } from '../../core/platform.js';
import { configuredIrcChatIds, isIrcChannelName } from './irc-chat-id.js';
import { ircSectionSchema } from './irc-config.js';

export const ircPlatform = definePlatform({
  name: 'irc',
  schema: ircSectionSchema,
  multiple: true,
  defaultChats: (section) => configuredIrcChatIds(section),
  notifyOptions: (section) => ({ useRevisions: section.useRevisions, showBlameList: section.showBlameList, tags: section.tags ?? null }),
  // A channel's name starts with a channel prefix; any other chat id is the nick of a private chat.
  privateChats: () => (chatId) => !isIrcChannelName(chatId),
  async create(section, context) {
    const { IrcAdapter } = await import('./irc-adapter.js');
    return new IrcAdapter({ name: context.name, config: section, core: context.core, logger: context.logger, db: context.db, ...(context.webUrl ? { webUrl: context.webUrl } : {}) });
  },
});
