/**
 * A build's "started" message, per bot, chat and build, kept in the database so it survives a
 * restart: the finished message goes into its thread (a Telegram reply, a Matrix m.thread), or
 * with Telegram's `editStartedMessage` it is edited into the result. `Id` is how the platform
 * names a message (Telegram: a number, Matrix: an event id).
 */
import type Database from 'better-sqlite3';
import { StateStore } from './state.js';

export class StartedMessages<Id extends number | string> {
  private readonly state: StateStore;

  /** `bot`: the adapter's name; two bots in one group each keep their own message. */
  constructor(
    db: Database.Database,
    private readonly bot: string,
  ) {
    this.state = new StateStore(db);
  }

  /** `build`: the notification's build key (master and build id). */
  remember(chatId: string, build: string, messageId: Id): void {
    this.state.set(this.key(chatId, build), messageId);
  }

  find(chatId: string, build: string): Id | undefined {
    return this.state.get<Id>(this.key(chatId, build));
  }

  forget(chatId: string, build: string): void {
    this.state.delete(this.key(chatId, build));
  }

  private key(chatId: string, build: string): string {
    return `${this.bot}.startedMessage.${chatId}.${build}`;
  }
}
