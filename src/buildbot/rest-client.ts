/**
 * BuildbotClient over the master's REST API (`/api/v2`, `/config`) and JSON-RPC control calls,
 * as verified on Buildbot 3.7 (docs/buildbot-api.md). Every answer is checked against the
 * zod schemas in schemas.ts; builders are looked up by name, never by an assumed id.
 */
import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { appendProperties, buildQueryParams } from './build-query.js';
import type { BuildbotClient, ForceRequest, ForceResult } from './client.js';
import { MasterRejectedError, MasterResponseError } from './errors.js';
import { rawForceSchedulerSchema, toForceScheduler } from './flatten-force-fields.js';
import { createTransport } from './http-transport.js';
import { observeTransport, type RequestSample } from './observe-transport.js';
import { LoginSession } from './login-session.js';
import { MasterConnection, type ClientLogger } from './master-connection.js';
import { resolveRetryPolicy, type RetryPolicy } from './retry-policy.js';

/**
 * Longest builder name asked for by name. Percent-encoded 4-byte characters take twelve bytes
 * each, so 1,000 characters stay under the 16 KB request line the master's web server reads
 * (master-connection.ts); no builder a person types about is longer.
 */
export const MAX_NAME_LENGTH = 1_000;
import {
  buildRequestSchema,
  buildSchema,
  builderSchema,
  buildsetSchema,
  logChunkSchema,
  logSchema,
  changeSchema,
  masterConfigSchema,
  masterSchema,
  stepSchema,
  workerSchema,
} from './schemas.js';

export type { ClientLogger } from './master-connection.js';

export interface BuildbotClientOptions {
  /** The master's web root, e.g. http://127.0.0.1:8010/ */
  url: string;
  /** Log in as this user (GET /auth/login) before control calls, and on 403. */
  user?: string;
  password?: string;
  logger?: ClientLogger;
  retry?: Partial<RetryPolicy>;
  /** Per HTTP exchange, connecting included. */
  timeoutMs?: number;
  /** undici dispatcher to send through (tests: an Agent of their own, or a MockAgent). */
  dispatcher?: Dispatcher;
  /** Told about every HTTP exchange with the master, for metrics. */
  onRequest?: (sample: RequestSample) => void;
}

const silentLogger: ClientLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A collection or single object answer: `{"<type>s": [...], "meta": {...}}`. */
function listOf<T extends z.ZodType>(plural: string, item: T): (json: unknown) => z.infer<T>[] {
  const schema = z.object({ [plural]: z.array(item) });
  return (json) => (schema.parse(json) as Record<string, z.infer<T>[]>)[plural] ?? [];
}

function firstOf<T extends z.ZodType>(plural: string, item: T): (json: unknown) => z.infer<T> | null {
  const list = listOf(plural, item);
  return (json) => list(json)[0] ?? null;
}

const forceResultSchema = z.tuple([z.number().int(), z.record(z.string(), z.number().int())]);

// Ids go into paths: refuse anything but a whole number (NaN, 1.5) before sending.
const path = {
  id: (value: number) => {
    if (!Number.isInteger(value)) throw new RangeError(`not an id: ${String(value)}`);
    return String(value);
  },
  name: (value: string) => encodeURIComponent(value),
};

function withQuery(target: string, params: URLSearchParams): string {
  const query = params.toString();
  return query === '' ? target : `${target}?${query}`;
}

