/**
 * Start-up failures as one line for a person and an exit code for systemd or a script:
 * what failed, and which option or service to look at. Codes follow sysexits.h.
 */
import { MasterAuthError, MasterResponseError, MasterUnavailableError } from '../buildbot/errors.js';
import { DatabaseProblem } from '../store/database-problem.js';
import { TemplateError } from '../core/template-files.js';

export interface StartupFailure {
  message: string;
  exitCode: number;
}

export const EXIT = { config: 78, unavailable: 69, noPermission: 77, cantCreate: 73, dataError: 65, failure: 1, secondSignal: 130 } as const;

/** Raised by start-up steps that already know what to tell the user. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]?.trim() ?? '';
}

function causeText(error: Error): string {
  return error.cause instanceof Error ? ` (${firstLine(error.cause.message)})` : '';
}

export function describeStartupFailure(error: unknown): StartupFailure {
  if (error instanceof StartupError) return { message: firstLine(error.message), exitCode: error.exitCode };
  if (error instanceof DatabaseProblem) {
    const exitCode = { unwritable: EXIT.cantCreate, misplaced: EXIT.config, damaged: EXIT.dataError }[error.kind];
    return { message: error.message, exitCode };
  }
  if (error instanceof TemplateError) return { message: `${firstLine(error.message)} (fix the template, or remove it to use the built-in one)`, exitCode: EXIT.config };
  if (error instanceof MasterUnavailableError) {
    return { message: `${error.message}${causeText(error)}: start the master or fix buildbot.url`, exitCode: EXIT.unavailable };
  }
  if (error instanceof MasterAuthError) {
    return { message: `${firstLine(error.message)}: check buildbot.user and buildbot.password`, exitCode: EXIT.noPermission };
  }
  if (error instanceof MasterResponseError) {
    return { message: `${firstLine(error.message)}: is buildbot.url the master's web root?`, exitCode: EXIT.unavailable };
  }
  // grammY's GrammyError carries Telegram's error_code and the method called.
  const telegram = error as { error_code?: unknown; method?: unknown; message?: unknown } | undefined;
  if (telegram?.error_code === 401 && typeof telegram.method === 'string') {
    return { message: `Telegram refused the bot token (${firstLine(String(telegram.message))}): check telegram.token`, exitCode: EXIT.noPermission };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // EACCES from anything but listen() (a file) is not a port problem.
  const syscall = (error as NodeJS.ErrnoException | undefined)?.syscall;
  if (syscall === 'listen' && (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL')) {
    const { address, port } = error as NodeJS.ErrnoException & { address?: string; port?: number };
    return { message: `cannot listen on ${address ?? '?'}:${port ?? '?'} (${code}): change http.host or http.port`, exitCode: EXIT.unavailable };
  }
  const text = error instanceof Error ? firstLine(error.message) : String(error);
  return { message: text || 'unknown error', exitCode: EXIT.failure };
}
