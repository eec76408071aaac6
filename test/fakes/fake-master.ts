/**
 * An in-process fake of the Buildbot 3.7 test master (docs/buildbot-api.md), on
 * 127.0.0.1 and a free port: REST /api/v2, JSON-RPC force and stop, /config, optional login,
 * and /ws events, with the same shapes as the real one so that end-to-end tests can run the
 * same code against test/master/. Tests drive it through the control methods below.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FakeAuth, type AuthMode } from './fake-master/auth.js';
import { BuildRunner } from './fake-master/build-runner.js';
import { testMasterSeed, type BuilderSeed, type MasterSeed } from './fake-master/default-seed.js';
import { EventHub } from './fake-master/event-hub.js';
import { readBody, recordOf, serveRequest, type RecordedRequest } from './fake-master/http-front.js';
import { MasterState } from './fake-master/master-state.js';
import type { BuilderRecord, BuildRecord, ChangeRecord, Properties, WorkerRecord } from './fake-master/model.js';

export type { RecordedRequest } from './fake-master/http-front.js';
export type { AuthMode } from './fake-master/auth.js';
export type { MasterSeed, BuilderSeed } from './fake-master/default-seed.js';
export { testMasterSeed } from './fake-master/default-seed.js';

export interface FakeMasterOptions {
  /** Builders, workers and schedulers; the real test master's by default. */
  seed?: MasterSeed;
  /** 'control': force and stop need a login (admin/admin-pass); 'all': reads too. */
  auth?: AuthMode;
  /** Lifetime of a login cookie (the JWT's exp); Buildbot's default is a week. */
  sessionTtlSeconds?: number;
  /** From a force to its build starting (default 30 ms). */
  buildStartDelayMs?: number;
  /** From a stop to the build ending CANCELLED (default 20 ms). */
  stopDelayMs?: number;
  /** How long builds of a builder run, by builder name, instead of the seed's durations. */
  durations?: Record<string, number>;
  /** Milliseconds since the epoch (the REST API shows Unix seconds). */
  clock?: () => number;
}

export interface StartBuildOptions {
  builder: string;
  /** 0 SUCCESS .. 6 CANCELLED; the builder's own outcome when omitted. */
  result?: number;
  /** null: runs until finishBuild/cancelBuild or a stop call. */
  durationMs?: number | null;
  stateString?: string;
  /** Force-form properties (value, source 'Force Build Form'), e.g. owner, reason. */
  properties?: Record<string, unknown>;
  worker?: string;
}

/** How the master fails: refuse connections, answer 503, or reset each connection. */
export type DownMode = 'refuse' | 'unavailable' | 'reset';

export interface FakeMaster {
  /** Web root with a trailing slash, e.g. http://127.0.0.1:40123/ */
  readonly url: string;
  readonly wsUrl: string;
  readonly state: MasterState;
  /** Every HTTP request received, in order. */
  readonly requests: RecordedRequest[];
  /** Every /ws event published, in order. */
  readonly events: { k: string; m: unknown }[];
  readonly auth: FakeAuth;
  readonly hub: EventHub;
  clearRequests(): void;
  builder(name: string): BuilderRecord;
  addBuilder(seed: Partial<BuilderSeed> & { name: string }): BuilderRecord;
  addChange(change: Partial<ChangeRecord>): ChangeRecord;
  startBuild(options: StartBuildOptions): BuildRecord;
  finishBuild(buildid: number, result: number, stateString?: string): BuildRecord;
  cancelBuild(buildid: number, reason: string): BuildRecord;
  build(buildid: number): BuildRecord | undefined;
  connectWorker(name: string): void;
  disconnectWorker(name: string): void;
  reportWorkerMissing(name: string): void;
  /** The next `count` requests fail: with this HTTP status, or by resetting the connection. */
  failNext(count: number, failure?: number | 'reset'): void;
  down(mode?: DownMode): Promise<void>;
  up(): Promise<void>;
  dropWebSockets(): void;
  close(): Promise<void>;
}

