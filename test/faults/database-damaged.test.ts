/**
 * The bot's SQLite file going bad under the real master: an index damaged while builds run
 * (/healthz says so, nothing is lost once the file is repaired), and a file the bot's user may
 * not write (the start stops at once, naming the option, the path and the fix).
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, inject, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { killBotProcesses } from '../support/bot-process.js';
import { closedPort } from '../support/closed-port.js';
import { corruptIndex, repairByCopy } from '../support/corrupt-database.js';
import { burst, completedBuilds, expectToldAtLeastOnce, faultScene, masterIdle, quietBuilder, type FaultScene } from './support/fault-scene.js';

const url = inject('buildbotUrl');
let scene: FaultScene | undefined;

afterEach(async () => {
  await killBotProcesses();
  scene?.remove();
});

async function health(port: number): Promise<{ status: number; down: string[] }> {
  const answer = await fetch(`http://127.0.0.1:${port}/healthz`);
  const body = (await answer.json()) as { down: string[] };
  return { status: answer.status, down: body.down };
}

it('reports a database damaged during a burst on /healthz, and tells every build once the file is repaired', async () => {
  const builder = await quietBuilder(url, 'fast-pass');
  const port = await closedPort();
  scene = faultScene(url, 'fast-pass', { http: { host: '127.0.0.1', port } });
  const first = await scene.start();
  expect(await health(port)).toEqual({ status: 200, down: [] });
  await burst(url, 'fast-pass', 6);
  await first.waitFor('a first notification', () => scene!.told().length >= 1, 60_000);
  corruptIndex(scene.database, 'subscriptions_by_event');
  await vi.waitFor(async () => expect(await health(port)).toEqual({ status: 503, down: ['database'] }), { timeout: 60_000, interval: 250 });
  expect(first.stderr.some((line) => line.includes('"level":50') && line.includes('is damaged'))).toBe(true);
  await masterIdle(url, builder.builderid);
  const stopped = await first.signal('SIGTERM');
  expect(stopped).toBe(0);

  repairByCopy(scene.database);
  const second = await scene.start();
  const builds = await completedBuilds(url, builder.builderid, builder.before);
  expect(builds).toHaveLength(6);
  await second.waitFor('every notification', () => new Set(scene!.told()).size >= builds.length, 60_000);
  expect(await health(port)).toEqual({ status: 200, down: [] });
  expect(await second.close()).toBe(0);
  const figures = expectToldAtLeastOnce(scene, builds);
  console.log(`database damaged during a burst: ${figures.builds} builds, ${figures.lines} lines, ${figures.repeats} repeated`);
});

it('stops at once with exit 73 when the database folder is read-only for the bot user', async () => {
  scene = faultScene(url, 'fast-pass');
  const locked = join(scene.dir, 'locked');
  mkdirSync(locked);
  const database = join(locked, 'bot.sqlite');
  writeFileSync(scene.config, stringify({ buildbot: { url }, database, console: { user: 'operator' } }));
  chmodSync(locked, 0o555);
  // Root writes anywhere; without CAP_DAC_OVERRIDE it obeys the mode bits as the bot's user would.
  const command = [process.execPath, '--import', 'tsx', 'src/cli.ts', '--config', scene.config, '--console'];
  const [file = process.execPath, ...args] = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', ...command] : command;
  const child = spawn(file, args, { cwd: join(import.meta.dirname, '..', '..'), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  chmodSync(locked, 0o755);
  expect(code).toBe(73);
  expect(stderr.trimEnd().split('\n').pop()).toMatch(
    new RegExp(`^buildbot-chat: cannot start: database ${database} cannot be written by this user \\(.+\\) \\(EACCES: .+\\): give the bot's user read and write permission`),
  );
});
