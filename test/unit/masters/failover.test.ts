/** Failover decisions: when the bot leaves a front end of a Buildbot cluster, and what it sends again. */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { BuildbotClient } from '../../../src/buildbot/client.js';
import { MasterResponseError, MasterUnavailableError } from '../../../src/buildbot/errors.js';
import { createFailoverClient } from '../../../src/masters/failover-client.js';
import { FrontEnds } from '../../../src/masters/front-ends.js';

const A = 'http://a.example:8010/';
const B = 'http://b.example:8010/';
const silent = pino({ level: 'silent' });

function frontEnds(now: () => number = Date.now, failoverAfterMs = 30_000): FrontEnds {
  return new FrontEnds({ urls: [A, B], failoverAfterMs, logger: silent, now });
}

function refused(url: string): MasterUnavailableError {
  return new MasterUnavailableError(url, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
}

function timedOut(url: string): MasterUnavailableError {
  return new MasterUnavailableError(url, new Error('no answer within 10000 ms'));
}

/** A client per URL whose calls answer what `behaviour` says for that URL, and are counted. */
function clients(behaviour: Record<string, (method: string) => unknown>) {
  const calls: string[] = [];
  const clientFor = (url: string) =>
    new Proxy({} as BuildbotClient, {
      get: (_target, method: string) => async () => {
        calls.push(`${method}@${url}`);
        const answer = (behaviour[url] as (method: string) => unknown)(method);
        if (answer instanceof Error) throw answer;
        return answer;
      },
    });
  return { calls, clientFor };
}

describe('FrontEnds', () => {
  it('moves on when the front end in use cannot be reached, and tells its listeners', () => {
    const ends = frontEnds();
    const moves: string[] = [];
    ends.onMove((url) => moves.push(url));
    expect(ends.unreachable(A, 'ECONNREFUSED')).toBe(true);
    expect(ends.current()).toBe(B);
    expect(moves).toEqual([B]);
    // a late failure of the front end already left is no reason to move again
    expect(ends.unreachable(A, 'ECONNREFUSED')).toBe(false);
    expect(ends.current()).toBe(B);
  });

  it('moves on after 5xx answers only once they have lasted failoverAfterSeconds', () => {
    let now = 0;
    const ends = frontEnds(() => now, 30_000);
    expect(ends.failing(A, 503)).toBe(false);
    now = 29_000;
    expect(ends.failing(A, 502)).toBe(false);
    now = 30_000;
    expect(ends.failing(A, 503)).toBe(true);
    expect(ends.current()).toBe(B);
  });

  it('forgets earlier 5xx answers once the front end answers well again', () => {
    let now = 0;
    const ends = frontEnds(() => now, 30_000);
    ends.failing(A, 503);
    now = 20_000;
    ends.answered(A);
    now = 40_000;
    expect(ends.failing(A, 503)).toBe(false);
    expect(ends.current()).toBe(A);
  });

  it('with one URL never moves', () => {
    const ends = new FrontEnds({ urls: [A], failoverAfterMs: 0, logger: silent });
    expect(ends.unreachable(A, 'ECONNREFUSED')).toBe(false);
    expect(ends.failing(A, 503)).toBe(false);
    expect(ends.current()).toBe(A);
  });
});

describe('the failover client', () => {
  it('reads from the next front end when the one in use cannot be reached, and stays there', async () => {
    const { calls, clientFor } = clients({ [A]: () => timedOut(A), [B]: () => [] });
    const ends = frontEnds();
    const client = createFailoverClient(ends, clientFor);
    await expect(client.listBuilders()).resolves.toEqual([]);
    await expect(client.listWorkers()).resolves.toEqual([]);
    expect(calls).toEqual([`listBuilders@${A}`, `listBuilders@${B}`, `listWorkers@${B}`]);
    expect(client.baseUrl).toBe(B);
  });

  it('sends a force again elsewhere only when the connection was refused, so the master never saw it', async () => {
    const result = { buildsetid: 1, requests: { '1': 7 } };
    const request = { scheduler: 'force', builderid: 1, params: {} };
    const refusedFirst = clients({ [A]: () => refused(A), [B]: () => result });
    await expect(createFailoverClient(frontEnds(), refusedFirst.clientFor).force(request)).resolves.toEqual(result);
    expect(refusedFirst.calls).toEqual([`force@${A}`, `force@${B}`]);

    // a timeout may have reached the master: forcing again could start a second build
    const timedOutFirst = clients({ [A]: () => timedOut(A), [B]: () => result });
    const ends = frontEnds();
    await expect(createFailoverClient(ends, timedOutFirst.clientFor).force(request)).rejects.toThrow(MasterUnavailableError);
    expect(timedOutFirst.calls).toEqual([`force@${A}`]);
    expect(ends.current()).toBe(B);
  });

  it('passes a 5xx on without moving while the failover time has not passed', async () => {
    const error = new MasterResponseError('GET', '/api/v2/builders', 503, 'Service Unavailable');
    const { calls, clientFor } = clients({ [A]: () => error, [B]: () => [] });
    const ends = frontEnds(() => 0);
    await expect(createFailoverClient(ends, clientFor).listBuilders()).rejects.toBe(error);
    expect(calls).toEqual([`listBuilders@${A}`]);
    expect(ends.current()).toBe(A);
  });

  it('gives up after trying every front end once', async () => {
    const { calls, clientFor } = clients({ [A]: () => refused(A), [B]: () => refused(B) });
    await expect(createFailoverClient(frontEnds(), clientFor).listMasters()).rejects.toThrow(MasterUnavailableError);
    expect(calls).toEqual([`listMasters@${A}`, `listMasters@${B}`]);
  });
});