export async function startFakeMaster(options: FakeMasterOptions = {}): Promise<FakeMaster> {
  const clock = options.clock ?? Date.now;
  const state = new MasterState(options.seed ?? testMasterSeed(), clock);
  const hub = new EventHub();
  const runner = new BuildRunner(state, hub, {
    buildStartDelayMs: options.buildStartDelayMs ?? 30,
    stopDelayMs: options.stopDelayMs ?? 20,
    durations: options.durations ?? {},
  });
  const auth = new FakeAuth(options.auth ?? 'none', {
    sessionTtlSeconds: options.sessionTtlSeconds ?? 7 * 24 * 3600,
    nowSeconds: () => state.nowSeconds(),
  });
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const failures: (number | 'reset')[] = [];
  let downMode: DownMode | null = null;
  let port = 0;
  const url = () => `http://127.0.0.1:${port}/`;

  const addChange = (change: Partial<ChangeRecord>): ChangeRecord => {
    const now = state.nowSeconds();
    const record: ChangeRecord = {
      author: '', branch: null, category: null, changeid: state.nextId('change'), codebase: '', comments: '', committer: null,
      files: [], parent_changeids: [], project: '', properties: {}, repository: '', revision: null, revlink: '', when_timestamp: now,
      ...change,
      sourcestamp: {
        branch: change.branch ?? null, codebase: change.codebase ?? '', created_at: now, patch: null, project: change.project ?? '',
        repository: change.repository ?? '', revision: change.revision ?? null, ssid: state.nextId('sourcestamp'),
      },
    };
    state.changes.push(record);
    hub.publish(`changes/${record.changeid}/new`, record);
    if (record.branch === 'main' && state.changeBuilders.length > 0) {
      const { branch, codebase, project, repository, revision } = record.sourcestamp;
      runner.submit({
        builderids: state.changeBuilders.flatMap((name) => state.builderByName(name)?.builderid ?? []),
        reason: "The SingleBranchScheduler scheduler named 'on-change' triggered this build",
        scheduler: 'on-change',
        sourcestamp: { branch, codebase, patch: null, project, repository, revision },
        plan: { properties: {}, changeids: [record.changeid] },
      });
    }
    return record;
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      const parsed = new URL(request.url ?? '/', url());
      requests.push(recordOf(request, parsed, text));
      const failure = downMode === 'unavailable' ? 503 : downMode === 'reset' ? 'reset' : failures.shift();
      if (failure === 'reset') {
        request.socket.destroy();
      } else if (failure !== undefined) {
        response.writeHead(failure, { 'content-type': 'text/html' });
        response.end(`<html><body><h1>${failure} Service Unavailable</h1></body></html>`);
      } else {
        serveRequest({ state, runner, auth, url, addChange: (fields) => addChange(changeFromHook(fields)) }, request, response, parsed, text);
      }
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`fake master crashed: ${error instanceof Error ? error.stack : String(error)}`);
    });
  });
  // Node closes an idle keep-alive socket after 5 s; a client that picks that socket in the
  // same stalled event-loop turn gets ECONNRESET. Twisted, which serves a real master, keeps
  // an idle connection for 60 s (twisted.web.http.HTTPFactory's timeout), longer than the
  // clients here keep theirs, so the client always closes first; the fake does the same.
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', url()).pathname === '/ws' && downMode === null) hub.upgrade(request, socket, head);
    else socket.destroy();
  });

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  await listen();

  const builder = (name: string): BuilderRecord => {
    const found = state.builderByName(name);
    if (!found) throw new Error(`fake master: no builder '${name}'`);
    return found;
  };
  const worker = (name: string): WorkerRecord => {
    const found = state.workerByName(name);
    if (!found) throw new Error(`fake master: no worker '${name}'`);
    return found;
  };

  return {
    get url() {
      return url();
    },
    get wsUrl() {
      return `ws://127.0.0.1:${port}/ws`;
    },
    state,
    requests,
    events: hub.published,
    auth,
    hub,
    clearRequests: () => void requests.splice(0),
    builder,
    addBuilder: (seed) =>
      state.addBuilder({
        tags: [], workers: ['worker1'], behaviour: { steps: [{ name: 'compile', weight: 1 }], durationMs: 100, outcome: () => ({ results: 0 }) },
        ...seed,
      }),
    addChange,
    startBuild(opts) {
      const target = builder(opts.builder);
      const runOn = opts.worker ? worker(opts.worker) : state.workers.find((w) => w.connected && w.builderids.includes(target.builderid));
      if (!runOn) throw new Error(`fake master: no connected worker for '${opts.builder}'`);
      const properties: Properties = {};
      for (const [name, value] of Object.entries(opts.properties ?? {})) properties[name] = [value, 'Force Build Form'];
      const { requests: made } = runner.submit(
        {
          builderids: [target.builderid], reason: 'started by the test', scheduler: `force-${target.name}`,
          sourcestamp: { branch: 'main', codebase: '', patch: null, project: '', repository: '', revision: null },
          plan: { properties, changeids: [], override: { results: opts.result, stateString: opts.stateString, durationMs: opts.durationMs } },
        },
        { dispatch: false },
      );
      const request = state.request(made[String(target.builderid)] ?? -1);
      if (!request) throw new Error('fake master: request not created');
      return runner.start(request, runOn);
    },
    finishBuild: (buildid, result, stateString) => runner.finish(buildid, result, stateString === undefined ? {} : { stateString }),
    cancelBuild: (buildid, reason) => runner.finish(buildid, 6, { cancelReason: reason }),
    build: (buildid) => state.build(buildid),
    connectWorker: (name) => runner.setWorkerConnected(worker(name), true),
    disconnectWorker: (name) => runner.setWorkerConnected(worker(name), false),
    reportWorkerMissing: (name) => runner.workerMissing(worker(name)),
    failNext(count, failure = 503) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    async down(mode = 'refuse') {
      downMode = mode;
      hub.dropAll();
      if (mode === 'refuse') await stopListening();
    },
    async up() {
      const wasRefusing = downMode === 'refuse';
      downMode = null;
      if (wasRefusing) await listen();
    },
    dropWebSockets: () => hub.dropAll(),
    async close() {
      runner.stopAll();
      await hub.close();
      if (server.listening) await stopListening();
    },
  };
}

/** POST /change_hook/base form fields (www/hooks/base.py): files is a JSON list. */
function changeFromHook(fields: Record<string, string>): Partial<ChangeRecord> {
  let files: string[] = [];
  try {
    const parsed: unknown = JSON.parse(fields.files ?? '[]');
    if (Array.isArray(parsed)) files = parsed.map(String);
  } catch {
    files = [];
  }
  return {
    author: fields.author ?? '', comments: fields.comments ?? '', branch: fields.branch ?? null, revision: fields.revision ?? null,
    repository: fields.repository ?? '', project: fields.project ?? '', files, revlink: fields.revlink ?? '',
    ...(fields.committer ? { committer: fields.committer } : {}),
    ...(fields.category ? { category: fields.category } : {}),
  };
}
