/**
 * Logs for an interactive console: the terminal belongs to the prompt, so start-up chatter and
 * 30-line stack traces must not scroll over it. Each log line of warn level and up (or the
 * configured level, when it is debug or trace) becomes one short line,
 * "warn: the master is not answering (retryInMs: 5000)", printed above the prompt once the
 * console shows one, and on stderr before that. Stack traces only at debug and trace.
 */
import type { DestinationStream } from 'pino';

const LEVEL_NAMES: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const LEVEL_VALUES: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity };
/** pino's own fields, not worth a place on a short line. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'err', 'v']);

export interface TerminalLog extends DestinationStream {
  /** Where lines go from now on (the console's "print above the prompt"); null: back to stderr. */
  attach(print: ((line: string) => void) | null): void;
  /** The lowest level shown: warn, or debug and trace when configured. */
  readonly minLevel: number;
}

interface LoggedError {
  message?: unknown;
  stack?: unknown;
}

export function terminalLog(level: string, fallback: (line: string) => void = (line) => process.stderr.write(line)): TerminalLog {
  const configured = LEVEL_VALUES[level] ?? LEVEL_VALUES.info ?? 30;
  const withStacks = configured <= (LEVEL_VALUES.debug ?? 20);
  const minLevel = withStacks ? configured : Math.max(configured, LEVEL_VALUES.warn ?? 40);
  let print = fallback;
  return {
    minLevel,
    attach(next) {
      print = next ?? fallback;
    },
    write(json: string) {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(json) as Record<string, unknown>;
      } catch {
        print(json.endsWith('\n') ? json : `${json}\n`);
        return;
      }
      const value = typeof entry.level === 'number' ? entry.level : 30;
      if (value < minLevel) return;
      print(`${formatEntry(entry, value, withStacks)}\n`);
    },
  };
}

function formatEntry(entry: Record<string, unknown>, level: number, withStacks: boolean): string {
  const fields = Object.entries(entry)
    .filter(([key, value]) => !HIDDEN.has(key) && value !== undefined && typeof value !== 'object')
    .map(([key, value]) => `${key}: ${String(value)}`);
  const err = entry.err as LoggedError | undefined;
  const because = typeof err?.message === 'string' ? `: ${err.message.split('\n', 1)[0] ?? ''}` : '';
  const line = `${LEVEL_NAMES[level] ?? 'log'}: ${String(entry.msg ?? '')}${because}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}`;
  return withStacks && typeof err?.stack === 'string' ? `${line}\n${err.stack}` : line;
}
