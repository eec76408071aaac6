/**
 * Just enough of Buildbot's REST API for end-to-end tests to set the scene on the real test
 * master: read a collection, force a build and wait for its end, post a change. The bot under
 * test has its own client; this one stays independent of it on purpose, so a bug there cannot
 * hide itself here. Requests go through undici's `request`.
 */
import { request } from 'undici';
import { z } from 'zod';
import { buildSchema, type Build } from '../../../src/buildbot/schemas.js';

/** Anonymous forces need a "Name <email>" username (Buildbot 3.7 validates it). */
const TEST_USER = 'e2e test <e2e@example.invalid>';

interface CallInit {
  method: 'GET' | 'POST';
  json?: unknown;
  form?: URLSearchParams;
}

async function call(baseUrl: string, path: string, init: CallInit): Promise<string> {
  const url = new URL(path, baseUrl);
  const headers: Record<string, string> = {};
  let body: string | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = init.form.toString();
  }
  const answer = await request(url, { method: init.method, headers, body });
  const text = await answer.body.text();
  if (answer.statusCode !== 200) {
    throw new Error(`${init.method} ${url.pathname}${url.search}: HTTP ${answer.statusCode} ${text.slice(0, 500)}`);
  }
  return text;
}

/** GET /api/v2/PATH and parse the JSON answer. */
export async function getJson(baseUrl: string, path: string): Promise<unknown> {
  return JSON.parse(await call(baseUrl, `api/v2/${path}`, { method: 'GET' })) as unknown;
}

/** GET a collection (`{"<key>": [...], "meta": ...}`) and validate each item. */
export async function getList<T>(baseUrl: string, path: string, key: string, item: z.ZodType<T>): Promise<T[]> {
  const answer = z.record(z.string(), z.unknown()).parse(await getJson(baseUrl, path));
  return z.array(item).parse(answer[key]);
}

export interface ForceOptions {
  /** Default: the builder's own `force-<builder>`. */
  scheduler?: string;
  reason?: string;
  branch?: string;
  revision?: string;
  /** Seconds, for `slow` and `mixed`. */
  duration?: number;
  result?: 'auto' | 'pass' | 'warn' | 'fail';
  clean?: boolean;
}

const forceAnswerSchema = z.object({
  result: z.tuple([z.number().int(), z.record(z.string(), z.number().int())]),
});

/** Forces one build of BUILDER; resolves to its build request id. */
export async function forceBuild(baseUrl: string, builder: string, options: ForceOptions = {}): Promise<number> {
  const { scheduler = `force-${builder}`, duration, ...rest } = options;
  const params = {
    username: TEST_USER,
    // forces only this builder even through a scheduler that has several (force-fast)
    builderNames: [builder],
    ...rest,
    ...(duration === undefined ? {} : { duration: String(duration) }),
  };
  const text = await call(baseUrl, `api/v2/forceschedulers/${encodeURIComponent(scheduler)}`, {
    method: 'POST',
    json: { jsonrpc: '2.0', method: 'force', id: 1, params },
  });
  const requests = Object.values(forceAnswerSchema.parse(JSON.parse(text)).result[1]);
  const [brid] = requests;
  if (requests.length !== 1 || brid === undefined) {
    throw new Error(`forcing ${builder} through ${scheduler} made ${requests.length} build requests: ${text}`);
  }
  return brid;
}

const buildRequestSchema = z.object({
  buildrequestid: z.number().int(),
  complete: z.boolean(),
  results: z.number().int(),
});

