/**
 * Where the bot stopped reading its rooms: the `next_batch` token of its last /sync, kept in the
 * database so that a restart asks for what happened since (a command sent while the bot was down
 * is answered once) instead of starting afresh. matrix-js-sdk asks its store for a saved token
 * at start and hands it each sync response after its events were emitted (setSyncData), so a
 * MemoryStore that keeps that one token is enough: the room state itself is not needed across
 * restarts (power levels and members are read when a command needs them).
 */
import type Database from 'better-sqlite3';
import { MemoryStore } from 'matrix-js-sdk';
import { z } from 'zod';
import { StateStore } from '../../store/state.js';

type SyncResponse = Parameters<MemoryStore['setSyncData']>[0];

export class SyncPositionStore extends MemoryStore {
  private readonly state: StateStore;
  private readonly saved: string | null;

  constructor(
    db: Database.Database,
    private readonly key: string,
  ) {
    super();
    this.state = new StateStore(db);
    this.saved = this.state.get(this.key, z.string()) ?? null;
  }

  /** This start resumes from a position an earlier run saved. */
  get resumed(): boolean {
    return this.saved !== null;
  }

  override getSavedSyncToken(): Promise<string | null> {
    return Promise.resolve(this.saved);
  }

  override async setSyncData(data: SyncResponse): Promise<void> {
    await super.setSyncData(data);
    this.state.set(this.key, data.next_batch);
  }
}
