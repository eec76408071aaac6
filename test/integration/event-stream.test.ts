import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pino, { type Logger } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { EventStream, type EventStreamOptions, type MasterEvent } from '../../src/buildbot/event-stream.js';
import { startFakeMaster } from '../fakes/fake-master.js';

/**
 * A master /ws endpoint whose behaviour each test picks: it acknowledges startConsuming and
 * answers pings like Buildbot 3.7 (docs/buildbot-api.md), unless told otherwise.
 */
interface TestMaster {
  url: string;
  port: number;
  /** Every frame every client sent, parsed (a frame that is not JSON fails the test). */
  frames: { connection: number; frame: Record<string, unknown> }[];
  connections: ServerSocket[];
  /** When each WebSocket handshake was attempted (performance.now(), rejected ones included). */
  attempts: number[];
  acksSent: number;
  answerPings: boolean;
  sendToAll(frame: string | Buffer): void;
  close(): Promise<void>;
}

interface TestMasterOptions {
  port?: number;
  /** Delay before the second startConsuming is acknowledged. */
  secondAckDelayMs?: number;
  /** Refuse every handshake with HTTP 503. */
  rejectHandshakes?: boolean;
}

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function testMaster(options: TestMasterOptions = {}): Promise<TestMaster> {
  const attempts: number[] = [];
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    path: '/ws',
    verifyClient: (_info, accept) => {
      attempts.push(performance.now());
      if (options.rejectHandshakes) accept(false, 503);
      else accept(true);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', reject);
  });
  const port = (server.address() as { port: number }).port;
  const master: TestMaster = {
    url: `http://127.0.0.1:${port}/`,
    port,
    frames: [],
    connections: [],
    attempts,
    acksSent: 0,
    answerPings: true,
    sendToAll: (frame) => {
      for (const client of master.connections) client.send(frame);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (client) => {
    const connection = master.connections.push(client);
    let consumed = 0;
    client.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Record<string, unknown>;
      master.frames.push({ connection, frame });
      const ack = () => {
        master.acksSent++;
        client.send(JSON.stringify({ msg: 'OK', code: 200, _id: frame._id }));
      };
      if (frame.cmd === 'startConsuming') {
        consumed++;
        if (consumed === 2 && options.secondAckDelayMs) setTimeout(ack, options.secondAckDelayMs);
        else ack();
      } else if (frame.cmd === 'ping' && master.answerPings) {
        client.send(JSON.stringify({ msg: 'pong', code: 200, _id: frame._id }));
      }
    });
  });
  cleanup.push(() => master.close());
  return master;
}

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

const WARN = 40;

interface Recorder {
  stream: EventStream;
  lines: LogLine[];
  /** 'event', 'connected', 'disconnected', 'tick' and 'mode', in emission order. */
  log: { name: string; value?: unknown }[];
  events: MasterEvent[];
  count(name: string): number;
}

