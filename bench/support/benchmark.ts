/** One benchmark: the key its figures get in results.json, and how to run it. */
import type { Row } from './table.js';

export interface Measured {
  /** What goes into results.json under the key, with the date it was measured. */
  result: object & { date: string };
  rows: Row[];
}

export interface Benchmark {
  /** Key in bench/results.json. */
  key: string;
  /** What it measures, one line, printed before it runs. */
  title: string;
  run(): Promise<Measured>;
}

/** A measurement and its table rows, dated. */
export function measured<R extends object>(result: R, rows: (result: R) => Row[]): Measured {
  return { result: { ...result, date: new Date().toISOString() }, rows: rows(result) };
}
