/**
 * `stats` against the real master: the figures for fast-pass after a few builds are computed
 * again here from the master's own builds, and `stats` alone ranks the builders that failed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildSchema, type Build } from '../../src/buildbot/schemas.js';
import { formatDuration } from '../../src/core/format-time.js';
import { startConsoleSession, type ConsoleSession } from '../support/console-session.js';
import { forceBuildAndWait, getList } from './support/buildbot-rest.js';

const url = inject('buildbotUrl');
let operator: ConsoleSession;
const say = (line: string) => operator.say(line);

beforeAll(async () => {
  operator = await startConsoleSession({ masterUrl: url });
  for (let i = 0; i < 3; i++) await forceBuildAndWait(url, 'fast-pass', { reason: `stats ${i}` });
  await forceBuildAndWait(url, 'fast-fail', { reason: 'stats' });
});

afterAll(async () => {
  await operator?.close();
});

function nearestRank(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] ?? NaN;
}

describe('stats', () => {
  it("gives fast-pass's pass rate and durations as the master's builds have them", async () => {
    const [first] = await getList(url, 'builders/fast-pass', 'builders', buildSchema.pick({ builderid: true }));
    const builds: Build[] = await getList(url, `builders/${first?.builderid}/builds?complete=true&order=-number&limit=30`, 'builds', buildSchema);
    expect(builds.length).toBeGreaterThanOrEqual(3);
    const durations = builds.map((b) => (b.complete_at ?? 0) - b.started_at).sort((a, b) => a - b);
    const passed = builds.filter((b) => b.results === 0 || b.results === 1).length;
    const lines = await say('stats fast-pass');
    expect(lines).toEqual([
      `fast-pass, last ${builds.length} builds: ${passed} passed (${Math.round((passed / builds.length) * 100)}%), median ${formatDuration(nearestRank(durations, 50))}, p90 ${formatDuration(nearestRank(durations, 90))}, longest failure streak 0.`,
      expect.stringMatching(new RegExp(`^Trend: [▁▂▃▄▅▆▇█]{${builds.length}}$`)),
    ]);
    expect((await say('stats fast-pass 2'))[0]).toMatch(/^fast-pass, last 2 builds: 2 passed \(100%\), /);
  });

  it('marks failed builds in the trend and counts the failure streak', async () => {
    const builds = await getList(url, 'builders/fast-fail/builds?complete=true&order=-number&limit=30', 'builds', buildSchema);
    const lines = await say('stats fast-fail');
    expect(lines[0]).toMatch(new RegExp(`^fast-fail, last ${builds.length === 1 ? '1 build' : `${builds.length} builds`}: 0 passed \\(0%\\), .*, longest failure streak ${builds.length}\\.$`));
    expect(lines[1]).toBe(`Trend: ${'×'.repeat(builds.length)}`);
  });

  it('ranks the builders that failed in the last day, and answers bad arguments with the usage', async () => {
    const [ranking] = await say('stats');
    expect(ranking).toMatch(/^Failed most in the last day: .*fast-fail \d+ of \d+/);
    expect(ranking).not.toMatch(/fast-pass/);
    expect(await say('stats fast-pass lots')).toEqual(["'lots' is not a number of builds. Usage: stats [BUILDER [N]]"]);
    expect(await say('stats queued')).toEqual(['queued has no completed build yet.']);
  });
});
