/**
 * What the people commands (whoami, people, mentions, mute, unmute, quiet, notify --mine) may
 * do; src/people/people-service.ts implements it. The views are plain data, so the core needs
 * nothing from src/people or src/store.
 */
import type { ChatRef, ChatUser } from './message.js';

export interface PersonView {
  /** 'person:NAME' for the config's people, 'ADAPTER:USER' for others. */
  key: string;
  name: string;
  /** Per platform, how to mention them there. */
  handles: Record<string, string>;
  authors: string[];
  mention: boolean;
  configured: boolean;
}

export interface QuietHoursView {
  /** Minutes after local midnight. */
  from: number;
  to: number;
  timeZone: string;
  /** Events that still go out during quiet hours. */
  except: string[];
}

export interface ChatSettingsView {
  mentions: boolean;
  muted: boolean;
  /** ms since the epoch; null while muted: until `unmute`. */
  mutedUntil: number | null;
  quiet: QuietHoursView | null;
}

export interface PeopleControl {
  /** The person this chat user is (someone keyed by platform and id when the config does not name them). */
  whoIs(chat: ChatRef, user: ChatUser): PersonView;
  /**
   * Links a commit author to USER: a person's name from the config, `me`, or a user of this
   * chat's platform (IRC nick, Telegram user id). Returns the person, or undefined when USER
   * names nobody.
   */
  link(chat: ChatRef, asker: ChatUser, who: string, author: string): PersonView | undefined;
  unlink(chat: ChatRef, asker: ChatUser, who: string, author: string): { person: PersonView | undefined; removed: boolean };
  settings(chat: ChatRef): ChatSettingsView;
  setMentions(chat: ChatRef, on: boolean): void;
  /** until: ms since the epoch, null until `unmute`. */
  mute(chat: ChatRef, until: number | null): void;
  /** Ends the mute; returns how many held notifications go out as one digest now. */
  unmute(chat: ChatRef): number;
  /** null: no quiet hours. Returns how many held notifications went out (quiet hours removed). */
  setQuiet(chat: ChatRef, quiet: QuietHoursView | null): number;
  /** The bot's clock, ms since the epoch. */
  now(): number;
}
