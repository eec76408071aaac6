/**
 * GET /api/v2/...: the endpoints the bot reads, with Buildbot 3.7's answers (www/rest.py):
 * `{"<type>s": [...], "meta": {"total": N}}` for a collection (N = items returned), the same
 * list form with `"meta": {}` for one object, 404 `{"error": "Invalid path: ..."}` or
 * `{"error": "not found while getting from endpoint ..."}`, 400 for a bad query option.
 */
import { allFields } from './force-form.js';
import type { MasterState } from './master-state.js';
import { buildToRest, FIELDS, stepLog, workerToRest } from './model.js';
import { applyResultSpec, parseResultSpec, QueryError, selectFields } from './query.js';

export interface RestAnswer {
  status: number;
  body: unknown;
}

type Plural = keyof typeof FIELDS;

interface Resolved {
  plural: Plural;
  /** A collection's items, or a single object (null: not found). */
  items?: object[];
  item?: object | null;
  /** Path patterns and arguments, for the 404 text. */
  patterns?: string;
  args?: Record<string, unknown>;
  properties?: boolean;
  /** Buildbot 3.7's /changes answers in the reverse of the order asked for (db/changes.py). */
  reversed?: boolean;
}

const isId = (s: string | undefined): s is string => s !== undefined && /^\d+$/.test(s);
// data/base.py path patterns: `i:` takes identifiers only (util/identifiers.py ident_re)
const isIdentifier = (s: string | undefined): s is string => s !== undefined && /^[a-zA-Z\u00a0-\uffff_-][a-zA-Z0-9\u00a0-\uffff_-]*$/.test(s);

export function answerRestGet(state: MasterState, segments: string[], query: URLSearchParams): RestAnswer {
  if (segments[0] === 'logs' && segments[2] === 'contents' && segments.length === 3) return logContents(state, segments[1], query);
  let resolved: Resolved | null;
  try {
    resolved = resolve(state, segments);
  } catch (error) {
    if (error instanceof PythonError) return { status: 500, body: { error: error.message } };
    throw error;
  }
  if (!resolved) return { status: 404, body: { error: `Invalid path: ${segments.join('/')}` } };
  const { plural } = resolved;
  try {
    const spec = parseResultSpec(query, FIELDS[plural], resolved.items !== undefined);
    const wanted = resolved.properties ? spec.properties : [];
    const shape = (o: object) => (plural === 'builds' ? buildToRest(o as Parameters<typeof buildToRest>[0], wanted) : o);
    if (resolved.items !== undefined) {
      const rows = applyResultSpec(resolved.items.map(shape), spec);
      if (resolved.reversed) rows.reverse();
      return { status: 200, body: { [plural]: rows, meta: { total: rows.length } } };
    }
    if (!resolved.item) {
      const args = Object.entries(resolved.args ?? {}).map(([k, v]) => `'${k}': ${typeof v === 'string' ? `'${v}'` : String(v)}`);
      return {
        status: 404,
        body: { error: `not found while getting from endpoint for ${resolved.patterns ?? ''} with arguments ResultSpec(**{'filters': [], 'fields': None, 'properties': [], 'order': None, 'limit': None, 'offset': None}) and {${args.join(', ')}}` },
      };
    }
    return { status: 200, body: { [plural]: [selectFields(shape(resolved.item) as Record<string, unknown>, spec)], meta: {} } };
  } catch (error) {
    if (error instanceof QueryError) return { status: 400, body: { error: error.message } };
    throw error;
  }
}

/**
 * /logs/ID/contents: one chunk of lines offset..offset+limit-1 (LogChunkEndpoint reads offset
 * and limit itself, as line numbers, rather than as a result spec over chunks).
 */
function logContents(state: MasterState, key: string | undefined, query: URLSearchParams): RestAnswer {
  const step = isId(key) ? state.steps.find((s) => s.stepid === Number(key)) : undefined;
  if (!step) return { status: 404, body: { error: `not found while getting from endpoint for /logs/n:logid/contents with arguments {'logid': ${String(key)}}` } };
  const { lines } = stepLog(step);
  const offset = Number(query.get('offset') ?? 0);
  const limit = query.has('limit') ? Number(query.get('limit')) : lines.length;
  const shown = lines.slice(offset, offset + limit);
  const chunks = shown.length === 0 ? [] : [{ logid: step.stepid, firstline: offset, content: `${shown.join('\n')}\n` }];
  return { status: 200, body: { logchunks: chunks, meta: { total: chunks.length } } };
}

class PythonError extends Error {}

