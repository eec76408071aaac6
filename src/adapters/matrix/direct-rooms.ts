/**
 * The Matrix rooms that are private chats: a direct room (named in the bot's m.direct account
 * data, where clients record direct chats) whose joined members are the bot and one user. The
 * adapter records what it learns whenever it reads a room's facts (a message read there) or
 * takes a direct invitation, in the database, so the notifier, which knows a chat by its id
 * alone, can tell after a restart too. A room never seen that way, or known by a configured
 * alias, counts as a room with several people.
 */
import type Database from 'better-sqlite3';
import { StateStore } from '../../store/state.js';

export class DirectRooms {
  private readonly state: StateStore;

  /** `adapter`: the adapter's name; two bot accounts each know their own rooms. */
  constructor(
    db: Database.Database,
    private readonly adapter: string,
  ) {
    this.state = new StateStore(db);
  }

  /** What the adapter saw of a room: private or not (a third member joined, m.direct changed). */
  note(roomId: string, isPrivate: boolean): void {
    const key = this.key(roomId);
    if (isPrivate) {
      if (this.state.get(key) !== true) this.state.set(key, true);
    } else this.state.delete(key);
  }

  isPrivate(chatId: string): boolean {
    // Configured rooms are kept under their alias: a direct room has none.
    return !chatId.startsWith('#') && this.state.get(this.key(chatId)) === true;
  }

  private key(roomId: string): string {
    return `${this.adapter}.privateRoom.${roomId}`;
  }
}
