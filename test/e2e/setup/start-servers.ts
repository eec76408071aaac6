/**
 * vitest globalSetup of the e2e project: one real Buildbot master (with worker1) and two ngircd
 * for the whole run, in a temporary folder, stopped by their pid files at the end, also when
 * tests fail or the setup itself fails half-way. A second master (master B) costs as much to
 * start as the first, so only the tests that want it start it (sharedMasterB() in
 * test/e2e/support/shared-master-b.ts), in a folder set aside here and stopped here. A second
 * ngircd costs about a second, while the master starts, so it always runs. Set E2E_KEEP_DIRS=1
 * to keep the folder (logs, database) for a look afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import './provided-context.js';
import { repoRoot } from '../support/run-script.js';
import { startIrcd, stopIrcd } from '../support/test-ircd.js';
import { startMaster, stopMaster } from '../support/test-master.js';

/** Settings of the shared master; tests that need others start a master of their own. */
export const SHARED_MASTER_ENV = {
  // requests for one builder are never merged, so every force gets a build of its own
  BB_COLLAPSE: '0',
  // ghost is reported missing 5 s after the master starts rather than 60 s
  BB_MISSING: '5',
  // any free ports, so a master someone runs on the default 8010 is no obstacle
  BB_WEB_PORT: process.env.BB_WEB_PORT ?? '0',
  BB_WORKER_PORT: process.env.BB_WORKER_PORT ?? '0',
};

export default async function startServers(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), 'buildbot-chat-e2e-'));
  const masterDir = join(root, 'buildbot');
  const masterDirB = join(root, 'buildbot-b');
  const ircDir = join(root, 'ircd');
  const ircDirB = join(root, 'ircd-b');

  let stopped = false;
  const stopAll = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopOnExit);
    const results = await Promise.allSettled([
      stopMaster(masterDir),
      stopMaster(masterDirB),
      stopIrcd(ircDir),
      stopIrcd(ircDirB),
    ]);
    if (process.env.E2E_KEEP_DIRS === '1') console.error(`e2e: kept ${root}`);
    else await rm(root, { recursive: true, force: true });
    for (const result of results) if (result.status === 'rejected') throw result.reason;
  };
  // Last resort when vitest exits without running the teardown (a crash, process.exit):
  // 'exit' handlers must be synchronous, hence spawnSync.
  function stopOnExit(): void {
    if (stopped) return;
    const stops: Array<[script: string, dir: string]> = [
      ['test/master/stop-master.sh', masterDir],
      ['test/master/stop-master.sh', masterDirB],
      ['test/irc/stop-ircd.sh', ircDir],
      ['test/irc/stop-ircd.sh', ircDirB],
    ];
    for (const [script, dir] of stops) spawnSync('bash', [join(repoRoot, script), dir], { stdio: 'ignore' });
  }
  process.on('exit', stopOnExit);

  try {
    // The first ngircd alone: on a fresh machine it and the master may both install Debian
    // packages, and apt-get allows one at a time. The second ngircd starts beside the master.
    const ircd = await startIrcd({ dir: ircDir });
    const [master, ircdB] = await Promise.all([
      startMaster({ dir: masterDir, env: SHARED_MASTER_ENV }),
      startIrcd({ dir: ircDirB }),
    ]);
    project.provide('buildbotUrl', master.url);
    project.provide('buildbotDir', master.dir);
    project.provide('buildbotDirB', masterDirB);
    project.provide('ircHost', ircd.host);
    project.provide('ircPort', ircd.port);
    project.provide('ircHostB', ircdB.host);
    project.provide('ircPortB', ircdB.port);
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
  return stopAll;
}
