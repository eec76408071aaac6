/**
 * Why the database file cannot be used, told in the words of the `database` option: the path,
 * the cause and what the operator should do. Errors come from Node's fs calls (EACCES, EISDIR)
 * and from SQLite's result codes (sqlite.org/rescode.html), which better-sqlite3 puts in `code`.
 */
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';

/** unwritable: permissions or a read-only mount; misplaced: the path names something else; damaged: corruption. */
export type DatabaseProblemKind = 'unwritable' | 'misplaced' | 'damaged';

export class DatabaseProblem extends Error {
  constructor(
    message: string,
    readonly kind: DatabaseProblemKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DatabaseProblem';
  }
}

const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH']);
const MISPLACED = new Set(['EISDIR', 'ENOTDIR', 'SQLITE_NOTADB', 'SQLITE_CANTOPEN_ISDIR']);

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

/** SQLite's extended codes (SQLITE_READONLY_DIRECTORY) belong to their primary code's family. */
function inFamily(codes: Set<string>, code: string): boolean {
  return [...codes].some((known) => code === known || code.startsWith(`${known}_`));
}

export function isCorruption(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_');
}

function currentUser(): string {
  const uid = process.getuid?.();
  try {
    return uid === undefined ? userInfo().username : `${userInfo().username}, uid ${uid}`;
  } catch {
    // A uid without a passwd entry (containers run with --user 1234).
    return `uid ${uid ?? '?'}`;
  }
}

function causeOf(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error);
  return code.startsWith('SQLITE_') ? `${code}: ${message}` : message;
}

/** The recovery steps for a damaged file, shared by the start-up check and the run-time alarm. */
export function recoverySteps(path: string): string {
  return (
    `stop the bot, keep a copy of the file, then recover what SQLite can read with ` +
    `sqlite3 ${path} ".recover" | sqlite3 ${path}.recovered and put ${path}.recovered in its place ` +
    `(or restore a backup); the notifications the master still lists are sent again by catch-up`
  );
}

export function damagedDatabase(path: string, detail: string, cause?: unknown): DatabaseProblem {
  return new DatabaseProblem(`database ${path} is damaged (${detail}): ${recoverySteps(path)}`, 'damaged', { cause });
}

/** The problem `error` means for the database at `path`, or undefined when it is none of these. */
export function describeDatabaseProblem(error: unknown, path: string): DatabaseProblem | undefined {
  if (error instanceof DatabaseProblem) return error;
  const code = errorCode(error);
  if (code === 'EISDIR' || code === 'SQLITE_CANTOPEN_ISDIR') {
    return new DatabaseProblem(
      `database ${path} is a folder: set database to a file inside it, such as ${join(path, 'buildbot-chat.sqlite')}`,
      'misplaced',
      { cause: error },
    );
  }
  if (inFamily(MISPLACED, code)) {
    return new DatabaseProblem(
      `database ${path} is not a SQLite database (${causeOf(error)}): set database to the bot's file, or to a new path to start with no state`,
      'misplaced',
      { cause: error },
    );
  }
  if (inFamily(UNWRITABLE, code)) {
    const name = basename(path);
    return new DatabaseProblem(
      `database ${path} cannot be written by this user (${currentUser()}) (${causeOf(error)}): ` +
        `give the bot's user read and write permission on the file and write permission on its folder ` +
        `(SQLite writes ${name}-wal and ${name}-shm beside it), or set database to a path it may write`,
      'unwritable',
      { cause: error },
    );
  }
  if (isCorruption(error)) return damagedDatabase(path, causeOf(error), error);
  return undefined;
}
