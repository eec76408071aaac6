/**
 * The people features as one part: who is who (the config's `people:` and `people link`), the
 * mentions a chat's notification carries, `--mine` subscriptions, and mute and quiet hours
 * with their digest. The notifier asks it through NotifyPeople; commands through PeopleControl.
 */
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { ChatRef, ChatUser } from '../core/message.js';
import type { TemplateReply } from '../core/reply.js';
import type { BuildNotice } from '../notify/describe-build.js';
import { NotificationHold } from './hold.js';
import { involvedPeople, mentionsOf } from './mentions.js';
import type { NotifyPeople } from '../notify/notify-people.js';
import { ChatSettingsStore } from '../store/chat-settings.js';
import { HeldNotifications } from '../store/held-notifications.js';
import { PeopleLinks } from '../store/people-links.js';
import { chatKey } from '../core/message.js';
import { platformNameOf } from '../core/platform.js';
import type { StoredChat } from '../store/stored-chat.js';
import type { PeopleControl } from '../core/people-control.js';
import type { PersonConfig } from './people-config.js';
import { PeopleDirectory, type Person } from './people-directory.js';

/** Events that only failed builds have: their changes are read anyway (describe-build.ts). */
const FAILED_BUILD_EVENTS = new Set(['failure', 'exception', 'problem', 'worse']);

export interface PeopleServiceOptions {
  db: Database.Database;
  logger: Logger;
  people: readonly PersonConfig[];
  /** Channel notifications of these events mention the build's people. */
  mentionEvents: readonly string[];
  now: () => number;
  /** A digest was enqueued: deliver it. */
  onEnqueued: () => void;
  /** How often ended mutes and quiet hours are looked for (default 30 s). */
  holdCheckMs?: number;
  /** Whether a stored chat is a private one, by its platform's rule (core/platform.ts). */
  isPrivateChat: (adapter: string, chatId: string) => boolean;
}

export class PeopleService implements NotifyPeople {
  readonly control: PeopleControl;
  readonly hold: NotificationHold;
  readonly directory: PeopleDirectory;
  private readonly settings: ChatSettingsStore;
  private readonly held: HeldNotifications;
  private readonly anyMine;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PeopleServiceOptions) {
    const { db, now } = options;
    const links = new PeopleLinks(db, now);
    this.directory = new PeopleDirectory(options.people, links);
    this.settings = new ChatSettingsStore(db, now);
    this.held = new HeldNotifications(db, now);
    this.hold = new NotificationHold({ db, logger: options.logger, now, onEnqueued: options.onEnqueued });
    this.anyMine = db.prepare<[], { one: number }>(`SELECT 1 AS one FROM subscriptions WHERE json_extract(filters, '$.mine') IS NOT NULL LIMIT 1`);
    const directory = this.directory;
    this.control = {
      whoIs: (chat, user) => directory.forUser(chat.adapter, user),
      link: (chat, asker, who, author) => {
        const person = this.resolve(chat, asker, who);
        if (person) links.add({ personKey: person.key, author: author.trim(), name: person.name });
        return person && directory.byKey(person.key);
      },
      unlink: (chat, asker, who, author) => {
        const person = this.resolve(chat, asker, who);
        return { person, removed: person ? links.remove(person.key, author.trim()) : false };
      },
      settings: (chat) => this.settings.get(chat),
      setMentions: (chat, on) => {
        this.settings.update(chat, { mentions: on });
      },
      mute: (chat, until) => {
        this.settings.update(chat, { muted: true, mutedUntil: until });
      },
      unmute: (chat) => {
        this.settings.update(chat, { muted: false, mutedUntil: null });
        return this.releaseNow(chat);
      },
      setQuiet: (chat, quiet) => {
        this.settings.update(chat, { quiet });
        return this.releaseNow(chat);
      },
      now,
    };
  }

  /** Sends the digests that came due while the bot was stopped, then looks again now and then. */
  start(): void {
    this.hold.releaseDue();
    this.timer = setInterval(() => {
      try {
        this.hold.releaseDue();
      } catch (error) {
        this.options.logger.error({ err: error }, 'could not send the digest of held notifications; trying again later');
      }
    }, this.options.holdCheckMs ?? 30_000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  wantsAllBlame(): boolean {
    return this.options.mentionEvents.some((event) => !FAILED_BUILD_EVENTS.has(event)) || this.anyMine.get() !== undefined;
  }

  involves(personKey: string, notice: BuildNotice): boolean {
    return involvedPeople(this.directory, notice).some((entry) => entry.person?.key === personKey);
  }

  shape(target: StoredChat, events: ReadonlySet<string>, notice: BuildNotice | null, reply: TemplateReply): { reply: TemplateReply; held: string | null } {
    const held = this.hold.reason(target.chatKey, events);
    if (!notice || !this.mentionsWanted(target, events)) return { reply, held };
    const mentions = mentionsOf(involvedPeople(this.directory, notice));
    if (mentions.length === 0) return { reply, held };
    if (reply.template === 'build-started') return { reply: { ...reply, data: { ...reply.data, mentions } }, held };
    if (reply.template === 'build-finished') return { reply: { ...reply, data: { ...reply.data, mentions } }, held };
    return { reply, held };
  }

  private mentionsWanted(target: StoredChat, events: ReadonlySet<string>): boolean {
    if (this.options.isPrivateChat(target.adapter, target.chatId)) return false;
    if (!this.options.mentionEvents.some((event) => events.has(event))) return false;
    return this.settings.byKey(target.chatKey)?.mentions ?? true;
  }

  private releaseNow(chat: ChatRef): number {
    const waiting = this.held.forChat(chatKey(chat)).length;
    this.hold.releaseDue();
    return this.held.forChat(chatKey(chat)).length === 0 ? waiting : 0;
  }

  /** USER of `people link`: a person of the config, `me`, or a user of this chat's platform. */
  private resolve(chat: ChatRef, asker: ChatUser, who: string): Person | undefined {
    if (who.toLowerCase() === 'me') return this.directory.forUser(chat.adapter, asker);
    const named = this.directory.byName(who);
    if (named) return named;
    const platform = platformNameOf(chat.adapter);
    if (platform === 'telegram') {
      if (/^\d+$/.test(who)) return this.directory.forUser(chat.adapter, { id: who, name: who });
      const username = /^@(\w+)$/.exec(who)?.[1];
      const person = username ? this.directory.forUser(chat.adapter, { id: '', name: who, username }) : undefined;
      return person?.configured ? person : undefined;
    }
    if (platform === 'irc') return /^[A-Za-z[\]\\`_^{|}][\w[\]\\`^{|}-]*$/.test(who) ? this.directory.forUser(chat.adapter, { id: who, name: who }) : undefined;
    return /^\S+$/.test(who) ? this.directory.forUser(chat.adapter, { id: who, name: who }) : undefined;
  }
}
