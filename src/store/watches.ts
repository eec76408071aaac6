/**
 * Builds a chat asked to hear about (`watch BUILDER`): kept here, not in memory, so the result
 * arrives even when the bot restarts while the build runs (Buildbot forgets them).
 */
import type Database from 'better-sqlite3';
import { storedChat, type ChatAddress, type StoredChat } from './stored-chat.js';

export interface WatchedBuild {
  /** The master's name: build ids are only unique within one master. */
  master: string;
  buildid: number;
  builderid: number;
  number: number;
}

export interface Watch extends StoredChat, WatchedBuild {
  id: number;
  createdAt: number;
}

const COLUMNS = 'id, chat_key AS chatKey, adapter, chat_id AS chatId, master, buildid, builderid, number, created_at AS createdAt';

export class Watches {
  private readonly insert;
  private readonly selectId;
  private readonly selectBuild;
  private readonly selectChat;
  private readonly deleteId;
  private readonly deleteChat;

  constructor(
    db: Database.Database,
    private readonly now: () => number = Date.now,
  ) {
    // A chat watching the same build twice gets one watch (and one message), not two.
    this.insert = db.prepare<StoredChat & WatchedBuild & { now: number }>(
      `INSERT INTO watches (chat_key, adapter, chat_id, master, buildid, builderid, number, created_at)
       VALUES (@chatKey, @adapter, @chatId, @master, @buildid, @builderid, @number, @now)
       ON CONFLICT (chat_key, master, buildid) DO NOTHING`,
    );
    this.selectId = db.prepare<[string, string, number], { id: number }>('SELECT id FROM watches WHERE chat_key = ? AND master = ? AND buildid = ?');
    this.selectBuild = db.prepare<[string, number], Watch>(`SELECT ${COLUMNS} FROM watches WHERE master = ? AND buildid = ? ORDER BY id`);
    this.selectChat = db.prepare<[string], Watch>(`SELECT ${COLUMNS} FROM watches WHERE chat_key = ? ORDER BY id`);
    this.deleteId = db.prepare<[number]>('DELETE FROM watches WHERE id = ?');
    this.deleteChat = db.prepare<[string]>('DELETE FROM watches WHERE chat_key = ?');
  }

  /** Returns the watch's id (the existing one when the chat already watches the build). */
  add(chat: ChatAddress, build: WatchedBuild): number {
    const target = storedChat(chat);
    const { master, buildid, builderid, number } = build;
    this.insert.run({ ...target, master, buildid, builderid, number, now: this.now() });
    const row = this.selectId.get(target.chatKey, master, buildid);
    if (!row) throw new Error(`watch of build ${buildid} by ${target.chatKey} vanished while it was added`);
    return row.id;
  }

  forBuild(master: string, buildid: number): Watch[] {
    return this.selectBuild.all(master, buildid);
  }

  list(chat: ChatAddress): Watch[] {
    return this.selectChat.all(storedChat(chat).chatKey);
  }

  remove(id: number): boolean {
    return this.deleteId.run(id).changes > 0;
  }

  /** Forgets every watch of a chat that is gone; returns how many. */
  removeChat(chat: ChatAddress): number {
    return this.deleteChat.run(storedChat(chat).chatKey).changes;
  }
}
