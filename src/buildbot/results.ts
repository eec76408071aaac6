/**
 * Buildbot's result codes (buildbot/process/results.py) and the words chat users see.
 * null is a build still running.
 */
export const RESULTS = ['success', 'warnings', 'failure', 'skipped', 'exception', 'retry', 'cancelled'] as const;
export type ResultName = (typeof RESULTS)[number];

export const SUCCESS = 0;
export const WARNINGS = 1;
export const FAILURE = 2;
export const SKIPPED = 3;
export const EXCEPTION = 4;
export const RETRY = 5;
export const CANCELLED = 6;

/**
 * A colour per result for pictures and HTML (success, warnings, failure, skipped, exception,
 * retry, cancelled): Material Design's dark shades, readable on white.
 */
export const RESULT_HEX_COLOURS: Readonly<Record<number, string>> = {
  [SUCCESS]: '#2e7d32',
  [WARNINGS]: '#ef6c00',
  [FAILURE]: '#c62828',
  [SKIPPED]: '#757575',
  [EXCEPTION]: '#6a1b9a',
  [RETRY]: '#6a1b9a',
  [CANCELLED]: '#757575',
};

export function resultName(result: number | null | undefined): ResultName | 'running' | 'unknown' {
  if (result === null || result === undefined) return 'running';
  return RESULTS[result] ?? 'unknown';
}

const LONG: Record<ResultName, string> = {
  success: 'completed successfully',
  warnings: 'completed with warnings',
  failure: 'failed',
  skipped: 'was skipped',
  exception: 'stopped with exception',
  retry: 'has been retried',
  cancelled: 'was cancelled',
};

/** "completed successfully", "failed", ... as in Buildbot's bots. */
export function resultPhrase(result: number | null | undefined): string {
  const name = resultName(result);
  if (name === 'running') return 'is still running';
  if (name === 'unknown') return `ended with result ${String(result)}`;
  return LONG[name];
}

/**
 * Severity, low to high, as Buildbot orders results for worse/better
 * (reporters/words.py: SKIPPED < SUCCESS < WARNINGS < FAILURE < CANCELLED < EXCEPTION).
 * RETRY is not ranked: it is never compared.
 */
const SEVERITY: readonly number[] = [SKIPPED, SUCCESS, WARNINGS, FAILURE, CANCELLED, EXCEPTION];

export function severity(result: number | null | undefined): number | null {
  if (result === null || result === undefined) return null;
  const rank = SEVERITY.indexOf(result);
  return rank < 0 ? null : rank;
}