export interface WaitOptions {
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Waits until build request BRID is complete and resolves to its (last) build. Rejects when the
 * request ends without a build (merged, cancelled) or is still open after `timeoutMs`.
 */
export async function waitForBuild(baseUrl: string, brid: number, options: WaitOptions = {}): Promise<Build> {
  const { timeoutMs = 60_000, pollMs = 250 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [req] = await getList(baseUrl, `buildrequests/${brid}`, 'buildrequests', buildRequestSchema);
    if (req?.complete) {
      const builds = await getList(baseUrl, `builds?buildrequestid=${brid}&order=-number&limit=1`, 'builds', buildSchema);
      const [build] = builds;
      if (!build) throw new Error(`build request ${brid} completed (results ${req.results}) without a build`);
      return build;
    }
    if (Date.now() > deadline) throw new Error(`build request ${brid} not complete after ${timeoutMs} ms`);
    await new Promise((wake) => setTimeout(wake, pollMs));
  }
}

/** forceBuild, then waitForBuild. */
export async function forceBuildAndWait(
  baseUrl: string,
  builder: string,
  options: ForceOptions & WaitOptions = {},
): Promise<Build> {
  const { timeoutMs, pollMs, ...force } = options;
  const brid = await forceBuild(baseUrl, builder, force);
  return waitForBuild(baseUrl, brid, { timeoutMs, pollMs });
}

export interface ChangeFields {
  author: string;
  comments: string;
  /** A change on `main` starts `fast-pass` (scheduler on-change). */
  branch: string;
  revision: string;
  repository?: string;
  project?: string;
  files?: string[];
}

/** POST /change_hook/base; resolves to the hook's reply ("1 change found"). */
export async function postChange(baseUrl: string, change: ChangeFields): Promise<string> {
  const { files, ...fields } = change;
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  if (files) form.set('files', JSON.stringify(files));
  return call(baseUrl, 'change_hook/base', { method: 'POST', form });
}

/**
 * The builds the master started for the change with REVISION (changes/ID/builds), by builder
 * name, once `count` of them are complete: other tests force the same builders meanwhile, so
 * "the next fast-pass build" is not necessarily this change's.
 */
export async function completedBuildsOfChange(baseUrl: string, revision: string, count: number, timeoutMs = 120_000): Promise<Map<string, number>> {
  const deadline = Date.now() + timeoutMs;
  const builderNames = new Map<number, string>();
  for (;;) {
    const [change] = await getList(baseUrl, `changes?revision=${encodeURIComponent(revision)}`, 'changes', z.object({ changeid: z.number().int() }));
    const builds = change
      ? await getList(baseUrl, `changes/${change.changeid}/builds`, 'builds', z.object({ builderid: z.number().int(), number: z.number().int(), complete: z.boolean() }))
      : [];
    const complete = builds.filter((b) => b.complete);
    if (complete.length >= count) {
      for (const build of complete) {
        if (!builderNames.has(build.builderid)) {
          const [builder] = await getList(baseUrl, `builders/${build.builderid}`, 'builders', z.object({ name: z.string() }));
          builderNames.set(build.builderid, builder?.name ?? String(build.builderid));
        }
      }
      return new Map(complete.map((b) => [builderNames.get(b.builderid) ?? String(b.builderid), b.number]));
    }
    if (Date.now() > deadline) throw new Error(`the change ${revision} has ${complete.length} of ${count} builds complete after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export const pendingRequestSchema = z.object({
  buildrequestid: z.number().int(),
  builderid: z.number().int(),
  claimed: z.boolean(),
  complete: z.boolean(),
  results: z.number().int(),
});
export type PendingRequest = z.infer<typeof pendingRequestSchema>;

/** One build request as the master holds it now. */
export async function getBuildRequest(baseUrl: string, brid: number): Promise<PendingRequest | undefined> {
  const [request] = await getList(baseUrl, `buildrequests/${brid}`, 'buildrequests', pendingRequestSchema);
  return request;
}

/** Cancels every request of BUILDER still waiting (a clean queue before a test counts it). */
export async function cancelWaitingRequests(baseUrl: string, builder: string): Promise<void> {
  const [found] = await getList(baseUrl, `builders/${encodeURIComponent(builder)}`, 'builders', z.object({ builderid: z.number().int() }));
  if (!found) throw new Error(`no builder ${builder} on the master`);
  const waiting = await getList(baseUrl, `buildrequests?builderid=${found.builderid}&complete=false&claimed=false`, 'buildrequests', pendingRequestSchema);
  for (const request of waiting) {
    await call(baseUrl, `api/v2/buildrequests/${request.buildrequestid}`, {
      method: 'POST',
      json: { jsonrpc: '2.0', method: 'cancel', id: 1, params: { reason: 'e2e: clean queue' } },
    });
  }
}

let lonelyChanges = 0;

/**
 * A change by `author` on branch `people`, which starts fast-fail (it fails) and fast-pass. It
 * gets a repository of its own: Buildbot's blamelist is every change since the builder's last
 * success (db/changes.py getChangesForBuild, following parent changes of the same branch and
 * repository), and fast-fail never succeeds; without a parent the blamelist is this change.
 */
export async function postLonelyChange(baseUrl: string, author: string): Promise<void> {
  lonelyChanges += 1;
  const unique = `c${lonelyChanges}-${process.pid}-${Date.now()}`;
  await postChange(baseUrl, { author, comments: `change ${lonelyChanges} by ${author}`, branch: 'people', revision: unique, repository: `https://example.org/${unique}.git` });
}
