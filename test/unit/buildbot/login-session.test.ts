import { describe, expect, it } from 'vitest';
import { pickSessionCookie, sessionExpiry } from '../../../src/buildbot/login-session.js';

// Payloads of the two cookies Buildbot 3.7 set on one login (docs/buildbot-api.md).
const ANONYMOUS = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2luZm8iOnsiYW5vbnltb3VzIjp0cnVlfSwiZXhwIjoxNzk1OTc4MDkxfQ.sig1';
const ADMIN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VyX2luZm8iOnsidXNlcm5hbWUiOiJhZG1pbiIsImVtYWlsIjoiYWRtaW4ifSwiZXhwIjoxNzk1OTc4MDkxfQ.sig2';

describe('session cookie from a login answer', () => {
  it("keeps the last TWISTED_SESSION (the user's), not the anonymous first one", () => {
    const headers = [`TWISTED_SESSION=${ANONYMOUS}; Path=/`, `TWISTED_SESSION=${ADMIN}; Path=/`];
    expect(pickSessionCookie(headers)).toBe(`TWISTED_SESSION=${ADMIN}`);
  });

  it('takes a single set-cookie header too', () => {
    expect(pickSessionCookie(`TWISTED_SESSION=${ADMIN}; Path=/`)).toBe(`TWISTED_SESSION=${ADMIN}`);
  });

  it('ignores other cookies and empty values', () => {
    expect(pickSessionCookie([`TWISTED_SESSION=${ADMIN}; Path=/`, 'theme=dark; Path=/', 'TWISTED_SESSION=; Path=/'])).toBe(`TWISTED_SESSION=${ADMIN}`);
    expect(pickSessionCookie(['theme=dark'])).toBeNull();
    expect(pickSessionCookie(undefined)).toBeNull();
  });

  it('knows the https and sub-path names Twisted gives the cookie', () => {
    expect(pickSessionCookie([`TWISTED_SECURE_SESSION=${ADMIN}; Path=/; Secure`])).toBe(`TWISTED_SECURE_SESSION=${ADMIN}`);
    expect(pickSessionCookie([`TWISTED_SESSION_bb=${ADMIN}; Path=/bb`])).toBe(`TWISTED_SESSION_bb=${ADMIN}`);
  });
});

describe('session expiry', () => {
  it("reads exp from the JWT payload without verifying it", () => {
    expect(sessionExpiry(`TWISTED_SESSION=${ADMIN}`)).toBe(1795978091 * 1000);
  });

  it('answers null when the cookie is not a readable JWT', () => {
    expect(sessionExpiry('TWISTED_SESSION=abc')).toBeNull();
    expect(sessionExpiry('TWISTED_SESSION=a.!!!notbase64json.c')).toBeNull();
    const noExp = Buffer.from(JSON.stringify({ user_info: {} })).toString('base64url');
    expect(sessionExpiry(`TWISTED_SESSION=x.${noExp}.y`)).toBeNull();
  });
});
