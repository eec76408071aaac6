/**
 * A thread per build on Telegram: a build's finished message replies to its started message,
 * and with `topics: byBuilder` each builder's notifications go to a topic of their own in a
 * forum supergroup, created the first time and remembered in the database (createForumTopic,
 * core.telegram.org/bots/api#createforumtopic). Chats that are no forum, or where the bot may
 * not create topics, get their notifications in the main thread.
 */
import type Database from 'better-sqlite3';
import type { Api } from 'grammy';
import type { Logger } from 'pino';
import { isTemplateReply, type NotificationBuild, type Reply } from '../../core/reply.js';
import { StateStore } from '../../store/state.js';
import { classifyTelegramError } from './classify-telegram-error.js';
import { StartedMessages } from '../../store/started-messages.js';
import { apiChatId, type Placement } from './telegram-sender.js';

/** The build a notification is about, and its builder (for its topic). */
export function buildOf(reply: Reply): (NotificationBuild & { builder: string | undefined }) | null {
  if (!isTemplateReply(reply) || !reply.build) return null;
  const builder = reply.data && 'builder' in reply.data ? reply.data.builder : undefined;
  return { ...reply.build, builder: typeof builder === 'string' ? builder : undefined };
}

export class BuildThreads {
  readonly started: StartedMessages<number>;
  private readonly state: StateStore;
  /** Per chat: a forum where topics can be made (asked once per run with getChat). */
  private readonly forums = new Map<string, boolean>();

  constructor(
    private readonly api: Api,
    db: Database.Database,
    private readonly logger: Logger,
    private readonly topics: 'none' | 'byBuilder',
    /** The adapter's name: two bots in one group keep their own messages and topics. */
    private readonly bot: string,
  ) {
    this.started = new StartedMessages(db, bot);
    this.state = new StateStore(db);
  }

  /** Where the notification goes in the chat. Transient Telegram errors are thrown (the outbox retries). */
  async place(chatId: string, reply: Reply): Promise<Placement> {
    const build = buildOf(reply);
    if (!build) return {};
    const threadId = build.builder === undefined ? undefined : await this.topic(chatId, build.builder);
    const replyTo = build.stage === 'finished' ? this.started.find(chatId, build.key) : undefined;
    return { ...(threadId === undefined ? {} : { threadId }), ...(replyTo === undefined ? {} : { replyTo }) };
  }

  private async topic(chatId: string, builder: string): Promise<number | undefined> {
    // forum supergroups only: their ids start with -100
    if (this.topics !== 'byBuilder' || !chatId.startsWith('-100')) return undefined;
    const key = `${this.bot}.topic.${chatId}.${builder}`;
    const known = this.state.get<number>(key);
    if (known !== undefined) return known;
    if (!(await this.isForum(chatId))) return undefined;
    try {
      // Telegram allows topic names of 1-128 characters
      const topic = await this.api.createForumTopic(apiChatId(chatId), builder.slice(0, 128));
      this.state.set(key, topic.message_thread_id);
      this.logger.info({ chat: chatId, builder, topic: topic.message_thread_id }, 'created a forum topic for the builder');
      return topic.message_thread_id;
    } catch (error) {
      if (classifyTelegramError(error).kind === 'transient') throw error;
      this.logger.warn({ err: error, chat: chatId }, 'cannot create forum topics here (no right to manage topics?); notifications go to the main thread');
      this.forums.set(chatId, false);
      return undefined;
    }
  }

  private async isForum(chatId: string): Promise<boolean> {
    const known = this.forums.get(chatId);
    if (known !== undefined) return known;
    const chat = await this.api.getChat(apiChatId(chatId));
    const forum = chat.type === 'supergroup' && chat.is_forum === true;
    this.forums.set(chatId, forum);
    return forum;
  }

  /** Stale state (a topic deleted by an admin): forget it so the next notification makes a new one. */
  forgetTopic(chatId: string, builder: string): void {
    this.state.delete(`${this.bot}.topic.${chatId}.${builder}`);
  }
}
