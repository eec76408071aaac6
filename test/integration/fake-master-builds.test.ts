import { describe, expect, it } from 'vitest';
import { FAILURE, RETRY, SUCCESS, WARNINGS } from '../../src/buildbot/results.js';
import type { Build } from '../../src/buildbot/schemas.js';
import { harnessPerTest, type Harness } from './support/client-against-fake.js';

const start = harnessPerTest();
const FAST = { durations: { flaky: 10, mixed: 10, 'fast-pass': 10, slow: 10_000 }, buildStartDelayMs: 5 };

async function forceAndFinish(h: Harness, builder: string, params: Record<string, string | boolean> = {}): Promise<Build> {
  const builderid = h.fake.builder(builder).builderid;
  const { requests } = await h.client.force({ scheduler: `force-${builder}`, builderid, params: { username: 'Test <test@example.org>', ...params } });
  const requestId = requests[String(builderid)] ?? -1;
  for (let i = 0; i < 200; i++) {
    const [build] = await h.client.listBuildsForRequest(requestId);
    if (build?.complete) return build;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no finished build for request ${requestId}`);
}

describe('builds on the fake master end as on the real test master', () => {
  it('flaky passes on odd build numbers and fails on even ones', async () => {
    const h = await start(FAST);
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await forceAndFinish(h, 'flaky'));
    expect(results.map((b) => [b.number, b.results, b.state_string])).toEqual([
      [1, SUCCESS, 'build successful'],
      [2, FAILURE, 'failed roll (failure)'],
      [3, SUCCESS, 'build successful'],
    ]);
  });

  it("follows the force property 'result'", async () => {
    const h = await start(FAST);
    expect(await forceAndFinish(h, 'mixed', { result: 'fail' })).toMatchObject({ results: FAILURE, state_string: 'failed test (failure)' });
    expect(await forceAndFinish(h, 'mixed', { result: 'warn' })).toMatchObject({ results: WARNINGS, state_string: 'warnings lint (warnings)' });
  });

  it('leaves a request for queued waiting: its only worker never connects', async () => {
    const h = await start(FAST);
    const builderid = h.fake.builder('queued').builderid;
    const { requests } = await h.client.force({ scheduler: 'force-queued', builderid, params: {} });
    await new Promise((r) => setTimeout(r, 50));
    expect(await h.client.listBuildsForRequest(requests[String(builderid)] ?? -1)).toEqual([]);
  });

  it('retries a build whose worker was lost, once the worker is back', async () => {
    const h = await start(FAST);
    const build = h.fake.startBuild({ builder: 'fast-pass', durationMs: null });
    h.fake.disconnectWorker('worker1');
    expect(await h.client.getBuild(build.buildid)).toMatchObject({ results: RETRY, state_string: 'retry lost connection compile (retry)' });
    h.fake.connectWorker('worker1');
    let builds: Build[] = [];
    for (let i = 0; i < 100 && builds.length < 2; i++) {
      builds = await h.client.listBuildsForRequest(build.buildrequestid);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(builds.map((b) => b.number)).toEqual([1, 2]);
  });
});
