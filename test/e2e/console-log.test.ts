/**
 * `log` and failure notifications with the failing step's tail, against the real master: the
 * lines are what fast-fail's step wrote (checked against the master's raw log), without
 * Buildbot's header lines, and the link leads to the whole log.
 */
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { FAILURE, SUCCESS } from '../../src/buildbot/results.js';
import type { Build } from '../../src/buildbot/schemas.js';
import { startConsoleSession, type ConsoleSession } from '../support/console-session.js';
import { forceBuildAndWait } from './support/buildbot-rest.js';

const url = inject('buildbotUrl');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let operator: ConsoleSession;
const say = (line: string) => operator.say(line);
let failed: Build;

beforeAll(async () => {
  operator = await startConsoleSession({ masterUrl: url, console: { notifyEvents: ['failure'], logTailLines: 5 } });
  failed = await forceBuildAndWait(url, 'fast-fail', { reason: 'for its log' });
  expect(failed.results).toBe(FAILURE);
  // its notification (this console hears failures) arrives on its own: let it come first
  await vi.waitFor(() => expect(operator.printed.some((line) => line.startsWith(`Build #${failed.number} of fast-fail failed`))).toBe(true), { timeout: 20_000, interval: 100 });
  await vi.waitFor(() => expect(operator.printed.at(-1)).toMatch(/^Full log  /), { timeout: 5_000, interval: 50 });
});

afterAll(async () => {
  await operator?.close();
});

describe('log', () => {
  it("answers the failing step's last lines of the last build, and a link to the whole log", async () => {
    const lines = await say('log fast-fail');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^Last 1 line of step test \\(failure\\) of fast-fail #${failed.number}:  ${escapeRegExp(url)}#/builders/${failed.builderid}/builds/${failed.number}$`)),
      'FAIL: test_widget',
      expect.stringMatching(new RegExp(`^Full log  ${escapeRegExp(url)}api/v2/logs/\\d+/raw$`)),
    ]);
    const raw = await (await fetch(lines[2]?.replace(/^Full log  /, '') ?? '')).text();
    // the master's whole log: Buildbot's header, the step's line, its exit code
    expect(raw).toMatch(/FAIL: test_widget\nprogram finished with exit code 1\n/);
    expect(await say(`log fast-fail ${failed.number} test`)).toEqual(lines);
    expect(await say(`log --lines=3 fast-fail ${failed.number} 1`)).toEqual(lines);
  });

  it('shows a passing build\'s last step, and says what is wrong with a bad step, number or count', async () => {
    const passed = await forceBuildAndWait(url, 'fast-pass', { reason: 'for its log' });
    expect(passed.results).toBe(SUCCESS);
    expect((await say(`log fast-pass ${passed.number}`)).slice(1, 3)).toEqual(['compiling', 'done']);
    expect(await say(`log fast-fail ${failed.number} nosuch`)).toEqual([`Build #${failed.number} of fast-fail has no step 'nosuch'. Steps: worker_preparation, test.`]);
    expect(await say('log fast-fail 99999')).toEqual(['fast-fail has no build #99999.']);
    expect(await say('log --lines=many fast-fail')).toEqual(['--lines takes a number from 1 to 50. Usage: log [--lines=N] BUILDER [NUMBER] [STEP]']);
    expect(await say('log queued')).toEqual(['queued has no completed build yet.']);
  });
});

describe('failure notifications with logTailLines', () => {
  it("end with the failing step's tail and the link to its log", async () => {
    const from = operator.printed.length;
    const build = await forceBuildAndWait(url, 'fast-fail', { reason: 'tail wanted' });
    await vi.waitFor(() => expect(operator.printed.slice(from).some((line) => line.startsWith(`Build #${build.number} of fast-fail failed`))).toBe(true), { timeout: 20_000, interval: 100 });
    const at = operator.printed.findIndex((line, i) => i >= from && line.startsWith(`Build #${build.number} of fast-fail failed`));
    expect(operator.printed.slice(at + 1, at + 4)).toEqual([
      'Last 1 line of step test:',
      'FAIL: test_widget',
      expect.stringMatching(new RegExp(`^Full log  ${escapeRegExp(url)}api/v2/logs/\\d+/raw$`)),
    ]);
  });
});