function eventStream(options: Omit<EventStreamOptions, 'logger'>): Recorder {
  const { logger, lines } = capturingLogger();
  const stream = new EventStream({ logger, ...options });
  const log: Recorder['log'] = [];
  const events: MasterEvent[] = [];
  stream.on('event', (event: MasterEvent) => {
    events.push(event);
    log.push({ name: 'event', value: event });
  });
  for (const name of ['connected', 'disconnected', 'tick', 'mode'] as const) {
    stream.on(name, (value?: string) => log.push({ name, value }));
  }
  cleanup.push(() => stream.stop());
  return { stream, lines, log, events, count: (name) => log.filter((entry) => entry.name === name).length };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(5);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

// Payloads as Buildbot 3.7 sent them (docs/buildbot-api.md, "Live events").
const startedBuild = {
  buildid: 2, number: 1, builderid: 7, buildrequestid: 2, workerid: 1, masterid: 1, started_at: 1795372998,
  complete_at: null, complete: false, state_string: 'starting', results: null, properties: {},
};
const finishedBuild = { ...startedBuild, complete_at: 1795373000, complete: true, state_string: 'build successful', results: 0 };
const ghostMissing = {
  workerid: 2, name: 'ghost', workerinfo: {}, paused: false, graceful: false, connected_to: [],
  configured_on: [{ masterid: 1, builderid: 8 }], last_connection: 'Sun Nov 22 19:02:36 2026', notify: ['ops@example.invalid'],
};
const worker1 = { workerid: 1, name: 'worker1', workerinfo: {}, paused: false, graceful: false, connected_to: [], configured_on: [] };
const frame = (k: string, m: unknown) => JSON.stringify({ k, m });

describe('event stream over /ws', () => {
  it('subscribes to builds and workers and emits connected only once both are acknowledged', async () => {
    const master = await testMaster({ secondAckDelayMs: 150 });
    const { stream, count } = eventStream({ url: master.url });
    let acksAtConnected = -1;
    stream.on('connected', () => (acksAtConnected = master.acksSent));
    stream.start();

    await until(() => master.acksSent === 1);
    expect(stream.isConnected()).toBe(false);
    expect(count('connected')).toBe(0);
    await until(() => count('connected') === 1);
    expect(acksAtConnected).toBe(2);
    expect(stream.isConnected()).toBe(true);
    expect(stream.mode).toBe('websocket');
    const commands = master.frames.map(({ frame }) => frame);
    expect(commands.map(({ cmd, path }) => ({ cmd, path }))).toEqual([
      { cmd: 'startConsuming', path: 'builds/*/*' },
      { cmd: 'startConsuming', path: 'workers/*/*' },
    ]);
    expect(new Set(commands.map(({ _id }) => _id)).size).toBe(2);
  });

  it('emits build and worker events (state_updated as the paused and graceful flags) in arrival order, dropping update and other kinds', async () => {
    const master = await testMaster();
    const { stream, events, count } = eventStream({ url: master.url });
    stream.start();
    await until(() => count('connected') === 1);

    master.sendToAll(frame('buildrequests/2/new', { buildrequestid: 2, builderid: 7, claimed: false }));
    master.sendToAll(frame('builds/2/update', startedBuild));
    master.sendToAll(frame('builds/2/new', startedBuild));
    master.sendToAll(frame('workers/2/missing', ghostMissing));
    master.sendToAll(frame('builds/2/update', { ...startedBuild, state_string: 'building' }));
    master.sendToAll(frame('builds/2/finished', finishedBuild));
    master.sendToAll(frame('workers/1/disconnected', worker1));
    master.sendToAll(frame('workers/1/state_updated', worker1));
    master.sendToAll(frame('workers/1/connected', { ...worker1, connected_to: [{ masterid: 1 }] }));
    await until(() => events.length === 6);
    await sleep(50);

    expect(events).toEqual([
      { kind: 'build-new', build: startedBuild },
      { kind: 'worker-missing', worker: { workerid: 2, name: 'ghost', lastConnection: 'Sun Nov 22 19:02:36 2026' } },
      { kind: 'build-finished', build: finishedBuild },
      { kind: 'worker-disconnected', worker: { workerid: 1, name: 'worker1', lastConnection: null } },
      { kind: 'worker-state', worker: { workerid: 1, name: 'worker1', paused: false, graceful: false } },
      { kind: 'worker-connected', worker: { workerid: 1, name: 'worker1', lastConnection: null } },
    ]);
  });

  it('skips malformed frames with a warning and keeps the connection', async () => {
    const master = await testMaster();
    const { stream, events, lines, count } = eventStream({ url: master.url });
    stream.start();
    await until(() => count('connected') === 1);

    master.sendToAll('this is not json');
    master.sendToAll(Buffer.from([1, 2, 3]));
    master.sendToAll(JSON.stringify({ hello: 'world' }));
    master.sendToAll(frame('builds/5/new', { ...startedBuild, buildid: 'five' }));
    master.sendToAll(frame('workers/3/missing', { name: 'no id' }));
    master.sendToAll(frame('builds/6/finished', { ...finishedBuild, buildid: 6 }));
    await until(() => events.length === 1);

    expect(events).toEqual([{ kind: 'build-finished', build: { ...finishedBuild, buildid: 6 } }]);
    const warnings = lines.filter((line) => line.level === WARN);
    expect(warnings).toHaveLength(5);
    expect(warnings.find((line) => line.key === 'builds/5/new')?.reason).toMatch(/buildid/);
    expect(stream.isConnected()).toBe(true);
    expect(master.connections).toHaveLength(1);
    expect(count('disconnected')).toBe(0);
  });

  it('logs a listener that throws and goes on emitting', async () => {
    const master = await testMaster();
    const { stream, events, lines, count } = eventStream({ url: master.url });
    let calls = 0;
    stream.on('event', () => {
      calls++;
      throw new Error('listener bug');
    });
    stream.start();
    await until(() => count('connected') === 1);

    master.sendToAll(frame('builds/2/new', startedBuild));
    master.sendToAll(frame('builds/2/finished', finishedBuild));
    await until(() => calls === 2);

    expect(lines.filter((line) => line.msg === 'an event stream listener threw')).toHaveLength(2);
    expect(stream.isConnected()).toBe(true);
    expect(events.map((event) => event.kind)).toEqual(['build-new', 'build-finished']);
  });

  it('reconnects when the master drops the connection, and says connected again', async () => {
    const master = await testMaster();
    const { stream, log, count } = eventStream({ url: master.url, backoff: { initialMs: 20, maxMs: 200 } });
    stream.start();
    await until(() => count('connected') === 1);

    master.connections[0]?.terminate();
    await until(() => count('connected') === 2);

    expect(log.map((entry) => entry.name)).toEqual(['connected', 'disconnected', 'connected']);
    expect(String(log[1]?.value)).toMatch(/1006/);
    const second = master.frames.filter(({ connection }) => connection === 2).map(({ frame }) => frame.path);
    expect(second).toEqual(['builds/*/*', 'workers/*/*']);
    expect(stream.isConnected()).toBe(true);
  });

  it('waits longer after each failed connect (exponential backoff)', async () => {
    // Full jitter picks in [0, ceiling): pin the pick near the ceiling to see the ceiling grow.
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const master = await testMaster({ rejectHandshakes: true });
    const { stream } = eventStream({ url: master.url, backoff: { initialMs: 40, maxMs: 5_000 }, wsFailuresBeforePolling: 100 });
    stream.start();
    await until(() => master.attempts.length === 5);

    const gaps = master.attempts.slice(1).map((at, i) => at - (master.attempts[i] ?? at));
    // ceilings 40, 80, 160, 320 ms (times 0.99), plus the time a failed handshake takes;
    // timers never fire early, so the lower bounds hold on a loaded machine too
    expect(gaps[0]).toBeLessThan(300);
    [39, 79, 158, 316].forEach((least, i) => expect(gaps[i]).toBeGreaterThanOrEqual(least));
  });

  it('starts the backoff over after a connection that stayed up more than 30 s', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.99);
    const master = await testMaster();
    const { stream, count } = eventStream({ url: master.url, backoff: { initialMs: 150, maxMs: 5_000 } });
    stream.start();
    for (let drop = 1; drop <= 2; drop++) {
      await until(() => count('connected') === drop);
      master.connections[drop - 1]?.terminate();
    }
    await until(() => count('connected') === 3);
    // this third connection "lasts" 31 s
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 31_000);
    master.connections[2]?.terminate();
    await until(() => count('connected') === 4);

    const [first = 0, second = 0, third = 0, fourth = 0] = master.attempts;
    // ceilings 150 then 300 after short connections; after the long one 150 again, not 600
    expect(second - first).toBeGreaterThanOrEqual(140);
    expect(third - second).toBeGreaterThanOrEqual(290);
    expect(fourth - third).toBeGreaterThanOrEqual(140);
    expect(fourth - third).toBeLessThan(500);
  });

  it('closes and reconnects when the master stops answering pings', async () => {
    const master = await testMaster();
    const { stream, log, count } = eventStream({ url: master.url, pingIntervalMs: 80, backoff: { initialMs: 10, maxMs: 50 } });
    stream.start();
    await until(() => count('connected') === 1);
    await sleep(450);
    const pings = master.frames.filter(({ frame }) => frame.cmd === 'ping');
    expect(pings.length).toBeGreaterThanOrEqual(3);
    expect(pings.every(({ frame }) => typeof frame._id === 'number')).toBe(true);
    expect(count('disconnected')).toBe(0);

    master.answerPings = false;
    const silentSince = Date.now();
    await until(() => count('disconnected') === 1);
    expect(Date.now() - silentSince).toBeLessThan(1_000);
    expect(String(log.find((entry) => entry.name === 'disconnected')?.value)).toMatch(/no pong within 80 ms/);
    await until(() => count('connected') === 2);
    expect(master.connections).toHaveLength(2);
  });

  it('switches to polling after N refused connects, ticks, and comes back when /ws answers', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/`;
    const { stream, log, lines, count } = eventStream({
      url,
      backoff: { initialMs: 10, maxMs: 300 },
      wsFailuresBeforePolling: 3,
      pollIntervalMs: 40,
    });
    stream.start();
    await until(() => count('tick') >= 3);

    expect(stream.mode).toBe('polling');
    expect(log[0]).toEqual({ name: 'mode', value: 'polling' });
    expect(count('connected')).toBe(0);
    const warning = lines.find((line) => line.level === WARN);
    expect(warning?.msg).toMatch(/polling/);
    expect(String(warning?.reason)).toMatch(/^3 failed connects/);

    const master = await testMaster({ port });
    await until(() => count('connected') === 1, 3_000);
    const names = log.map((entry) => entry.name);
    expect(names.slice(-2)).toEqual(['mode', 'connected']);
    expect(log.at(-2)?.value).toBe('websocket');
    expect(stream.mode).toBe('websocket');
    expect(master.connections).toHaveLength(1);
    const ticks = count('tick');
    await sleep(150);
    expect(count('tick')).toBe(ticks);
  });

  it('polls from the start when no WebSocket class is available', async () => {
    const master = await testMaster();
    const { stream, count } = eventStream({
      url: master.url,
      pollIntervalMs: 30,
      WebSocketImpl: {} as unknown as EventStreamOptions['WebSocketImpl'],
    });
    stream.start();
    await until(() => count('tick') >= 3);
    expect(stream.mode).toBe('polling');
    expect(master.attempts).toHaveLength(0);
  });
});

describe('stopping the event stream', () => {
  it('closes the connection cleanly and does nothing more', async () => {
    const master = await testMaster();
    const { stream, log, count } = eventStream({ url: master.url, pingIntervalMs: 30 });
    stream.start();
    await until(() => count('connected') === 1);
    const closed = new Promise<number>((resolve) => master.connections[0]?.once('close', (code) => resolve(code)));

    await stream.stop();

    expect(await closed).toBe(1000);
    expect(stream.isConnected()).toBe(false);
    expect(log.at(-1)).toEqual({ name: 'disconnected', value: 'stopped' });
    const framesAtStop = master.frames.length;
    await sleep(150);
    expect(master.frames.length).toBe(framesAtStop);
    expect(master.connections).toHaveLength(1);
  });

  it('cancels pending reconnects and polling ticks', async () => {
    const port = await closedPort();
    const { stream, count } = eventStream({ url: `http://127.0.0.1:${port}/`, backoff: { initialMs: 10, maxMs: 40 }, wsFailuresBeforePolling: 2, pollIntervalMs: 20 });
    stream.start();
    await until(() => count('tick') >= 2);
    await stream.stop();
    const ticks = count('tick');
    const master = await testMaster({ port });
    await sleep(150);
    expect(count('tick')).toBe(ticks);
    expect(master.attempts).toHaveLength(0);
  });

  // A separate process shows what vitest cannot: nothing (socket, timer) keeps Node alive.
  const child = fileURLToPath(new URL('./support/event-stream-stop-child.ts', import.meta.url));
  async function runChild(url: string, waitFor: 'connected' | 'tick' | 'backoff'): Promise<{ code: number | null; output: string; exitMs: number }> {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, url, waitFor], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stoppedAt = 0;
    proc.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!stoppedAt && output.includes('stopped')) stoppedAt = Date.now();
    });
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const killer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    const code = await new Promise<number | null>((resolve) => proc.once('exit', (exitCode) => resolve(exitCode)));
    clearTimeout(killer);
    return { code, output, exitMs: Date.now() - stoppedAt };
  }

  it('lets a process exit on its own after stop() while connected', async () => {
    const master = await testMaster();
    const result = await runChild(master.url, 'connected');
    expect(result.output).toContain('stopped');
    expect(result.code).toBe(0);
    expect(result.exitMs).toBeLessThan(3_000);
  });

  it('lets a process exit on its own after stop() in polling mode and during a backoff wait', async () => {
    const port = await closedPort();
    for (const waitFor of ['tick', 'backoff'] as const) {
      const result = await runChild(`http://127.0.0.1:${port}/`, waitFor);
      expect(result.output).toContain('stopped');
      expect(result.code).toBe(0);
      expect(result.exitMs).toBeLessThan(3_000);
    }
  });
});

describe('event stream against the fake master', () => {
  it('reports a build start and end and worker changes', async () => {
    const fake = await startFakeMaster();
    cleanup.push(() => fake.close());
    const { stream, events, count } = eventStream({ url: fake.url });
    stream.start();
    await until(() => count('connected') === 1);

    const build = fake.startBuild({ builder: 'fast-fail', durationMs: 30 });
    await until(() => events.some((event) => event.kind === 'build-finished'));
    fake.disconnectWorker('worker1');
    fake.reportWorkerMissing('worker1');
    fake.connectWorker('worker1');
    await until(() => events.length === 5);

    expect(events.map((event) => event.kind)).toEqual(['build-new', 'build-finished', 'worker-disconnected', 'worker-missing', 'worker-connected']);
    const [started, finished, , missing] = events;
    expect(started?.kind === 'build-new' && started.build).toMatchObject({ buildid: build.buildid, complete: false, results: null });
    expect(finished?.kind === 'build-finished' && finished.build).toMatchObject({ buildid: build.buildid, complete: true, results: 2 });
    expect(missing?.kind === 'worker-missing' && missing.worker).toMatchObject({ name: 'worker1' });
  });
});
