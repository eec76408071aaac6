import { describe, expect, it } from 'vitest';
import { checkBackoffRange, fullJitterDelay, ReconnectBackoff } from '../../../src/buildbot/backoff.js';
import { parseFrame, pingFrame, readEvent, startConsumingFrame } from '../../../src/buildbot/ws-frames.js';
import { webSocketUrl } from '../../../src/buildbot/ws-url.js';

describe('reconnect backoff (full jitter)', () => {
  const range = { initialMs: 1_000, maxMs: 60_000 };

  it('picks between 0 and a ceiling that doubles per attempt up to maxMs', () => {
    const top = () => 0.999999;
    expect([0, 1, 2, 3, 5, 6, 7, 200].map((attempt) => fullJitterDelay(range, attempt, top))).toEqual([
      999, 1_999, 3_999, 7_999, 31_999, 59_999, 59_999, 59_999,
    ]);
    expect(fullJitterDelay(range, 4, () => 0)).toBe(0);
    expect(fullJitterDelay(range, 4, () => 0.5)).toBe(8_000);
  });

  it('counts attempts until reset', () => {
    const backoff = new ReconnectBackoff(range, () => 0.5);
    expect([backoff.nextDelay(), backoff.nextDelay(), backoff.nextDelay()]).toEqual([500, 1_000, 2_000]);
    backoff.reset();
    expect(backoff.nextDelay()).toBe(500);
  });

  it('refuses a range that cannot work', () => {
    expect(() => checkBackoffRange({ initialMs: 0, maxMs: 10 })).toThrow(RangeError);
    expect(() => checkBackoffRange({ initialMs: 100, maxMs: 10 })).toThrow(RangeError);
    expect(() => checkBackoffRange({ initialMs: 1, maxMs: Infinity })).toThrow(RangeError);
  });
});

describe('/ws URL', () => {
  it('sits next to /api/v2 under the web root, with ws or wss', () => {
    expect(webSocketUrl('http://127.0.0.1:8010/')).toBe('ws://127.0.0.1:8010/ws');
    expect(webSocketUrl('https://ci.example.org/buildbot')).toBe('wss://ci.example.org/buildbot/ws');
    expect(webSocketUrl('http://ci.example.org/bb/?x=1#top')).toBe('ws://ci.example.org/bb/ws');
  });

  it('drops credentials written into the URL', () => {
    expect(webSocketUrl('http://bot:s3cret@127.0.0.1:8010/')).toBe('ws://127.0.0.1:8010/ws');
  });

  it('refuses other schemes', () => {
    expect(() => webSocketUrl('ftp://127.0.0.1/')).toThrow(/http/);
  });
});

describe('/ws frames', () => {
  it('sends commands as JSON with an _id', () => {
    expect(JSON.parse(startConsumingFrame('builds/*/*', 3))).toEqual({ cmd: 'startConsuming', path: 'builds/*/*', _id: 3 });
    expect(JSON.parse(pingFrame(4))).toEqual({ cmd: 'ping', _id: 4 });
  });

  it('reads replies, refusals and events as Buildbot 3.7 sends them', () => {
    expect(parseFrame('{"msg":"OK","code":200,"_id":3}')).toEqual({ type: 'reply', id: 3, ok: true, text: 'OK' });
    expect(parseFrame('{"msg":"pong","code":200,"_id":1}')).toEqual({ type: 'reply', id: 1, ok: true, text: 'pong' });
    expect(parseFrame('{"error":"path was not consumed \'nothing/*\'","code":400,"_id":5}')).toEqual({
      type: 'reply', id: 5, ok: false, text: "path was not consumed 'nothing/*'",
    });
    expect(parseFrame('{"k":"builds/1/new","m":{"buildid":1}}')).toEqual({ type: 'event', key: 'builds/1/new', message: { buildid: 1 } });
  });

  it('calls anything else malformed', () => {
    expect(parseFrame('{"k":')).toEqual({ type: 'malformed', reason: 'not JSON' });
    expect(parseFrame(new ArrayBuffer(2))).toEqual({ type: 'malformed', reason: 'binary frame' });
    expect(parseFrame('[1,2]')).toMatchObject({ type: 'malformed' });
    expect(parseFrame('{"code":"200","_id":1}')).toMatchObject({ type: 'malformed' });
  });

  it('turns worker events into the worker and its last connection', () => {
    expect(readEvent('workers/2/missing', { workerid: 2, name: 'ghost', last_connection: 'Sun Nov 22 19:02:36 2026', notify: [] })).toEqual({
      type: 'event',
      event: { kind: 'worker-missing', worker: { workerid: 2, name: 'ghost', lastConnection: 'Sun Nov 22 19:02:36 2026' } },
    });
    expect(readEvent('workers/1/connected', { workerid: 1, name: 'worker1' })).toMatchObject({
      event: { kind: 'worker-connected', worker: { lastConnection: null } },
    });
  });

  it("reads state_updated as the worker's paused and graceful flags (Buildbot 3.7's frame, trimmed)", () => {
    const m = { workerid: 2, name: 'worker1', workerinfo: {}, paused: true, graceful: false, connected_to: [{ masterid: 1 }], configured_on: [] };
    expect(readEvent('workers/2/state_updated', m)).toEqual({
      type: 'event',
      event: { kind: 'worker-state', worker: { workerid: 2, name: 'worker1', paused: true, graceful: false } },
    });
    expect(readEvent('workers/1/state_updated', { workerid: 1, name: 'worker1' })).toMatchObject({ type: 'malformed' });
  });

  it('ignores update and other collections, and flags builds that do not fit', () => {
    const build = { buildid: 1, number: 1, builderid: 7, buildrequestid: 1, started_at: 1, complete: false, results: null };
    expect(readEvent('builds/1/update', build)).toEqual({ type: 'ignored' });
    expect(readEvent('builders/7/builds/1/new', build)).toEqual({ type: 'ignored' });
    expect(readEvent('steps/3/finished', {})).toEqual({ type: 'ignored' });
    expect(readEvent('builds/1/new', build)).toMatchObject({ type: 'event', event: { kind: 'build-new', build: { buildid: 1, properties: {} } } });
    expect(readEvent('builds/1/finished', { ...build, results: 'ok' })).toMatchObject({ type: 'malformed', reason: expect.stringMatching(/results/) });
  });
});
