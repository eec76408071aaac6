/**
 * A build's "started" message, per bot, chat and build, kept in the database so it survives a
 * restart: the finished message replies to it (a thread per build), or with
 * `editStartedMessage` it is edited into the result instead of a second message being posted.
 */
import type Database from 'better-sqlite3';
import { StateStore } from '../../store/state.js';

export class StartedMessages {
  private readonly state: StateStore;

  /** `bot`: the adapter's name; two bots in one group each edit their own message. */
  constructor(
    db: Database.Database,
    private readonly bot: string,
  ) {
    this.state = new StateStore(db);
  }

  /** `build`: the notification's build key (master and build id). */
  remember(chatId: string, build: string, messageId: number): void {
    this.state.set(this.key(chatId, build), messageId);
  }

  find(chatId: string, build: string): number | undefined {
    return this.state.get<number>(this.key(chatId, build));
  }

  forget(chatId: string, build: string): void {
    this.state.delete(this.key(chatId, build));
  }

  private key(chatId: string, build: string): string {
    return `${this.bot}.startedMessage.${chatId}.${build}`;
  }
}
