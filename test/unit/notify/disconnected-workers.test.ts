import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DisconnectedWorkers, type DisconnectedWorker } from '../../../src/notify/disconnected-workers.js';
import { openDatabase } from '../../../src/store/open-database.js';
import { StateStore } from '../../../src/store/state.js';

const GRACE = 10 * 60_000;

let db: Database.Database;
let missing: DisconnectedWorker[];
const running: DisconnectedWorkers[] = [];

function watcher(): DisconnectedWorkers {
  const workers = new DisconnectedWorkers({ state: new StateStore(db).scoped('master.default.'), graceMs: GRACE, onMissing: (worker) => missing.push(worker) });
  running.push(workers);
  return workers;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
  db = openDatabase(':memory:');
  missing = [];
});

afterEach(() => {
  for (const workers of running.splice(0)) workers.stop();
  db.close();
  vi.useRealTimers();
});

describe('disconnected workers', () => {
  it('reports a worker missing once it has been away for the grace, once', async () => {
    const workers = watcher();
    workers.start();
    workers.disconnected(7, 'linux');
    await vi.advanceTimersByTimeAsync(GRACE - 1);
    workers.disconnected(7, 'linux'); // told again: the grace does not start over
    expect(missing).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(missing).toEqual([{ workerid: 7, name: 'linux', at: 1_800_000_000_000 }]);
    await vi.advanceTimersByTimeAsync(GRACE);
    expect(missing).toHaveLength(1);
  });

  it('says nothing of a worker back within the grace', async () => {
    const workers = watcher();
    workers.start();
    workers.disconnected(7, 'linux');
    await vi.advanceTimersByTimeAsync(60_000);
    workers.connected(7);
    await vi.advanceTimersByTimeAsync(GRACE);
    expect(missing).toEqual([]);
  });

  it('goes on with the grace after a restart, from the time of the disconnection', async () => {
    const before = watcher();
    before.start();
    before.disconnected(7, 'linux');
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    before.stop();
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    const after = watcher();
    after.start();
    await vi.advanceTimersByTimeAsync(4 * 60_000 - 1);
    expect(missing).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(missing).toEqual([{ workerid: 7, name: 'linux', at: 1_800_000_000_000 }]);
  });

  it('reports at once, at start, a worker whose grace ran out while the bot was stopped', async () => {
    const before = watcher();
    before.disconnected(7, 'linux');
    before.stop();
    await vi.advanceTimersByTimeAsync(GRACE * 2);
    watcher().start();
    await vi.advanceTimersByTimeAsync(0);
    expect(missing.map((worker) => worker.name)).toEqual(['linux']);
  });
});
