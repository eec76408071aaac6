/** The Matrix platform: one bot account per `matrix:` section, on matrix-js-sdk. */
import { definePlatform } from '../../core/platform.js';
import { DirectRooms } from './direct-rooms.js';
import { matrixSectionSchema } from './matrix-config.js';

export const matrixPlatform = definePlatform({
  name: 'matrix',
  schema: matrixSectionSchema,
  multiple: true,
  // Rooms are chats under the name the config gives them (an alias or an id), see room-ids.ts.
  defaultChats: (section) => [...section.rooms],
  notifyOptions: (section) => ({ useRevisions: section.useRevisions, showBlameList: section.showBlameList, tags: section.tags ?? null }),
  // A direct room with the bot and one user, as the adapter last saw it (direct-rooms.ts).
  privateChats: ({ adapter, db }) => {
    const rooms = new DirectRooms(db, adapter);
    return (chatId) => rooms.isPrivate(chatId);
  },
  async create(section, context) {
    const { MatrixAdapter } = await import('./matrix-adapter.js');
    return new MatrixAdapter({ name: context.name, config: section, core: context.core, logger: context.logger, db: context.db });
  },
});
