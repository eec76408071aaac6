/**
 * A real Buildbot master (test/master/) for end-to-end tests: start one in a folder of its
 * own, stop it, start it again in the same folder (same ports, same database: builder ids and
 * build numbers carry on).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isRunning } from '../../support/is-running.js';
import { runScript } from './run-script.js';

export interface TestMaster {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:8010/ */
  url: string;
  /** Holds master/ and worker/ (twistd.log, twistd.pid, state.sqlite) and ports.env. */
  dir: string;
}

export interface StartMasterOptions {
  /** Reuse a folder (a restart); default: a new temporary one. */
  dir?: string;
  /**
   * Which test master (BB_MASTER_CONFIG): 'a', the main one (default), or 'b', the second one
   * with builders b-pass, b-fail, b-slow and common. A restart keeps the folder's own.
   */
  config?: 'a' | 'b';
  /**
   * Settings read by test/master/master.cfg: BB_AUTH, BB_MISSING, BB_COLLAPSE, BB_BUILDERS,
   * BB_IRC... Ports default to any free ones (a restart keeps the folder's own).
   */
  env?: Record<string, string>;
}

export async function startMaster(options: StartMasterOptions = {}): Promise<TestMaster> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'buildbot-chat-master-')));
  const env = { ...options.env, ...(options.config ? { BB_MASTER_CONFIG: options.config } : {}) };
  const url = await runScript('test/master/start-master.sh', [dir], { env });
  if (!/^http:\/\/127\.0\.0\.1:\d+\/$/.test(url)) {
    throw new Error(`start-master.sh printed ${JSON.stringify(url)} instead of the master's URL`);
  }
  return { url, dir };
}

/**
 * Stops the master and worker running in DIR (by their pid files); no error when none runs.
 * `remove: true` deletes DIR too (a started master's folder is the caller's to remove).
 */
export async function stopMaster(dir: string, options: { remove?: boolean } = {}): Promise<void> {
  await runScript('test/master/stop-master.sh', [dir]);
  if (options.remove) await rm(dir, { recursive: true, force: true });
}

/**
 * The master start-master.sh left running in DIR, or undefined when none runs there (no pid
 * file, or its process is gone). Its URL comes from DIR's ports.env.
 */
export async function runningMaster(dir: string): Promise<TestMaster | undefined> {
  const pid = Number((await readFile(join(dir, 'master', 'twistd.pid'), 'utf8').catch(() => '')).trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return undefined;
  const ports = await readFile(join(dir, 'ports.env'), 'utf8');
  const port = /^BB_WEB_PORT=(\d+)$/m.exec(ports)?.[1];
  if (port === undefined) throw new Error(`${join(dir, 'ports.env')} names no BB_WEB_PORT`);
  return { url: `http://127.0.0.1:${port}/`, dir };
}
