/**
 * The master stopped and started again in the middle of a burst: the bot reconnects, catches up
 * over REST, and tells every build that completed exactly once.
 */
import { afterEach, expect, inject, it } from 'vitest';
import { startMaster, stopMaster } from '../e2e/support/test-master.js';
import { SHARED_MASTER_ENV } from '../e2e/setup/start-servers.js';
import { killBotProcesses } from '../support/bot-process.js';
import { quietBuilder, burst, completedBuilds, expectDatabaseIntact, expectToldExactlyOnce, faultScene, masterIdle, type FaultScene } from './support/fault-scene.js';

const url = inject('buildbotUrl');
const dir = inject('buildbotDir');
let scene: FaultScene | undefined;

afterEach(async () => {
  await killBotProcesses();
  scene?.remove();
});

it('loses and repeats nothing when the master restarts during a burst', async () => {
  const builder = await quietBuilder(url, 'fast-pass');
  const { before } = builder;
  scene = faultScene(url, 'fast-pass');
  const bot = await scene.start();

  await burst(url, 'fast-pass', 6);
  await bot.waitFor('a first notification', () => scene!.told().length >= 1, 60_000);
  await stopMaster(dir);
  // the same settings as at first (builds are never merged); ports come from the folder
  const restarted = await startMaster({ dir, env: { BB_COLLAPSE: SHARED_MASTER_ENV.BB_COLLAPSE, BB_MISSING: SHARED_MASTER_ENV.BB_MISSING } });
  expect(restarted.url).toBe(url);
  await burst(url, 'fast-pass', 4);
  await masterIdle(url, builder.builderid);

  // Builds cut short by the stop end as the master decides (retry, exception): each is told once.
  const builds = await completedBuilds(url, builder.builderid, before);
  await bot.waitFor('every notification', () => scene!.told().length >= builds.length, 90_000);
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // a duplicate would arrive now
  expect(await bot.close()).toBe(0);
  expectToldExactlyOnce(scene.told(), builds);
  expect(bot.stderr.some((line) => line.includes('event stream disconnected'))).toBe(true);
  expectDatabaseIntact(scene.database, { chatKey: 'console:console', event: 'finished' });
});
