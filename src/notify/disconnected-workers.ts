/**
 * A worker that disconnected and has not come back after `graceMs` is reported missing. The
 * master says "missing" itself only after the worker's missing_timeout, an hour by default, and
 * Buildbot's bots ignore `disconnected` (its bug 5); a short grace keeps a worker's quick restart
 * quiet. Disconnections are kept in the database, so a bot restarted in the grace still reports.
 */
import { z } from 'zod';
import type { KeyValueStore } from '../store/state.js';

const KEY = 'workers.disconnected';
const storedSchema = z.record(z.string(), z.object({ name: z.string(), at: z.number() }));

export interface DisconnectedWorker {
  workerid: number;
  name: string;
  /** When it disconnected, ms since the epoch. */
  at: number;
}

export interface DisconnectedWorkersOptions {
  /** The master's own state: worker ids are per master. */
  state: KeyValueStore;
  graceMs: number;
  /** The grace ran out: report the worker missing. */
  onMissing(worker: DisconnectedWorker): void;
  now?: () => number;
}

export class DisconnectedWorkers {
  private readonly store: KeyValueStore;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly now: () => number;

  constructor(private readonly options: DisconnectedWorkersOptions) {
    this.store = options.state;
    this.now = options.now ?? Date.now;
  }

  /** At start: the grace of each worker still away goes on from where it was. */
  start(): void {
    for (const worker of this.stored()) this.schedule(worker);
  }

  stop(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  disconnected(workerid: number, name: string): void {
    const all = this.read();
    if (all[workerid] !== undefined) return;
    const worker = { workerid, name, at: this.now() };
    this.store.set(KEY, { ...all, [workerid]: { name, at: worker.at } });
    this.schedule(worker);
  }

  connected(workerid: number): void {
    clearTimeout(this.timers.get(workerid));
    this.timers.delete(workerid);
    this.forget(workerid);
  }

  private schedule(worker: DisconnectedWorker): void {
    clearTimeout(this.timers.get(worker.workerid));
    const timer = setTimeout(
      () => {
        this.timers.delete(worker.workerid);
        this.forget(worker.workerid);
        this.options.onMissing(worker);
      },
      Math.max(0, worker.at + this.options.graceMs - this.now()),
    );
    timer.unref();
    this.timers.set(worker.workerid, timer);
  }

  private forget(workerid: number): void {
    const all = this.read();
    if (all[workerid] === undefined) return;
    const { [workerid]: _gone, ...rest } = all;
    this.store.set(KEY, rest);
  }

  private read(): Record<string, { name: string; at: number }> {
    return this.store.get(KEY, storedSchema) ?? {};
  }

  private stored(): DisconnectedWorker[] {
    return Object.entries(this.read()).map(([workerid, { name, at }]) => ({ workerid: Number(workerid), name, at }));
  }
}
