/** Percentiles of measured times, nearest-rank (no interpolation between two runs). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('no values to take a percentile of');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** Rounded to a tenth: more digits than a benchmark on a shared machine can promise. */
export const round1 = (value: number): number => Math.round(value * 10) / 10;

export function p50p95(values: readonly number[]): { p50: number; p95: number } {
  return { p50: round1(percentile(values, 50)), p95: round1(percentile(values, 95)) };
}

export const megabytes = (bytes: number): number => round1(bytes / 1024 / 1024);

/** a / b to three significant digits (a ratio of 0.005 must not print as 0). */
export const ratio = (a: number, b: number): number => Number((a / b).toPrecision(3));
