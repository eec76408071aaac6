/**
 * npm run bench [-- NAME...]: runs the benchmarks (all, or those named by their results key),
 * prints a table and writes bench/results.json. Nothing here is asserted: the figures are for
 * docs/performance.md, with the machine and date they were measured on. One file per benchmark:
 *   notify-latency.ts     notifyLatency     IRC, ours vs Buildbot's reporters.IRC (real master, ngircd)
 *   status-all.ts         statusAll         200 extra builders: console, IRC ours vs Buildbot's
 *   fanout.ts             fanout            2,000 Telegram chats x 50 builds, fake Bot API limits
 *   notify-throughput.ts  notifyThroughput  10,000 subscriptions: event to outbox, deliveries/s
 *   footprint.ts          footprint         compiled CLI: startup, RSS idle / after events / commands
 */
// First: the bots these benchmarks start in this process run with the V8 settings the CLI
// gives a bot (src/cli.ts), as users run it.
import '../src/lifecycle/prefer-small-memory.js';
import { fileURLToPath } from 'node:url';
import { fanout } from './fanout.js';
import { footprint } from './footprint.js';
import { notifyLatency } from './notify-latency.js';
import { notifyThroughput } from './notify-throughput.js';
import { statusAll } from './status-all.js';
import type { Benchmark } from './support/benchmark.js';
import { machineInfo } from './support/machine.js';
import { mergeResults } from './support/results-file.js';
import { formatTable, type Row } from './support/table.js';

const benchmarks: Benchmark[] = [notifyLatency, statusAll, fanout, notifyThroughput, footprint];

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((name) => !benchmarks.some((b) => b.key === name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.key).join(', ')}\n`);
    return 2;
  }
  const chosen = names.length === 0 ? benchmarks : benchmarks.filter((b) => names.includes(b.key));
  const fresh: Record<string, unknown> = { machine: machineInfo(), date: new Date().toISOString() };
  const rows: Row[] = [];
  let failed = 0;
  for (const benchmark of chosen) {
    process.stdout.write(`== ${benchmark.title}\n`);
    try {
      const { result, rows: figures } = await benchmark.run();
      fresh[benchmark.key] = result;
      rows.push(...figures);
    } catch (error) {
      failed += 1;
      process.stderr.write(`${benchmark.key} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
  mergeResults(fileURLToPath(new URL('results.json', import.meta.url)), fresh);
  process.stdout.write(`\n${formatTable(rows)}\n\nwritten to bench/results.json\n`);
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
