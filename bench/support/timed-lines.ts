/**
 * Lines of a text stream with the time each arrived (performance.now()), and waits on them:
 * how the benchmarks see replies from the console and the CLI.
 */
import type { Readable } from 'node:stream';

export interface TimedLine {
  text: string;
  at: number;
}

export class TimedLines {
  readonly lines: TimedLine[] = [];
  private partial = '';
  private readonly waiters = new Set<() => void>();

  constructor(stream: Readable) {
    stream.on('data', (chunk: Buffer | string) => {
      const at = performance.now();
      const parts = (this.partial + chunk.toString()).split('\n');
      this.partial = parts.pop() ?? '';
      for (const text of parts) this.lines.push({ text, at });
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** The first line from index `since` on that matches; rejects after timeoutMs. */
  waitFor(match: (text: string) => boolean, options: { since?: number; timeoutMs?: number; what?: string } = {}): Promise<{ line: TimedLine; index: number }> {
    const since = options.since ?? 0;
    const timeoutMs = options.timeoutMs ?? 60_000;
    return new Promise((resolve, reject) => {
      let checked = since;
      const check = () => {
        for (; checked < this.lines.length; checked++) {
          const line = this.lines[checked] as TimedLine;
          if (match(line.text)) {
            finish();
            resolve({ line, index: checked });
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        finish();
        const tail = this.lines.slice(-5).map((l) => l.text).join('\n');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a line'}; last lines:\n${tail}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }
}
