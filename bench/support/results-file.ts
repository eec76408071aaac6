/**
 * bench/results.json: one object with a key per benchmark plus machine and date. A run of some
 * benchmarks keeps the others' last figures, each stamped with its own date, so the file always
 * holds every key docs/performance.md quotes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export type Results = Record<string, unknown>;

export function mergeResults(path: string, fresh: Results): Results {
  const previous: Results = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Results) : {};
  const merged = { ...previous, ...fresh };
  writeFileSync(path, `${JSON.stringify(merged, null, 2)}\n`);
  return merged;
}
