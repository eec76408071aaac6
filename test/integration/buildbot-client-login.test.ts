import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MasterAuthError } from '../../src/buildbot/errors.js';
import { harnessPerTest, type Harness } from './support/client-against-fake.js';

const start = harnessPerTest();

const ADMIN = { user: 'admin', password: 'admin-pass' };
const forceFastPass = (h: Harness) =>
  h.client.force({ scheduler: 'force-fast-pass', builderid: h.fake.builder('fast-pass').builderid, params: { reason: 'with login' } });

describe('logging in for control calls (BB_AUTH=control)', () => {
  it('reads anonymously, logs in before the first force and sends the cookie from then on', async () => {
    const h = await start({ auth: 'control' }, ADMIN);
    await h.client.listBuilders();
    expect(h.calls('GET', '/auth/login')).toBe(0);

    await forceFastPass(h);
    await forceFastPass(h);
    const paths = h.fake.requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([
      'GET /api/v2/builders',
      'GET /auth/login',
      'POST /api/v2/forceschedulers/force-fast-pass',
      'POST /api/v2/forceschedulers/force-fast-pass',
    ]);
    const login = h.fake.requests[1];
    expect(login?.headers.authorization).toBe(`Basic ${Buffer.from('admin:admin-pass').toString('base64')}`);
    // the user's cookie (the second one set), not the anonymous session
    expect(h.fake.auth.userOf(h.fake.requests[2]?.headers.cookie)).toMatchObject({ username: 'admin' });
    expect(h.fake.requests[2]?.headers.authorization).toBeUndefined();
    // the owner is the login, as Buildbot replaces it
    const build = await waitForBuild(h, 1);
    expect(build.properties.owner).toEqual(['admin', 'Force Build Form']);
  });

  it('logs in again once when the master refuses the session, and forces once', async () => {
    const h = await start({ auth: 'control' }, ADMIN);
    await forceFastPass(h);
    h.fake.auth.expireAll(); // as after the master's session secret changed
    h.fake.clearRequests();
    await forceFastPass(h);
    expect(h.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /api/v2/forceschedulers/force-fast-pass',
      'GET /auth/login',
      'POST /api/v2/forceschedulers/force-fast-pass',
    ]);
    expect(h.fake.state.requests).toHaveLength(2);
  });

  it('logs in again before a call when the cookie is about to expire', async () => {
    const h = await start({ auth: 'control', sessionTtlSeconds: 30 }, ADMIN);
    await forceFastPass(h);
    await h.client.stopBuild(99999, 'nothing');
    expect(h.calls('GET', '/auth/login')).toBe(2);
    expect(h.fake.requests.filter((r) => r.method === 'POST')).toHaveLength(2);
  });

  it('stops a build when logged in', async () => {
    const h = await start({ auth: 'control' }, ADMIN);
    const build = h.fake.startBuild({ builder: 'slow', durationMs: null });
    await h.client.stopBuild(build.buildid, 'enough');
    await expectEventually(() => h.fake.build(build.buildid)?.results === 6);
  });

  it('refuses a wrong password with MasterAuthError, without the password anywhere', async () => {
    const h = await start({ auth: 'control' }, { user: 'admin', password: 'not-the-pass-x7' });
    const error = await forceFastPass(h).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterAuthError);
    expect((error as Error).message).toBe(
      "the Buildbot master does not allow the bot to force a build with force-fast-pass: the master refused the login of user 'admin' (HTTP 401)",
    );
    expect(inspect(error, { depth: 10 })).not.toContain('not-the-pass-x7');
    expect(JSON.stringify(h.logs)).not.toContain('not-the-pass-x7');
    expect(h.calls('POST', '/api/v2/forceschedulers/force-fast-pass')).toBe(0);
  });

  it("reports the master's refusal when the user lacks the role", async () => {
    const h = await start({ auth: 'control' }, { user: 'viewer', password: 'viewer-pass' });
    await expect(forceFastPass(h)).rejects.toThrow("does not allow the bot to force a build with force-fast-pass: you need to have role 'admins'");
    // refused twice: with the first cookie, then once more after logging in again
    expect(h.calls('POST', '/api/v2/forceschedulers/force-fast-pass')).toBe(2);
    expect(h.fake.state.requests).toHaveLength(0);
  });

  it('without credentials, a refused force is a MasterAuthError', async () => {
    const h = await start({ auth: 'control' });
    const error = await forceFastPass(h).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterAuthError);
    expect((error as Error).message).toContain("you need to have role 'admins'");
    expect(h.calls('POST', '/api/v2/forceschedulers/force-fast-pass')).toBe(1);
  });

  it('goes on anonymously when the master has no login at all (/auth/login answers 500)', async () => {
    const h = await start({ auth: 'none' }, ADMIN);
    const result = await h.client.force({
      scheduler: 'force-fast-pass', builderid: h.fake.builder('fast-pass').builderid, params: { username: 'Bot <bot@example.org>' },
    });
    expect(Object.values(result.requests)).toHaveLength(1);
    expect(h.logs.some((l) => l.level === 'warn' && /did not accept a login/.test(l.msg))).toBe(true);
    expect(JSON.stringify(h.logs)).not.toContain('admin-pass');
  });
});

describe('logging in for reads (BB_AUTH=all)', () => {
  it('logs in when a read is refused, then repeats it', async () => {
    const h = await start({ auth: 'all' }, ADMIN);
    expect(await h.client.listWorkers()).toHaveLength(2);
    expect(h.fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v2/workers', 'GET /auth/login', 'GET /api/v2/workers']);
    await h.client.listBuilders();
    expect(h.calls('GET', '/auth/login')).toBe(1);
  });

  it('without credentials, a refused read is a MasterAuthError', async () => {
    const h = await start({ auth: 'all' });
    await expect(h.client.listWorkers()).rejects.toThrow("does not allow the bot to read from the REST API: you need to have role 'users'");
  });

  it('reads /config without a login even then', async () => {
    const h = await start({ auth: 'all' });
    expect((await h.client.getMasterConfig()).title).toBe('chat bot test master');
  });
});

async function expectEventually(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function waitForBuild(h: Harness, buildid: number) {
  await expectEventually(() => h.fake.build(buildid) !== undefined);
  const build = await h.client.getBuild(buildid, ['owner']);
  if (!build) throw new Error('no build');
  return build;
}
