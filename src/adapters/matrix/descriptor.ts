/** The Matrix platform: one bot account per `matrix:` section, on matrix-js-sdk. */
import { definePlatform } from '../../core/platform.js';
import { matrixSectionSchema } from './matrix-config.js';

export const matrixPlatform = definePlatform({
  name: 'matrix',
  schema: matrixSectionSchema,
  multiple: true,
  // Rooms are chats under the name the config gives them (an alias or an id), see room-ids.ts.
  defaultChats: (section) => [...section.rooms],
  notifyOptions: (section) => ({ useRevisions: section.useRevisions, showBlameList: section.showBlameList, tags: section.tags ?? null }),
  async create(section, context) {
    const { MatrixAdapter } = await import('./matrix-adapter.js');
    return new MatrixAdapter({ name: context.name, config: section, core: context.core, logger: context.logger, db: context.db });
  },
});
