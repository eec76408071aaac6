/**
 * A thread per build on Matrix: a build's finished notice goes into the thread of its started
 * notice (an m.thread relation, spec "Threading"), with a reply fallback for clients without
 * threads. The started notice's event id is kept in the database per bot, room and build, so a
 * restart between the two keeps the thread. A finished notice whose started one the bot never
 * sent (the room follows only results) is a plain notice.
 */
import type Database from 'better-sqlite3';
import { isTemplateReply, type Reply } from '../../core/reply.js';
import { StartedMessages } from '../../store/started-messages.js';
import type { MatrixMessageContent } from './matrix-text-format.js';

export class MatrixBuildThreads {
  private readonly started: StartedMessages<string>;

  /** `bot`: the adapter's name; two bot accounts in one room keep their own threads. */
  constructor(db: Database.Database, bot: string) {
    this.started = new StartedMessages(db, bot);
  }

  /** `content` in its build's thread, when it is a finished notice whose started one is known. */
  place(chatId: string, reply: Reply, content: MatrixMessageContent): MatrixMessageContent {
    const build = isTemplateReply(reply) ? reply.build : undefined;
    const root = build?.stage === 'finished' ? this.started.find(chatId, build.key) : undefined;
    if (root === undefined) return content;
    return { ...content, 'm.relates_to': { rel_type: 'm.thread', event_id: root, is_falling_back: true, 'm.in_reply_to': { event_id: root } } };
  }

  /** The homeserver took the notice as `eventId`: a started one opens its build's thread. */
  sent(chatId: string, reply: Reply, eventId: string): void {
    const build = isTemplateReply(reply) ? reply.build : undefined;
    if (build?.stage === 'started') this.started.remember(chatId, build.key, eventId);
    if (build?.stage === 'finished') this.started.forget(chatId, build.key);
  }
}
