/** What the people commands (whoami, people, mentions, mute, unmute, quiet) may do. */
import type { ChatRef, ChatUser } from '../core/message.js';
import type { ChatSettings, QuietHours } from '../store/chat-settings.js';
import type { Person } from './people-directory.js';

export interface PeopleControl {
  /** The person this chat user is (someone keyed by platform and id when the config does not name them). */
  whoIs(chat: ChatRef, user: ChatUser): Person;
  /**
   * Links a commit author to USER: a person's name from the config, `me`, or a user of this
   * chat's platform (IRC nick, Telegram user id). Returns the person, or undefined when USER
   * names nobody.
   */
  link(chat: ChatRef, asker: ChatUser, who: string, author: string): Person | undefined;
  unlink(chat: ChatRef, asker: ChatUser, who: string, author: string): { person: Person | undefined; removed: boolean };
  settings(chat: ChatRef): ChatSettings;
  setMentions(chat: ChatRef, on: boolean): void;
  /** until: ms since the epoch, null until `unmute`. */
  mute(chat: ChatRef, until: number | null): void;
  /** Ends the mute; returns how many held notifications go out as one digest now. */
  unmute(chat: ChatRef): number;
  /** null: no quiet hours. Returns how many held notifications went out (quiet hours removed). */
  setQuiet(chat: ChatRef, quiet: QuietHours | null): number;
  /** The bot's clock, ms since the epoch. */
  now(): number;
}