/** The web root with a trailing slash, and with any user:password@ taken out of it. */
function normalizeBaseUrl(url: string): { baseUrl: string; user?: string; password?: string } {
  const parsed = new URL(url);
  const user = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.username = '';
  parsed.password = '';
  parsed.search = '';
  parsed.hash = '';
  const baseUrl = parsed.toString();
  return { baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`, ...(user ? { user } : {}), ...(password ? { password } : {}) };
}

export function createBuildbotClient(options: BuildbotClientOptions): BuildbotClient {
  const fromUrl = normalizeBaseUrl(options.url);
  const baseUrl = fromUrl.baseUrl;
  const user = options.user ?? fromUrl.user;
  const password = options.password ?? fromUrl.password;
  const logger = options.logger ?? silentLogger;
  const plainTransport = createTransport({ timeoutMs: options.timeoutMs ?? 15_000, ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}) });
  const transport = options.onRequest ? observeTransport(plainTransport, baseUrl, options.onRequest) : plainTransport;
  const session = user !== undefined && password !== undefined ? new LoginSession({ baseUrl, user, password, transport, logger }) : null;
  const master = new MasterConnection({ baseUrl, transport, retry: resolveRetryPolicy(options.retry), logger, session });

  return {
    baseUrl,

    // Not under /api/v2 (www/config.py); one plain object, not the list form.
    getMasterConfig: () => master.read('config', (json) => masterConfigSchema.parse(json)),

    listBuilders: () => master.read('api/v2/builders', listOf('builders', builderSchema)),

    // `?name=` rather than /builders/NAME: the path form only takes identifiers, and an
    // all-digit name there would be read as a builder id (data/builders.py pathPatterns).
    // A name longer than any the master holds is no builder; asking would only send a request
    // too long for its web server (see MAX_NAME_LENGTH).
    getBuilder: async (name) =>
      name.length > MAX_NAME_LENGTH ? null : master.readOptional(withQuery('api/v2/builders', new URLSearchParams({ name })), firstOf('builders', builderSchema)),

    getBuilderById: async (builderid) => master.readOptional(`api/v2/builders/${path.id(builderid)}`, firstOf('builders', builderSchema)),

    listWorkers: () => master.read('api/v2/workers', listOf('workers', workerSchema)),

    listBuilds: (query) => master.read(withQuery('api/v2/builds', buildQueryParams(query)), listOf('builds', buildSchema)),

    getBuild: async (buildid, properties) =>
      master.readOptional(withQuery(`api/v2/builds/${path.id(buildid)}`, appendProperties(new URLSearchParams(), properties)), firstOf('builds', buildSchema)),

    getBuildByNumber: async (builderid, number) =>
      master.readOptional(`api/v2/builders/${path.id(builderid)}/builds/${path.id(number)}`, firstOf('builds', buildSchema)),

    listSteps: async (buildid) => master.read(`api/v2/builds/${path.id(buildid)}/steps`, listOf('steps', stepSchema)),

    // Buildbot 3.7 picks the right N changes but answers them in the reverse of the order asked
    // for (db/changes.py getChanges returns reversed(...)): sort here, newest first.
    listChanges: async (limit) =>
      (await master.read(withQuery('api/v2/changes', new URLSearchParams({ order: '-changeid', limit: String(limit) })), listOf('changes', changeSchema))).sort(
        (a, b) => b.changeid - a.changeid,
      ),

    listBuildChanges: async (buildid) => master.read(`api/v2/builds/${path.id(buildid)}/changes`, listOf('changes', changeSchema)),

    listForceSchedulers: async () =>
      (await master.read('api/v2/forceschedulers', listOf('forceschedulers', rawForceSchedulerSchema))).map(toForceScheduler),

    listMasters: () => master.read('api/v2/masters', listOf('masters', masterSchema)),

    listBuildsForRequest: async (buildrequestid) =>
      master.read(`api/v2/buildrequests/${path.id(buildrequestid)}/builds`, listOf('builds', buildSchema)),

    async force(request: ForceRequest): Promise<ForceResult> {
      const target = `api/v2/forceschedulers/${path.name(request.scheduler)}`;
      // builderid last: it picks the builder, whatever the params say. `owner` is replaced
      // by the master anyway (www/rest.py renderJsonRpc).
      const { owner: _ignored, ...fields } = request.params;
      const params = { ...fields, builderid: request.builderid };
      const result = await master.control(target, 'force', params, `force a build with ${request.scheduler}`).catch((error: unknown) => {
        throw explainForceFailure(error, request);
      });
      const parsed = forceResultSchema.safeParse(result);
      if (!parsed.success) {
        throw new MasterResponseError('POST', `/${target}`, 200, `unexpected force result: ${JSON.stringify(result) ?? 'nothing'}`);
      }
      const [buildsetid, requests] = parsed.data;
      return { buildsetid, requests };
    },

    async stopBuild(buildid, reason) {
      await master.control(`api/v2/builds/${path.id(buildid)}`, 'stop', { reason }, `stop build ${buildid}`);
    },

    listBuildRequests: (query) => {
      const params = new URLSearchParams();
      if (query.builderid !== undefined) params.set('builderid', String(query.builderid));
      if (query.complete !== undefined) params.set('complete', String(query.complete));
      if (query.claimed !== undefined) params.set('claimed', String(query.claimed));
      return master.read(withQuery('api/v2/buildrequests', params), listOf('buildrequests', buildRequestSchema));
    },

    getBuildRequest: async (buildrequestid) =>
      master.readOptional(`api/v2/buildrequests/${path.id(buildrequestid)}`, firstOf('buildrequests', buildRequestSchema)),

    getBuildset: async (bsid) => master.readOptional(`api/v2/buildsets/${path.id(bsid)}`, firstOf('buildsets', buildsetSchema)),

    async cancelBuildRequest(buildrequestid, reason) {
      await master.control(`api/v2/buildrequests/${path.id(buildrequestid)}`, 'cancel', { reason }, `cancel build request ${buildrequestid}`);
    },

    async setWorkerPaused(workerid, paused, reason) {
      const method = paused ? 'pause' : 'unpause';
      await master.control(`api/v2/workers/${path.id(workerid)}`, method, { reason }, `${method} worker ${workerid}`);
    },

    listStepLogs: async (buildid, stepNumber) =>
      master.read(`api/v2/builds/${path.id(buildid)}/steps/${path.id(stepNumber)}/logs`, listOf('logs', logSchema)),

    // `contents` rather than `raw`: raw sends the whole log, however long, and drops the
    // h/o/e marks that tell Buildbot's own header lines from the step's output.
    readLogLines: async (logid, offset, limit) =>
      master.read(
        withQuery(`api/v2/logs/${path.id(logid)}/contents`, new URLSearchParams({ offset: String(offset), limit: String(limit) })),
        listOf('logchunks', logChunkSchema),
      ),
  };
}

/**
 * Buildbot reports an unknown scheduler or builder as a Python exception (HTTP 500, -32603);
 * say what it means instead.
 */
function explainForceFailure(error: unknown, request: ForceRequest): unknown {
  if (!(error instanceof MasterRejectedError) || error.status !== 500) return error;
  if (error.detail.includes("object has no attribute 'force'")) {
    return new MasterRejectedError(error.action, error.status, `there is no force scheduler named '${request.scheduler}'`);
  }
  if (error.detail.includes("'NoneType' object is not subscriptable")) {
    return new MasterRejectedError(error.action, error.status, `there is no builder with id ${request.builderid}`);
  }
  return error;
}
