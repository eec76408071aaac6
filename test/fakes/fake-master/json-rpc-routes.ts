/**
 * POST /api/v2/...: JSON-RPC 2.0 control calls as buildbot/www/rest.py (3.7) checks and
 * answers them, with the force scheduler's validation (forcesched.py) and build stop
 * (data/builds.py). Only `force` and `stop` do something; other paths or methods answer as
 * Buildbot does for an unsupported action (501, -32601).
 */
import type { SessionUser } from './auth.js';
import type { BuildRunner } from './build-runner.js';
import { validateForce } from './force-form.js';
import type { MasterState } from './master-state.js';
import type { Properties } from './model.js';
import { compactSortedJson, pythonJson } from './python-json.js';

export interface RpcAnswer {
  status: number;
  text: string;
}

export interface RpcContext {
  state: MasterState;
  runner: BuildRunner;
  /** null: anonymous */
  user: SessionUser | null;
  /** Control calls need role 'admins' (BB_AUTH=control|all). */
  controlNeedsLogin: boolean;
}

const CODES = { parse: -32700, invalidRequest: -32600, methodNotFound: -32601, invalidParams: -32602, internal: -32603 };

class RpcFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly detail: unknown,
  ) {
    super(typeof detail === 'string' ? detail : 'validation failed');
  }
}

export function answerJsonRpc(ctx: RpcContext, segments: string[], contentType: string | undefined, body: string): RpcAnswer {
  const reply: Record<string, unknown> = { jsonrpc: '2.0' };
  try {
    const call = decode(contentType, body);
    reply.id = call.id;
    if (ctx.controlNeedsLogin && !ctx.user?.roles.includes('admins')) {
      throw new RpcFailure(403, CODES.invalidRequest, "you need to have role 'admins'");
    }
    // www/rest.py: the session's user replaces any `owner` the caller sent.
    const owner = ctx.user ? ctx.user.email || ctx.user.username : 'anonymous';
    const result = control(ctx, segments, call.method, { ...call.params, owner });
    return { status: 200, text: compactSortedJson({ ...reply, result }) };
  } catch (error) {
    if (!(error instanceof RpcFailure)) throw error;
    return { status: error.status, text: pythonJson({ ...reply, error: { code: error.code, message: error.detail } }) };
  }
}

function decode(contentType: string | undefined, body: string): { method: string; id: unknown; params: Record<string, unknown> } {
  if ((contentType ?? '').split(';')[0]?.trim().toLowerCase() !== 'application/json') {
    throw new RpcFailure(400, CODES.invalidRequest, 'Invalid content-type (use application/json)');
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new RpcFailure(400, CODES.parse, `JSON parse error: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (Array.isArray(data)) throw new RpcFailure(400, CODES.invalidRequest, 'JSONRPC batch requests are not supported');
  if (typeof data !== 'object' || data === null) throw new RpcFailure(400, CODES.invalidRequest, 'JSONRPC root object must be an object');
  const fields = data as Record<string, unknown>;
  const check = (name: string, ok: (v: unknown) => boolean, typename: string) => {
    if (!(name in fields)) throw new RpcFailure(400, CODES.invalidRequest, `missing key '${name}'`);
    if (!ok(fields[name])) throw new RpcFailure(400, CODES.invalidRequest, `'${name}' must be ${typename}`);
  };
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  check('jsonrpc', (v) => typeof v === 'string', 'a string');
  check('method', (v) => typeof v === 'string', 'a string');
  check('id', (v) => typeof v === 'string' || typeof v === 'number' || v === null, 'a string, number, or null');
  check('params', isObject, 'an object');
  if (fields.jsonrpc !== '2.0') throw new RpcFailure(400, CODES.invalidRequest, 'only JSONRPC 2.0 is supported');
  return { method: fields.method as string, id: fields.id, params: fields.params as Record<string, unknown> };
}

function control(ctx: RpcContext, [root, key, sub, subKey, ...rest]: string[], method: string, params: Record<string, unknown>): unknown {
  const invalidPath = () => new RpcFailure(404, CODES.invalidRequest, `Invalid path: ${[root, key, sub, subKey, ...rest].filter((s) => s !== undefined).join('/')}`);
  if (rest.length > 0 || key === undefined) throw invalidPath();
  if (root === 'forceschedulers' && sub === undefined) {
    if (method !== 'force') return null; // ForceSchedulerEndpoint.control ignores other actions
    return force(ctx, key, params);
  }
  let buildid: number | undefined;
  if (root === 'builds' && sub === undefined && /^\d+$/.test(key)) buildid = Number(key);
  if (root === 'builders' && sub === 'builds' && subKey !== undefined && /^\d+$/.test(subKey)) {
    const builder = ctx.state.builderByKey(key);
    buildid = ctx.state.builds.find((b) => b.builderid === builder?.builderid && b.number === Number(subKey))?.buildid;
    if (buildid === undefined) throw new RpcFailure(500, CODES.internal, `TypeError("'NoneType' object is not subscriptable")`);
  }
  if (buildid === undefined) throw invalidPath();
  if (method !== 'stop') throw new RpcFailure(501, CODES.methodNotFound, `action: ${method} is not supported`);
  // Stop answers null for any build id, running, finished or unknown (README).
  ctx.runner.stop(buildid, typeof params.reason === 'string' ? params.reason : 'no reason');
  return null;
}

function force(ctx: RpcContext, schedulerName: string, params: Record<string, unknown>): unknown {
  const { state } = ctx;
  const scheduler = state.forceSchedulers.find((s) => s.name === schedulerName);
  if (!scheduler) throw new RpcFailure(500, CODES.internal, `AttributeError("'NoneType' object has no attribute 'force'")`);
  const { owner, builderNames, builderid, ...fields } = params;
  let names: string[];
  if (Array.isArray(builderNames)) {
    names = scheduler.builderNames.filter((n) => builderNames.includes(n)).sort();
  } else if (builderid !== undefined && builderid !== null) {
    // Not checked against the scheduler's builders (README: force-slow started fast-pass).
    const builder = state.builderByKey(String(builderid));
    if (!builder) throw new RpcFailure(500, CODES.internal, `TypeError("'NoneType' object is not subscriptable")`);
    names = [builder.name];
  } else {
    names = scheduler.builderNames;
  }
  if (names.length === 0) throw new RpcFailure(500, CODES.internal, `KeyError('builderNames not specified or not supported')`);
  const checked = validateForce(state.form, fields, owner === 'anonymous' ? null : String(owner));
  if (!checked.ok) throw new RpcFailure(400, CODES.invalidParams, checked.errors);
  const formProperties: Properties = {};
  for (const [name, value] of Object.entries(checked.properties)) formProperties[name] = [value, 'Force Build Form'];
  formProperties.reason = [checked.reason, 'Force Build Form'];
  formProperties.owner = [checked.owner, 'Force Build Form'];
  const ss = checked.sourcestamp;
  const { bsid, requests } = ctx.runner.submit({
    builderids: names.flatMap((n) => state.builderByName(n)?.builderid ?? []),
    reason: `A build was forced by '${String(checked.owner)}': ${String(checked.reason)}`,
    scheduler: scheduler.name,
    sourcestamp: {
      branch: (ss.branch as string | null) ?? null, codebase: '', patch: null, project: String(ss.project ?? ''),
      repository: String(ss.repository ?? ''), revision: (ss.revision as string | null) ?? null,
    },
    plan: { properties: formProperties, changeids: [] },
  });
  return [bsid, requests];
}
