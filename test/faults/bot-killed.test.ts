/**
 * kill -9 of the bot during a burst of real builds, twice, then a clean restart: every build
 * that completed is told exactly once, the subscription is intact and the SQLite file passes
 * its integrity check.
 */
import { afterEach, expect, inject, it } from 'vitest';
import { killBotProcesses } from '../support/bot-process.js';
import { quietBuilder, burst, completedBuilds, expectDatabaseIntact, expectToldExactlyOnce, faultScene, masterIdle, type FaultScene } from './support/fault-scene.js';

const url = inject('buildbotUrl');
let scene: FaultScene | undefined;

afterEach(async () => {
  await killBotProcesses();
  scene?.remove();
});

it('loses and repeats nothing when the bot is killed twice during a burst', async () => {
  const builder = await quietBuilder(url, 'fast-fail');
  const { before } = builder;
  scene = faultScene(url, 'fast-fail');

  const first = await scene.start();
  await burst(url, 'fast-fail', 12);
  await first.waitFor('a first notification', () => scene!.told().length >= 1, 60_000);
  await first.kill();

  const second = await scene.start();
  await second.waitFor('more notifications', () => scene!.told().length >= 4, 60_000);
  await second.kill();

  const third = await scene.start();
  await masterIdle(url, builder.builderid);
  const builds = await completedBuilds(url, builder.builderid, before);
  expect(builds).toHaveLength(12);
  await third.waitFor('every notification', () => scene!.told().length >= builds.length, 60_000);
  third.type('notify list');
  await third.waitFor('the notify list', (lines) => lines.some((line) => /finished/.test(line) && !line.startsWith('Build #')));
  expect(await third.close()).toBe(0);

  expectToldExactlyOnce(scene.told(), builds);
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
