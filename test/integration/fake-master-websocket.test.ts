import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startFakeMaster, type FakeMaster } from '../fakes/fake-master.js';

interface Frame {
  k?: string;
  m?: Record<string, unknown>;
  msg?: string;
  error?: string;
  code?: number;
  _id?: unknown;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function fakeMaster(options = {}): Promise<FakeMaster> {
  const fake = await startFakeMaster(options);
  cleanup.push(() => fake.close());
  return fake;
}

/** A /ws client that keeps every frame it receives. */
async function consumer(fake: FakeMaster): Promise<{ frames: Frame[]; send(frame: object | string): void; ws: WebSocket }> {
  const ws = new WebSocket(fake.wsUrl);
  const frames: Frame[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString()) as Frame));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  cleanup.push(() => ws.terminate());
  return { frames, ws, send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)) };
}

async function until<T>(get: () => T | undefined, timeoutMs = 3_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('the fake master /ws', () => {
  it('sends a consumer update, new, ..., finished for a build, the first update before new', async () => {
    const fake = await fakeMaster({ durations: { 'fast-fail': 30 } });
    const client = await consumer(fake);
    client.send({ cmd: 'startConsuming', path: 'builds/*/*', _id: 1 });
    await until(() => client.frames.find((f) => f._id === 1));
    expect(client.frames[0]).toEqual({ msg: 'OK', code: 200, _id: 1 });

    const build = fake.startBuild({ builder: 'fast-fail', durationMs: 30 });
    await until(() => client.frames.find((f) => f.k === `builds/${build.buildid}/finished`));
    const events = client.frames.filter((f) => f.k !== undefined);
    expect(events.map((f) => f.k?.split('/')[2])).toEqual(['update', 'new', 'update', 'update', 'finished']);
    expect(events.every((f) => f.k?.startsWith(`builds/${build.buildid}/`))).toBe(true);
    expect(events[1]?.m).toMatchObject({ buildid: build.buildid, number: 1, state_string: 'starting', results: null, complete: false, properties: {} });
    // fast-fail ends as the real one does
    expect(events.at(-1)?.m).toMatchObject({ complete: true, results: 2, state_string: 'failed test (failure)' });
  });

  it('delivers only what a client consumes, per segment, and stops on stopConsuming', async () => {
    const fake = await fakeMaster({ buildStartDelayMs: 5 });
    const builds = await consumer(fake);
    const workers = await consumer(fake);
    builds.send({ cmd: 'startConsuming', path: `builders/${fake.builder('slow').builderid}/builds/*/*`, _id: 1 });
    workers.send({ cmd: 'startConsuming', path: 'workers/*/*', _id: 1 });
    await until(() => (fake.hub.consumedPaths().length === 2 ? true : undefined));

    fake.startBuild({ builder: 'warn', durationMs: null });
    const slow = fake.startBuild({ builder: 'slow', durationMs: null });
    fake.disconnectWorker('worker1');
    await until(() => workers.frames.find((f) => f.k === 'workers/1/disconnected'));
    await until(() => builds.frames.find((f) => f.k?.endsWith('/finished')));

    expect(builds.frames.filter((f) => f.k).every((f) => f.k?.startsWith(`builders/${fake.builder('slow').builderid}/builds/${slow.number}/`))).toBe(true);
    // the worker was lost mid-build: the build ends RETRY
    expect(builds.frames.find((f) => f.k?.endsWith('/finished'))?.m).toMatchObject({ results: 5, state_string: 'retry lost connection prepare (retry)' });
    expect(workers.frames.filter((f) => f.k).map((f) => f.k)).toEqual(['workers/1/disconnected']);
    expect(workers.frames.at(-1)?.m).toMatchObject({ name: 'worker1', connected_to: [] });

    workers.send({ cmd: 'stopConsuming', path: 'workers/*/*', _id: 2 });
    await until(() => workers.frames.find((f) => f._id === 2));
    fake.connectWorker('worker1');
    fake.reportWorkerMissing('ghost');
    await new Promise((r) => setTimeout(r, 30));
    expect(workers.frames.filter((f) => f.k)).toHaveLength(1);
  });

  it('answers commands as Buildbot 3.7 does', async () => {
    const fake = await fakeMaster();
    const client = await consumer(fake);
    client.send({ cmd: 'ping', _id: 1 });
    client.send({ cmd: 'stopConsuming', path: 'nothing/*', _id: 5 });
    client.send({ cmd: 'frobnicate', _id: 6 });
    client.send({ path: 'x' });
    client.send({ cmd: 'startConsuming', path: 'nosuch/*/*', _id: 8 });
    await until(() => (client.frames.length === 5 ? true : undefined));
    expect(client.frames).toEqual([
      { msg: 'pong', code: 200, _id: 1 },
      { error: "path was not consumed 'nothing/*'", code: 400, _id: 5 },
      { error: "no such command type 'frobnicate'", code: 404, _id: 6 },
      { error: "no '_id' or 'type' in websocket frame", code: 400, _id: null },
      { msg: 'OK', code: 200, _id: 8 },
    ]);
  });

  it('reports a missing worker with when it was last seen', async () => {
    const fake = await fakeMaster();
    const client = await consumer(fake);
    client.send({ cmd: 'startConsuming', path: 'workers/*/missing', _id: 1 });
    await until(() => client.frames.find((f) => f._id === 1));
    fake.reportWorkerMissing('ghost');
    const frame = await until(() => client.frames.find((f) => f.k === 'workers/2/missing'));
    expect(frame.m).toMatchObject({ name: 'ghost', connected_to: [], notify: ['ops@example.invalid'] });
    expect(frame.m?.last_connection).toMatch(/^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/);
  });

  it('drops every client when asked, or on a frame that is not JSON', async () => {
    const fake = await fakeMaster();
    const first = await consumer(fake);
    const second = await consumer(fake);
    const closed = (ws: WebSocket) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const firstClosed = closed(first.ws);
    first.send('not json');
    expect(await firstClosed).toBe(1006);
    const secondClosed = closed(second.ws);
    fake.dropWebSockets();
    expect(await secondClosed).toBe(1006);
  });
});