function resolve(state: MasterState, [root, key, sub, subKey, ...rest]: string[]): Resolved | null {
  const one = <T extends object>(plural: Plural, item: T | undefined, patterns: string, args: Record<string, unknown>, properties = false): Resolved => ({
    plural, item: item ?? null, patterns, args, properties,
  });
  if (root === 'builds' && isId(key) && sub === 'steps' && isId(subKey) && rest.length === 1 && rest[0] === 'logs') {
    const step = state.steps.find((s) => s.buildid === Number(key) && s.number === Number(subKey));
    return { plural: 'logs', items: step ? [stepLog(step).log] : [] };
  }
  if (rest.length > 0) return null;
  const builds = state.builds;
  switch (root) {
    case 'builders': {
      if (key === undefined) return { plural: 'builders', items: state.builders };
      if (!isId(key) && !isIdentifier(key)) return null;
      const builder = state.builderByKey(key);
      const byKey = isId(key) ? { builderid: Number(key) } : { buildername: key };
      if (sub === undefined) return one('builders', builder, '/builders/n:builderid,/builders/i:buildername,/masters/n:masterid/builders/n:builderid', byKey);
      if (sub === 'builds' && subKey === undefined) return { plural: 'builds', items: builds.filter((b) => b.builderid === builder?.builderid), properties: true };
      if (sub === 'builds' && isId(subKey)) {
        const build = builds.find((b) => b.builderid === builder?.builderid && b.number === Number(subKey));
        return one('builds', build, '/builds/n:buildid,/builders/n:builderid/builds/n:number,/builders/i:buildername/builds/n:number', { ...byKey, number: Number(subKey) }, true);
      }
      if (sub === 'forceschedulers' && subKey === undefined) {
        // `/builders/:builderid/forceschedulers` has an untyped key: a name or an unknown id
        // reaches `bdict['name']` with bdict None (README: 500 TypeError).
        if (!builder || !isId(key)) throw new PythonError(`TypeError("'NoneType' object is not subscriptable")`);
        return { plural: 'forceschedulers', items: state.forceSchedulers.filter((s) => s.builderNames.includes(builder.name)).map((s) => forceSchedulerToRest(state, s)) };
      }
      return null;
    }
    case 'workers': {
      const all = state.workers.map((w) => workerToRest(w, state.masterid));
      if (key === undefined) return { plural: 'workers', items: all };
      if (sub !== undefined || (!isId(key) && !isIdentifier(key))) return null;
      const worker = all.find((w) => (isId(key) ? w.workerid === Number(key) : w.name === key));
      return one('workers', worker, '/workers/n:workerid,/workers/i:name', isId(key) ? { workerid: Number(key) } : { name: key });
    }
    case 'builds': {
      if (key === undefined) return { plural: 'builds', items: builds, properties: true };
      if (!isId(key)) return null;
      const buildid = Number(key);
      if (sub === undefined) return one('builds', state.build(buildid), '/builds/n:buildid,/builders/n:builderid/builds/n:number,/builders/i:buildername/builds/n:number', { buildid }, true);
      if (sub === 'steps') {
        const steps = state.steps.filter((s) => s.buildid === buildid);
        if (subKey === undefined) return { plural: 'steps', items: steps };
        const step = steps.find((s) => (isId(subKey) ? s.number === Number(subKey) : s.name === subKey));
        return one('steps', step, '/steps/n:stepid,/builds/n:buildid/steps/i:step_name,/builds/n:buildid/steps/n:step_number', { buildid, step: subKey });
      }
      if (sub === 'changes' && subKey === undefined) {
        const build = state.build(buildid);
        const ids = build ? (state.plans.get(build.buildrequestid)?.changeids ?? []) : [];
        return { plural: 'changes', items: state.changes.filter((c) => ids.includes(c.changeid)) };
      }
      return null;
    }
    case 'changes':
      if (key === undefined) return { plural: 'changes', items: state.changes, reversed: true };
      if (!isId(key) || sub !== undefined) return null;
      return one('changes', state.changes.find((c) => c.changeid === Number(key)), '/changes/n:changeid', { changeid: Number(key) });
    case 'forceschedulers': {
      if (key === undefined) return { plural: 'forceschedulers', items: state.forceSchedulers.map((s) => forceSchedulerToRest(state, s)) };
      if (sub !== undefined || !isIdentifier(key)) return null;
      const scheduler = state.forceSchedulers.find((s) => s.name === key);
      return one('forceschedulers', scheduler && forceSchedulerToRest(state, scheduler), '/forceschedulers/i:schedulername', { schedulername: key });
    }
    case 'masters': {
      const masters = [{ active: true, last_active: state.nowSeconds(), masterid: state.masterid, name: 'fake:/srv/bb/master' }];
      if (key === undefined) return { plural: 'masters', items: masters };
      if (!isId(key) || sub !== undefined) return null;
      return one('masters', masters.find((m) => m.masterid === Number(key)), '/masters/n:masterid', { masterid: Number(key) });
    }
    case 'buildrequests': {
      if (key === undefined) return { plural: 'buildrequests', items: state.requests };
      if (!isId(key)) return null;
      const buildrequestid = Number(key);
      if (sub === 'builds' && subKey === undefined) return { plural: 'builds', items: builds.filter((b) => b.buildrequestid === buildrequestid), properties: true };
      if (sub !== undefined) return null;
      return one('buildrequests', state.request(buildrequestid), '/buildrequests/n:buildrequestid', { buildrequestid });
    }
    case 'buildsets': {
      if (key === undefined) return { plural: 'buildsets', items: state.buildsets };
      if (!isId(key) || sub !== undefined) return null;
      return one('buildsets', state.buildsets.find((s) => s.bsid === Number(key)), '/buildsets/n:bsid', { bsid: Number(key) });
    }
    default:
      return null;
  }
}

function forceSchedulerToRest(state: MasterState, scheduler: { name: string; builderNames: string[]; enabled: boolean }): object {
  return {
    all_fields: allFields(state.form),
    builder_names: scheduler.builderNames,
    button_name: scheduler.name,
    enabled: scheduler.enabled,
    label: scheduler.name,
    name: scheduler.name,
  };
}
