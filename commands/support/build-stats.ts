/**
 * The figures `stats` gives for a builder's recent builds: pass rate, median and p90 duration,
 * the longest run of failures, and a sparkline of durations with failed builds marked.
 */
import { EXCEPTION, FAILURE, SUCCESS, WARNINGS } from '../../src/buildbot/results.js';
import type { Build } from '../../src/buildbot/schemas.js';
import type { TrendBuild } from '../../src/charts/build-trend-chart.js';

export interface BuildStats {
  count: number;
  passed: number;
  /** 0..100, rounded */
  passRate: number;
  /** seconds */
  median: number | null;
  p90: number | null;
  longestFailureStreak: number;
  /** oldest first: one character per build, ▁..█ by duration, × for a failed build */
  sparkline: string;
}

const BARS = '▁▂▃▄▅▆▇█';
const FAILED_MARK = '×';

export const isPass = (results: number | null) => results === SUCCESS || results === WARNINGS;
export const isFailure = (results: number | null) => results === FAILURE || results === EXCEPTION;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** The completed builds, oldest first, with their durations in seconds: what stats and its chart show. */
export function completedTrend(builds: Build[]): TrendBuild[] {
  return builds
    .filter((b) => b.complete && b.complete_at)
    .sort((a, b) => a.number - b.number)
    .map((b) => ({ number: b.number, result: b.results, duration: (b.complete_at ?? b.started_at) - b.started_at }));
}

export function buildStats(builds: Build[]): BuildStats {
  const ordered = completedTrend(builds);
  const durations = ordered.map((b) => b.duration);
  const sorted = [...durations].sort((a, b) => a - b);
  const passed = ordered.filter((b) => isPass(b.result)).length;
  let streak = 0;
  let longest = 0;
  for (const build of ordered) {
    streak = isFailure(build.result) ? streak + 1 : 0;
    longest = Math.max(longest, streak);
  }
  const low = sorted[0] ?? 0;
  const high = sorted.at(-1) ?? 0;
  const sparkline = ordered
    .map((build, i) => {
      if (isFailure(build.result)) return FAILED_MARK;
      const share = high === low ? 0.5 : ((durations[i] ?? low) - low) / (high - low);
      return BARS[Math.min(BARS.length - 1, Math.floor(share * BARS.length))] ?? BARS[0];
    })
    .join('');
  return {
    count: ordered.length,
    passed,
    passRate: ordered.length === 0 ? 0 : Math.round((passed / ordered.length) * 100),
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    longestFailureStreak: longest,
    sparkline,
  };
}
