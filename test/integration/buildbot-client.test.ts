import { describe, expect, it, vi } from 'vitest';
import { MasterRejectedError, MasterResponseError, MasterUnavailableError } from '../../src/buildbot/errors.js';
import { CANCELLED, FAILURE, SUCCESS } from '../../src/buildbot/results.js';
import { harnessPerTest } from './support/client-against-fake.js';

const start = harnessPerTest();

describe('reading the master', () => {
  it('reads /config: title, buildbotURL and versions', async () => {
    const { client, fake } = await start();
    const config = await client.getMasterConfig();
    expect(config).toEqual({
      title: 'chat bot test master',
      buildbotURL: fake.url,
      versions: [['Python', '3.11.2'], ['Buildbot', '3.7.0-2'], ['Twisted', '22.4.0']],
    });
  });

  it('lists builders with their tags, and finds one by name with ?name=', async () => {
    const { client, fake } = await start();
    const builders = await client.listBuilders();
    expect(builders.map((b) => b.name).sort()).toEqual(['broken', 'fast-fail', 'fast-pass', 'flaky', 'mixed', 'queued', 'slow', 'warn']);
    const flaky = await client.getBuilder('flaky');
    expect(flaky).toMatchObject({ name: 'flaky', tags: ['fast', 'flaky'], builderid: fake.builder('flaky').builderid });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v2/builders', query: { name: ['flaky'] } });
  });

  it('answers null for a builder that does not exist, by name or by id', async () => {
    const { client, fake } = await start();
    expect(await client.getBuilder('nosuch')).toBeNull();
    expect(await client.getBuilderById(999)).toBeNull();
    expect(await client.getBuilderById(fake.builder('warn').builderid)).toMatchObject({ name: 'warn' });
    expect(fake.requests.at(-2)).toMatchObject({ path: '/api/v2/builders/999' });
  });

  it('finds a builder whose name is all digits by name, not as an id', async () => {
    const { client, fake } = await start();
    fake.addBuilder({ name: '3', builderid: 42 });
    expect(await client.getBuilder('3')).toMatchObject({ builderid: 42, name: '3' });
  });

  it('lists workers, connected or not', async () => {
    const { client } = await start();
    const workers = await client.listWorkers();
    expect(workers.map((w) => [w.name, w.connected_to.length > 0])).toEqual([
      ['worker1', true],
      ['ghost', false],
    ]);
  });

  it('lists force schedulers with their fields flattened in form order', async () => {
    const { client } = await start();
    const schedulers = await client.listForceSchedulers();
    const slow = schedulers.find((s) => s.name === 'force-slow');
    expect(slow?.builderNames).toEqual(['slow']);
    expect(slow?.fields.map((f) => f.fullName)).toEqual(['username', 'reason', 'branch', 'project', 'repository', 'revision', 'duration', 'result', 'clean']);
    expect(schedulers.find((s) => s.name === 'force-fast')?.builderNames).toEqual(['fast-pass', 'fast-fail', 'warn', 'broken', 'flaky']);
  });

  it('lists masters', async () => {
    const { client } = await start();
    expect(await client.listMasters()).toEqual([expect.objectContaining({ masterid: 1, active: true })]);
  });

  it('lists the newest changes first, and the changes behind a build', async () => {
    const { client, fake } = await start({ durations: { 'fast-pass': 10 } });
    fake.addChange({ author: 'Alice <alice@example.org>', comments: 'first', branch: 'feature' });
    fake.addChange({ author: 'Bob <bob@example.org>', comments: 'second', branch: 'feature' });
    fake.addChange({ author: 'Alice <alice@example.org>', comments: 'fix the widget', branch: 'main', revision: 'deadbeef' });
    const changes = await client.listChanges(2);
    expect(changes.map((c) => c.comments)).toEqual(['fix the widget', 'second']);
    expect(fake.requests.at(-1)?.query).toEqual({ order: ['-changeid'], limit: ['2'] });
    // a change on main starts fast-pass (the on-change scheduler)
    const build = await vi.waitFor(async () => {
      const [found] = await client.listBuilds({ builderid: fake.builder('fast-pass').builderid });
      if (!found) throw new Error('no build yet');
      return found;
    });
    expect((await client.listBuildChanges(build.buildid)).map((c) => c.revision)).toEqual(['deadbeef']);
  });
});

