/**
 * The test master's optional login (BB_AUTH=control|all in master.cfg; README
 * "Authentication"): GET /auth/login with Basic admin:admin-pass or viewer:viewer-pass answers
 * 302 with two TWISTED_SESSION cookies, the anonymous session first, the user's last. The cookie
 * is a JWT (HS256) with `user_info` and `exp`; an invalid or expired one counts as anonymous.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type AuthMode = 'none' | 'control' | 'all';

export interface SessionUser {
  username: string;
  email: string;
  roles: string[];
}

const USERS: Record<string, { password: string; roles: string[] }> = {
  admin: { password: 'admin-pass', roles: ['admins', 'users'] },
  viewer: { password: 'viewer-pass', roles: ['users'] },
};

const COOKIE = 'TWISTED_SESSION';

export type LoginAnswer =
  | { status: 302; cookies: string[] }
  | { status: 401 }
  /** A master without `www.auth` answers 500 to /auth/login. */
  | { status: 500 };

export class FakeAuth {
  private secret = randomBytes(32);
  /** Logins that succeeded, for tests that count them. */
  logins = 0;

  constructor(
    readonly mode: AuthMode,
    private readonly options: { sessionTtlSeconds: number; nowSeconds: () => number },
  ) {}

  login(authorization: string | undefined): LoginAnswer {
    if (this.mode === 'none') return { status: 500 };
    const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const name = decoded.slice(0, colon);
    const user = colon > 0 ? USERS[name] : undefined;
    if (!user || user.password !== decoded.slice(colon + 1)) return { status: 401 };
    this.logins += 1;
    return {
      status: 302,
      cookies: [this.cookie({ anonymous: true }), this.cookie({ username: name, email: name })],
    };
  }

  /** The logged-in user a Cookie header carries, or null (anonymous). */
  userOf(cookieHeader: string | undefined): SessionUser | null {
    for (const part of (cookieHeader ?? '').split(';')) {
      const [name, value] = part.trim().split('=', 2);
      if (name !== COOKIE || !value) continue;
      const info = this.verify(value);
      if (typeof info?.username === 'string') {
        return { username: info.username, email: String(info.email ?? info.username), roles: USERS[info.username]?.roles ?? [] };
      }
    }
    return null;
  }

  /** What /config shows under `user`. */
  userInfo(user: SessionUser | null): Record<string, unknown> {
    return user ? { username: user.username, email: user.email } : { anonymous: true };
  }

  /** Invalidate every session, as a master whose session secret changed. */
  expireAll(): void {
    this.secret = randomBytes(32);
  }

  private cookie(userInfo: Record<string, unknown>): string {
    const exp = this.options.nowSeconds() + this.options.sessionTtlSeconds;
    const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ user_info: userInfo, exp })}`;
    return `${COOKIE}=${body}.${this.sign(body)}; Path=/`;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }

  private verify(token: string): Record<string, unknown> | null {
    const [header, payload, signature] = token.split('.');
    if (!header || !payload || !signature) return null;
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number; user_info?: Record<string, unknown> };
    if (typeof claims.exp !== 'number' || claims.exp <= this.options.nowSeconds()) return null;
    return claims.user_info ?? null;
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
