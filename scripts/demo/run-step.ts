/**
 * The demo's steps: one progress line each ("demo [2/5] Buildbot master and worker… done
 * (http://127.0.0.1:8010/)"), with the helper scripts' chatter kept in a log file and shown
 * only when a step fails.
 */
import { execFile } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import type { Writable } from 'node:stream';

export class StepError extends Error {
  constructor(
    message: string,
    readonly details: string,
  ) {
    super(message);
    this.name = 'StepError';
  }
}

export interface Progress {
  step<T>(what: string, run: () => Promise<T>, describe?: (result: T) => string): Promise<T>;
}

export function progress(out: Writable, total: number): Progress {
  let number = 0;
  return {
    async step(what, run, describe) {
      number++;
      out.write(`demo [${number}/${total}] ${what}… `);
      try {
        const result = await run();
        const detail = describe?.(result);
        out.write(`done${detail ? ` (${detail})` : ''}\n`);
        return result;
      } catch (error) {
        out.write('failed\n');
        throw error;
      }
    },
  };
}

export interface BashResult {
  /** The last line of stdout: where the helper scripts put their answer. */
  answer: string;
  stderr: string;
}

/**
 * Runs `bash ARGS...` from `cwd`. Its stderr is appended to `logFile`; on failure the error
 * carries the end of it.
 */
export function runBash(args: string[], options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv }): Promise<BashResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    execFile('bash', args, { cwd: options.cwd, env, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      appendFileSync(options.logFile, `$ bash ${args.join(' ')}\n${stderr}`);
      if (error) {
        const lines = stderr.trim().split('\n').filter((line) => line !== '');
        const last = lines.pop() ?? error.message.split('\n')[0] ?? 'failed';
        reject(new StepError(last, lines.slice(-15).join('\n')));
        return;
      }
      resolve({ answer: stdout.trim().split('\n').pop() ?? '', stderr });
    });
  });
}
