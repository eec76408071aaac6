/**
 * kill -9 of the bot during bursts of real builds, four times, then a clean restart: every
 * build that completed is told, a line sent again after a restart says so (at least once, the
 * figures printed), the subscription is intact and the SQLite file passes its integrity check.
 * SIGTERM repeats nothing.
 */
import { afterEach, expect, inject, it } from 'vitest';
import { killBotProcesses } from '../support/bot-process.js';
import {
  quietBuilder,
  burst,
  completedBuilds,
  expectDatabaseIntact,
  expectToldAtLeastOnce,
  expectToldExactlyOnce,
  faultScene,
  masterIdle,
  type FaultScene,
} from './support/fault-scene.js';

const url = inject('buildbotUrl');
let scene: FaultScene | undefined;

afterEach(async () => {
  await killBotProcesses();
  scene?.remove();
});

it('loses nothing and marks every repeat when the bot is killed four times during bursts', async () => {
  const builder = await quietBuilder(url, 'fast-fail');
  const { before } = builder;
  scene = faultScene(url, 'fast-fail');
  const BUILDS = 24;

  // Each kill lands while notifications are going out, where a repeat can happen.
  let run = await scene.start();
  await burst(url, 'fast-fail', BUILDS);
  for (let kill = 1; kill <= 4; kill++) {
    const seen = new Set(scene.told()).size;
    await run.waitFor(`notifications before kill ${kill}`, () => new Set(scene!.told()).size >= Math.min(BUILDS, seen + 3), 90_000);
    await run.kill();
    run = await scene.start();
  }
  await masterIdle(url, builder.builderid);
  const builds = await completedBuilds(url, builder.builderid, before);
  expect(builds).toHaveLength(BUILDS);
  await run.waitFor('every notification', () => new Set(scene!.told()).size >= builds.length, 90_000);
  run.type('notify list');
  await run.waitFor('the notify list', (lines) => lines.some((line) => /finished/.test(line) && !line.startsWith('Build #')));
  expect(await run.close()).toBe(0);

  const figures = expectToldAtLeastOnce(scene, builds);
  console.log(`kill -9 x4 during a burst: ${figures.builds} builds, ${figures.lines} lines, ${figures.repeats} repeated (each marked "(repeated after a restart)")`);
  expectDatabaseIntact(scene.database, { chatKey: 'console:console', event: 'finished' });
});

it('loses and repeats nothing when the bot gets SIGTERM during a burst, and exits 0', async () => {
  const builder = await quietBuilder(url, 'fast-pass');
  const { before } = builder;
  scene = faultScene(url, 'fast-pass');

  const first = await scene.start();
  await burst(url, 'fast-pass', 8);
  await first.waitFor('a first notification', () => scene!.told().length >= 1, 60_000);
  expect(await first.signal('SIGTERM')).toBe(0);

  const second = await scene.start();
  await masterIdle(url, builder.builderid);
  const builds = await completedBuilds(url, builder.builderid, before);
  expect(builds).toHaveLength(8);
  await second.waitFor('every notification', () => scene!.told().length >= builds.length, 60_000);
  expect(await second.close()).toBe(0);
  expectToldExactlyOnce(scene.told(), builds);
  expectDatabaseIntact(scene.database, { chatKey: 'console:console', event: 'finished' });
});
