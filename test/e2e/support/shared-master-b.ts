/**
 * The second test master (master B: builders b-pass, b-fail, b-slow and common, worker
 * worker-b), shared by the e2e files of a run that ask for it. It takes as long to start as
 * the main one (about 30 s on a busy machine), so the global setup does not start it: the first
 * sharedMasterB() of a run does, in the folder the setup set aside (inject('buildbotDirB')), and
 * later calls, in this file or the next, find it running there. The global teardown stops it
 * by its pid files. A test that stops it starts it again with
 * `startMaster({ dir: masterB.dir, env: SHARED_MASTER_B_ENV })` (same ports, same database).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import '../setup/provided-context.js';
import { runningMaster, startMaster, type TestMaster } from './test-master.js';

/**
 * Master B's settings, read again at each (re)start: as on the main shared master, requests
 * are never merged. Ports are not among them: a restart keeps the folder's own.
 */
export const SHARED_MASTER_B_ENV = { BB_COLLAPSE: '0' };

let masterB: Promise<TestMaster> | undefined;

export function sharedMasterB(): Promise<TestMaster> {
  masterB ??= runningOrStarted(inject('buildbotDirB')).catch((error: unknown) => {
    masterB = undefined; // a later call may try again
    throw error;
  });
  return masterB;
}

async function runningOrStarted(dir: string): Promise<TestMaster> {
  const running = await runningMaster(dir);
  if (running) return running;
  // any free ports the first time: other test runs on this machine may want 8011 too
  const ports: Record<string, string> = existsSync(join(dir, 'ports.env')) ? {} : { BB_WEB_PORT: '0', BB_WORKER_PORT: '0' };
  return startMaster({ dir, config: 'b', env: { ...SHARED_MASTER_B_ENV, ...ports } });
}
