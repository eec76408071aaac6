/**
 * The real CLI (`src/cli.ts --console`) in a child process, for tests that kill it: stdout is
 * collected line by line, stdin stays open until `close()`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface BotProcess {
  child: ChildProcessWithoutNullStreams;
  lines: string[];
  /** What the bot logged on stderr (JSON lines). */
  stderr: string[];
  type(line: string): void;
  waitFor(what: string, predicate: (lines: string[]) => boolean, timeoutMs?: number): Promise<void>;
  /** SIGKILL: no flush, no close. */
  kill(): Promise<void>;
  /** End stdin and wait for a clean exit; resolves to the exit code. */
  close(): Promise<number | null>;
  /** Send a signal and wait for the exit; resolves to the exit code. */
  signal(name: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();

export function startBotProcess(configFile: string, env: Record<string, string> = {}): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', '--config', configFile, '--console'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    running.delete(child);
    resolve(code);
  }));
  const lines: string[] = [];
  const stderr: string[] = [];
  collectLines(child.stdout, lines);
  collectLines(child.stderr, stderr);
  return {
    child,
    lines,
    stderr,
    type: (line) => void child.stdin.write(`${line}\n`),
    async waitFor(what, predicate, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(lines)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stdout:\n${lines.join('\n')}\nstderr (last 20):\n${stderr.slice(-20).join('\n')}`);
        if (child.exitCode !== null) throw new Error(`the bot exited (${child.exitCode}) while waiting for ${what}; stderr:\n${stderr.slice(-20).join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async close() {
      child.stdin.end();
      return exited;
    },
    async signal(name) {
      child.kill(name);
      return exited;
    },
  };
}

/** Kills every bot process still running (afterEach). */
export async function killBotProcesses(): Promise<void> {
  for (const child of running) child.kill('SIGKILL');
}

function collectLines(stream: NodeJS.ReadableStream, into: string[]): void {
  let partial = '';
  stream.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString('utf8')).split('\n');
    partial = parts.pop() ?? '';
    into.push(...parts);
  });
}
