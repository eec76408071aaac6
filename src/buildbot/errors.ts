/**
 * Errors with meaning, so callers decide what to retry and what to tell the user.
 * Messages never contain credentials.
 */
export class MasterUnavailableError extends Error {
  constructor(readonly baseUrl: string, cause?: unknown) {
    super(`the Buildbot master at ${baseUrl} is not answering`, { cause });
    this.name = 'MasterUnavailableError';
  }
}

/** The master answered, but not with what we asked for (4xx/5xx, or a payload we cannot read). */
export class MasterResponseError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`the Buildbot master answered ${status} to ${method} ${path}: ${detail}`);
    this.name = 'MasterResponseError';
  }
}

/** A JSON-RPC control call (force, stop) that the master refused. `detail` is its message. */
export class MasterRejectedError extends Error {
  constructor(
    readonly action: string,
    readonly status: number,
    readonly detail: string,
  ) {
    super(`the Buildbot master refused to ${action}: ${detail}`);
    this.name = 'MasterRejectedError';
  }
}

/** Login failed or the credentials lack the rights for a control call. */
export class MasterAuthError extends Error {
  constructor(readonly action: string, detail: string) {
    super(`the Buildbot master does not allow the bot to ${action}: ${detail}`);
    this.name = 'MasterAuthError';
  }
}
