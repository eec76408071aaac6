/**
 * With `editStartedMessage`, a build's "started" message is edited into its result instead of
 * a second message being posted: this remembers which message that was, per chat and build,
 * in the database, so the edit still happens after a restart.
 */
import type Database from 'better-sqlite3';
import { StateStore } from '../../store/state.js';

export class StartedMessages {
  private readonly state: StateStore;

  constructor(db: Database.Database) {
    this.state = new StateStore(db);
  }

  remember(chatId: string, buildid: number, messageId: number): void {
    this.state.set(key(chatId, buildid), messageId);
  }

  find(chatId: string, buildid: number): number | undefined {
    return this.state.get<number>(key(chatId, buildid));
  }

  forget(chatId: string, buildid: number): void {
    this.state.delete(key(chatId, buildid));
  }
}

function key(chatId: string, buildid: number): string {
  return `telegram.startedMessage.${chatId}.${buildid}`;
}