describe('reading builds', () => {
  it('sends BuildQuery as Buildbot query options and gets the matching builds', async () => {
    const { client, fake } = await start();
    const flaky = fake.builder('flaky').builderid;
    const first = fake.startBuild({ builder: 'flaky', result: SUCCESS, durationMs: 0 });
    await vi.waitFor(() => expect(fake.build(first.buildid)?.complete).toBe(true));
    const running = fake.startBuild({ builder: 'flaky', durationMs: null, properties: { owner: 'Alice <alice@example.org>', reason: 'try' } });

    const done = await client.listBuilds({ builderid: flaky, complete: true, order: '-number', limit: 1, properties: ['owner', 'reason'] });
    expect(fake.requests.at(-1)?.query).toEqual({
      builderid: [String(flaky)], complete: ['true'], order: ['-number'], limit: ['1'], property: ['owner', 'reason'],
    });
    expect(done.map((b) => [b.number, b.results, b.state_string])).toEqual([[1, SUCCESS, 'build successful']]);

    const now = await client.listBuilds({ complete: false, buildidAfter: first.buildid, properties: ['owner'] });
    expect(fake.requests.at(-1)?.query).toMatchObject({ buildid__gt: [String(first.buildid)] });
    expect(now.map((b) => b.buildid)).toEqual([running.buildid]);
    expect(now[0]?.properties).toEqual({ owner: ['Alice <alice@example.org>', 'Force Build Form'] });
  });

  it('gets one build by id or by builder and number, with the properties asked for', async () => {
    const { client, fake } = await start();
    const build = fake.startBuild({ builder: 'slow', durationMs: null, properties: { reason: 'soak test' } });
    const byId = await client.getBuild(build.buildid, ['reason']);
    expect(byId).toMatchObject({ buildid: build.buildid, complete: false, results: null, state_string: 'building', properties: { reason: ['soak test', 'Force Build Form'] } });
    expect(Object.keys(byId?.properties ?? {})).toEqual(['reason']);
    expect(await client.getBuildByNumber(fake.builder('slow').builderid, 1)).toMatchObject({ buildid: build.buildid, properties: {} });
  });

  it('answers null for a build that does not exist', async () => {
    const { client, fake } = await start();
    expect(await client.getBuild(99999)).toBeNull();
    expect(await client.getBuildByNumber(fake.builder('slow').builderid, 99)).toBeNull();
  });

  it('lists the steps of a build, the one in progress without a result', async () => {
    const { client, fake } = await start();
    const build = fake.startBuild({ builder: 'fast-fail', durationMs: null });
    await vi.waitFor(async () => expect((await client.listSteps(build.buildid)).map((s) => [s.name, s.results])).toEqual([
      ['worker_preparation', SUCCESS],
      ['test', null],
    ]));
    fake.finishBuild(build.buildid, FAILURE);
    expect((await client.listSteps(build.buildid)).map((s) => s.state_string)).toEqual(['worker worker1 ready', 'test (failure)']);
    expect(await client.getBuild(build.buildid)).toMatchObject({ results: FAILURE, state_string: 'failed test (failure)' });
  });
});

