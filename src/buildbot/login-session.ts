/**
 * Logging in to a master that has `www.auth` (docs/buildbot-api.md, "Authentication"):
 * GET /auth/login with HTTP Basic answers 302 with two TWISTED_SESSION cookies, the anonymous
 * session first and the user's last. The cookie is a JWT with `exp` (7 days by default); it is
 * sent on every request. Basic credentials sent to /api/v2 are ignored by Buildbot, so the
 * password only ever travels to /auth/login and is never logged or put in an error.
 */
import { MasterAuthError, MasterUnavailableError } from './errors.js';
import type { Transport } from './http-transport.js';
import { NetworkError } from './http-transport.js';

/**
 * Twisted names the cookie TWISTED_SESSION, TWISTED_SECURE_SESSION over https, and appends
 * the site path when Buildbot is mounted below the root (twisted.web.server.Request.getSession).
 */
const SESSION_COOKIE = /^\s*(TWISTED_(?:SECURE_)?SESSION(?:_[^=;\s]*)?)=([^;]*)/;

/** The last session cookie among set-cookie headers, as "NAME=value" for a Cookie header. */
export function pickSessionCookie(setCookie: string | string[] | undefined): string | null {
  const headers = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  let picked: string | null = null;
  for (const header of headers) {
    const match = SESSION_COOKIE.exec(header);
    if (match && match[2]) picked = `${match[1]}=${match[2]}`;
  }
  return picked;
}

/** `exp` of the JWT in a session cookie, in milliseconds; null when it cannot be read. */
export function sessionExpiry(cookie: string): number | null {
  const token = cookie.slice(cookie.indexOf('=') + 1);
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const exp = typeof claims === 'object' && claims !== null ? (claims as { exp?: unknown }).exp : undefined;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

export interface SessionLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface LoginSessionOptions {
  baseUrl: string;
  user: string;
  password: string;
  transport: Transport;
  logger: SessionLogger;
  /** Log in again this long before the cookie expires. */
  renewBeforeMs?: number;
  now?: () => number;
}

export class LoginSession {
  private cookieValue: string | null = null;
  private expiresAt: number | null = null;
  private pending: Promise<void> | null = null;

  constructor(private readonly options: LoginSessionOptions) {}

  /** Cookie header value to send, when logged in. */
  get cookie(): string | null {
    return this.cookieValue;
  }

  /** No cookie yet, or one about to expire. */
  needsLogin(): boolean {
    if (this.cookieValue === null) return true;
    if (this.expiresAt === null) return false;
    const now = (this.options.now ?? Date.now)();
    return this.expiresAt - (this.options.renewBeforeMs ?? 60_000) <= now;
  }

  /** Logs in (once for all concurrent callers). `action` names what needed it, for errors. */
  login(action: string): Promise<void> {
    this.pending ??= this.performLogin(action).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async performLogin(action: string): Promise<void> {
    const { baseUrl, user, password, transport, logger } = this.options;
    const authorization = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    let answer;
    try {
      answer = await transport({ method: 'GET', url: `${baseUrl}auth/login`, headers: { authorization } });
    } catch (error) {
      if (error instanceof NetworkError) throw new MasterUnavailableError(baseUrl, error);
      throw error;
    }
    if (answer.status === 401 || answer.status === 403) {
      this.forget();
      throw new MasterAuthError(action, `the master refused the login of user '${user}' (HTTP ${answer.status})`);
    }
    if (answer.status >= 400) {
      // Buildbot answers 500 here when it has no `www.auth` at all (README): then nothing
      // needs a login, so carry on anonymously; a later 403 still ends in MasterAuthError.
      this.forget();
      logger.warn(
        { user, status: answer.status },
        'the Buildbot master did not accept a login (it may have no authentication configured); going on without one',
      );
      return;
    }
    const cookie = pickSessionCookie(answer.headers['set-cookie']);
    if (cookie === null) {
      this.forget();
      throw new MasterAuthError(action, `the master answered the login of user '${user}' without a session cookie`);
    }
    this.cookieValue = cookie;
    this.expiresAt = sessionExpiry(cookie);
    logger.info(
      { user, expires: this.expiresAt === null ? null : new Date(this.expiresAt).toISOString() },
      'logged in to the Buildbot master',
    );
  }

  /** Drops the cookie (after the master refused it). */
  forget(): void {
    this.cookieValue = null;
    this.expiresAt = null;
  }
}
