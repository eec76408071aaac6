/**
 * The harness for tests with several masters and networks, checked: master B (started on
 * demand by sharedMasterB) beside the shared master A, the second ngircd of the global setup,
 * and TcpGates in front of a master, as a failover test puts two of them.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { builderSchema, masterConfigSchema, workerSchema } from '../../src/buildbot/schemas.js';
import { FAILURE, SUCCESS } from '../../src/buildbot/results.js';
import { RawIrcClient } from '../support/raw-irc-client.js';
import { TcpGate } from '../support/tcp-gate.js';
import { forceBuildAndWait, getJson, getList } from './support/buildbot-rest.js';
import { sharedMasterB } from './support/shared-master-b.js';
import { runningMaster, type TestMaster } from './support/test-master.js';

const urlA = inject('buildbotUrl');
let masterB: TestMaster;

beforeAll(async () => {
  masterB = await sharedMasterB();
}, 180_000);

async function tagsByName(url: string): Promise<Record<string, string[]>> {
  const builders = await getList(url, 'builders', 'builders', builderSchema);
  return Object.fromEntries(builders.map((b) => [b.name, b.tags]));
}

async function title(url: string): Promise<string | null> {
  const response = await fetch(new URL('config', url));
  return masterConfigSchema.parse(await response.json()).title;
}

describe('master B', () => {
  it('runs on ports of its own, and a later caller finds it running in its folder', async () => {
    expect(masterB.url).not.toBe(urlA);
    expect(masterB.dir).toBe(inject('buildbotDirB'));
    expect(await runningMaster(masterB.dir)).toEqual(masterB);
  });

  it('has builders of its own and common, which master A has too', async () => {
    expect(await tagsByName(masterB.url)).toEqual({
      'b-pass': ['b'],
      'b-fail': ['b'],
      'b-slow': ['b', 'slow'],
      common: ['common'],
    });
    const onA = await tagsByName(urlA);
    expect(onA.common).toEqual(['common']);
    expect(Object.keys(onA).filter((name) => name.startsWith('b-'))).toEqual([]);
  });

  it('has its own title and its own worker', async () => {
    expect(await title(masterB.url)).toBe('buildbot-chat test master B');
    expect(await title(urlA)).toBe('buildbot-chat test master');
    const workers = await getList(masterB.url, 'workers', 'workers', workerSchema);
    expect(Object.fromEntries(workers.map((w) => [w.name, w.connected_to.length > 0]))).toEqual({ 'worker-b': true });
  });

  it('runs forced builds of its builders to their results', async () => {
    expect(await forceBuildAndWait(masterB.url, 'b-pass')).toMatchObject({ complete: true, results: SUCCESS });
    expect(await forceBuildAndWait(masterB.url, 'b-fail')).toMatchObject({
      complete: true,
      results: FAILURE,
      state_string: 'failed test (failure)',
    });
    expect(await forceBuildAndWait(masterB.url, 'common')).toMatchObject({ complete: true, results: SUCCESS });
  });

  it('runs common on master A too, where result=fail fails it', async () => {
    expect(await forceBuildAndWait(urlA, 'common', { result: 'fail' })).toMatchObject({
      complete: true,
      results: FAILURE,
      state_string: 'failed check (failure)',
    });
  });
});

describe('second IRC server', () => {
  it('welcomes a client, as the first one does, on a port of its own', async () => {
    expect(inject('ircPortB')).not.toBe(inject('ircPort'));
    const clients = await Promise.all([
      RawIrcClient.connect(inject('ircHost'), inject('ircPort'), 'harness-net-a'),
      RawIrcClient.connect(inject('ircHostB'), inject('ircPortB'), 'harness-net-b'),
    ]);
    try {
      // each server knows only its own client
      const [onA, onB] = clients;
      onA?.raw('ISON harness-net-a harness-net-b');
      expect((await onA?.waitFor((l) => l.command === '303'))?.params[1]?.trim()).toBe('harness-net-a');
      onB?.raw('ISON harness-net-a harness-net-b');
      expect((await onB?.waitFor((l) => l.command === '303'))?.params[1]?.trim()).toBe('harness-net-b');
    } finally {
      await Promise.all(clients.map((client) => client.quit()));
    }
  });
});

describe('TCP gates in front of a master', () => {
  let first: TcpGate;
  let second: TcpGate;
  const target = { host: '127.0.0.1', port: Number(new URL(urlA).port) };

  beforeAll(async () => {
    first = await TcpGate.start(target);
    second = await TcpGate.start(target);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  /** A keep-alive HTTP connection through GATE that has had one answer. */
  async function openConnection(gate: TcpGate): Promise<Socket> {
    const socket = connect(gate.port, gate.host);
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('data', () => resolve());
      socket.write(`GET /api/v2/masters HTTP/1.1\r\nHost: ${gate.host}:${gate.port}\r\nConnection: keep-alive\r\n\r\n`);
    });
    return socket;
  }

  it('forwards, cuts (refusing new connections and closing open ones) and reopens on the same port', async () => {
    expect(await tagsByName(first.url())).toEqual(await tagsByName(urlA));
    expect(first.connections).toBeGreaterThan(0);
    const open = await openConnection(first);
    const closed = new Promise<void>((resolve) => open.once('close', () => resolve()));

    await first.cut();
    await closed;
    await expect(getJson(first.url(), 'masters')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    // the other gate to the same master still answers
    expect(await tagsByName(second.url())).toEqual(await tagsByName(urlA));

    await first.open();
    expect(await tagsByName(first.url())).toEqual(await tagsByName(urlA));
  });

  it('while shut, accepts and drops new connections but keeps the open ones', async () => {
    const open = await openConnection(second);
    second.shut();
    try {
      // a new connection gets no answer, only its end
      const fresh = connect(second.port, second.host);
      const received: Buffer[] = [];
      fresh.on('data', (data: Buffer) => received.push(data));
      await new Promise<void>((resolve) => fresh.once('close', () => resolve()));
      expect(Buffer.concat(received).toString('utf8')).toBe('');
      const answered = new Promise<string>((resolve) => open.once('data', (data: Buffer) => resolve(data.toString('utf8'))));
      open.write(`GET /api/v2/masters HTTP/1.1\r\nHost: ${second.host}:${second.port}\r\n\r\n`);
      expect(await answered).toMatch(/^HTTP\/1\.1 200 /);
    } finally {
      open.destroy();
      await second.open();
    }
    expect(await tagsByName(second.url())).toEqual(await tagsByName(urlA));
  });
});