describe('forcing and stopping builds', () => {
  it('forces a build through a scheduler and finds the build of its request', async () => {
    const { client, fake } = await start();
    const builderid = fake.builder('fast-pass').builderid;
    const result = await client.force({
      scheduler: 'force-fast',
      builderid,
      params: { username: 'Alice <alice@example.org>', reason: 'try the bot', branch: 'feature-x', result: 'pass', clean: true },
    });
    expect(result.requests).toEqual({ [String(builderid)]: expect.any(Number) });
    const post = fake.requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({ path: '/api/v2/forceschedulers/force-fast', headers: { 'content-type': 'application/json' } });
    expect(post?.body).toMatchObject({
      jsonrpc: '2.0',
      method: 'force',
      params: { builderid, username: 'Alice <alice@example.org>', reason: 'try the bot', branch: 'feature-x', result: 'pass', clean: true },
    });
    const requestId = result.requests[String(builderid)] ?? -1;
    const [build] = await vi.waitFor(async () => {
      const builds = await client.listBuildsForRequest(requestId);
      expect(builds).toHaveLength(1);
      return builds;
    });
    expect(await client.getBuild(build?.buildid ?? -1, ['owner', 'branch'])).toMatchObject({
      builderid,
      properties: { owner: ['Alice <alice@example.org>', 'Force Build Form'], branch: ['feature-x', 'Build'] },
    });
  });

  it("explains the master's validation errors field by field", async () => {
    const { client, fake } = await start();
    const error = await client
      .force({ scheduler: 'force-slow', builderid: fake.builder('slow').builderid, params: { username: 'alice', result: 'maybe' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterRejectedError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toBe(
      'the Buildbot master refused to force a build with force-slow: ' +
        "username: please fill in email address in the form 'User <email@email.com>'; " +
        "result: 'maybe' does not belong to list of available choices '['auto', 'pass', 'warn', 'fail']'",
    );
    expect(fake.state.requests).toHaveLength(0);
  });

  it('says plainly that a scheduler or builder does not exist', async () => {
    const { client, fake } = await start();
    await expect(client.force({ scheduler: 'force-nosuch', builderid: 1, params: {} })).rejects.toThrow(
      "refused to force a build with force-nosuch: there is no force scheduler named 'force-nosuch'",
    );
    await expect(client.force({ scheduler: 'force-fast', builderid: 999, params: {} })).rejects.toThrow('there is no builder with id 999');
    expect(fake.state.requests).toHaveLength(0);
  });

  it('stops a running build, which ends cancelled with the reason', async () => {
    const { client, fake } = await start();
    const build = fake.startBuild({ builder: 'slow', durationMs: null });
    await client.stopBuild(build.buildid, 'stopped from the bot');
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: `/api/v2/builds/${build.buildid}`,
      body: { jsonrpc: '2.0', method: 'stop', params: { reason: 'stopped from the bot' } },
    });
    await vi.waitFor(async () =>
      expect(await client.getBuild(build.buildid)).toMatchObject({
        complete: true,
        results: CANCELLED,
        state_string: 'cancelled (stopped from the bot) prepare (cancelled)',
      }),
    );
  });

  it('gets no error stopping a build that does not exist (Buildbot answers null)', async () => {
    const { client } = await start();
    await expect(client.stopBuild(99999, 'nothing')).resolves.toBeUndefined();
  });
});

describe('when the master fails', () => {
  it('retries a read after 5xx answers and gets the data', async () => {
    const { client, fake, calls, logs } = await start();
    fake.failNext(2, 503);
    expect(await client.listBuilders()).toHaveLength(8);
    expect(calls('GET', '/api/v2/builders')).toBe(3);
    expect(logs.filter((l) => l.msg === 'buildbot read failed, retrying').map((l) => l.obj)).toEqual([
      expect.objectContaining({ reason: 'HTTP 503', attempt: 1, of: 4 }),
      expect.objectContaining({ reason: 'HTTP 503', attempt: 2, of: 4 }),
    ]);
  });

  it('retries a read after a dropped connection', async () => {
    const { client, fake, calls } = await start();
    fake.failNext(1, 'reset');
    expect(await client.listWorkers()).toHaveLength(2);
    expect(calls('GET', '/api/v2/workers')).toBe(2);
  });

  it('gives up after the last attempt with the status and path', async () => {
    const { client, fake, calls } = await start({}, { retry: { attempts: 3, baseDelayMs: 1 } });
    fake.failNext(3, 502);
    const error = await client.listBuilds({ complete: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterResponseError);
    expect(error).toMatchObject({ status: 502, path: '/api/v2/builds?complete=false' });
    expect(calls('GET', '/api/v2/builds')).toBe(3);
  });

  it('sends a force exactly once when the master answers 5xx', async () => {
    const { client, fake, calls } = await start();
    fake.failNext(1, 503);
    await expect(client.force({ scheduler: 'force-fast-pass', builderid: fake.builder('fast-pass').builderid, params: {} })).rejects.toBeInstanceOf(
      MasterResponseError,
    );
    expect(calls('POST', '/api/v2/forceschedulers/force-fast-pass')).toBe(1);
  });

  it('sends a force exactly once when the connection drops', async () => {
    const { client, fake, calls } = await start();
    fake.failNext(1, 'reset');
    await expect(client.force({ scheduler: 'force-fast-pass', builderid: fake.builder('fast-pass').builderid, params: {} })).rejects.toBeInstanceOf(
      MasterUnavailableError,
    );
    expect(calls('POST', '/api/v2/forceschedulers/force-fast-pass')).toBe(1);
  });

  it('sends a stop exactly once when the master fails', async () => {
    const { client, fake, calls } = await start();
    const build = fake.startBuild({ builder: 'slow', durationMs: null });
    fake.failNext(1, 500);
    await expect(client.stopBuild(build.buildid, 'enough')).rejects.toBeInstanceOf(MasterResponseError);
    fake.failNext(1, 'reset');
    await expect(client.stopBuild(build.buildid, 'enough')).rejects.toBeInstanceOf(MasterUnavailableError);
    expect(calls('POST', `/api/v2/builds/${build.buildid}`)).toBe(2);
    expect(fake.build(build.buildid)?.complete).toBe(false);
  });

  it('names the URL when the master is down, and works again once it is back', async () => {
    const { client, fake } = await start({}, { retry: { attempts: 2, baseDelayMs: 1 } });
    await fake.down('refuse');
    const error = await client.listBuilders().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MasterUnavailableError);
    expect((error as Error).message).toBe(`the Buildbot master at ${fake.url} is not answering`);
    await expect(client.force({ scheduler: 'force-fast-pass', builderid: 3, params: {} })).rejects.toThrow(`the Buildbot master at ${fake.url} is not answering`);
    await fake.up();
    expect(await client.listBuilders()).toHaveLength(8);
  });

  it('reports a master that answers 503 to everything as such', async () => {
    const { client, fake, calls } = await start({}, { retry: { attempts: 2, baseDelayMs: 1 } });
    await fake.down('unavailable');
    await expect(client.getMasterConfig()).rejects.toMatchObject({ name: 'MasterResponseError', status: 503, path: '/config' });
    expect(calls('GET', '/config')).toBe(2);
  });
});
