/**
 * What the fake master keeps, in the shapes its REST API returns (field names and order as in
 * docs/buildbot-api.md and test/fixtures/buildbot/, recorded from Buildbot 3.7), plus the
 * few private things it needs to run builds.
 */
import type { EntityFields } from './query.js';

export type Properties = Record<string, [unknown, string]>;

export interface StepPlan {
  name: string;
  /** Share of the build's duration this step takes. */
  weight: number;
}

/** How a build of a builder ends unless a test says otherwise. */
export interface BuildOutcome {
  results: number;
  /** The step that decided it (named in state_string); the last step when omitted. */
  step?: string;
}

export interface BuilderBehaviour {
  steps: StepPlan[];
  durationMs: number;
  outcome(build: { number: number; properties: Properties }): BuildOutcome;
}

export interface BuilderRecord {
  builderid: number;
  name: string;
  description: string | null;
  tags: string[];
  masterids: number[];
}

export interface WorkerRecord {
  workerid: number;
  name: string;
  connected: boolean;
  paused: boolean;
  graceful: boolean;
  builderids: number[];
  workerinfo: Record<string, unknown>;
  /** Unix seconds, for `missing` events */
  lastConnection: number;
}

export interface BuildRecord {
  buildid: number;
  number: number;
  builderid: number;
  buildrequestid: number;
  workerid: number;
  masterid: number;
  started_at: number;
  complete_at: number | null;
  complete: boolean;
  state_string: string;
  results: number | null;
  properties: Properties;
}

export interface StepRecord {
  stepid: number;
  number: number;
  name: string;
  buildid: number;
  state_string: string;
  results: number | null;
  complete: boolean;
  started_at: number | null;
  complete_at: number | null;
  hidden: boolean;
  urls: unknown[];
}

export interface SourceStamp {
  branch: string | null;
  codebase: string;
  created_at: number;
  patch: null;
  project: string;
  repository: string;
  revision: string | null;
  ssid: number;
}

export interface ChangeRecord {
  author: string;
  branch: string | null;
  category: string | null;
  changeid: number;
  codebase: string;
  comments: string;
  committer: string | null;
  files: string[];
  parent_changeids: number[];
  project: string;
  properties: Record<string, unknown>;
  repository: string;
  revision: string | null;
  revlink: string;
  sourcestamp: SourceStamp;
  when_timestamp: number;
}

export interface BuildRequestRecord {
  builderid: number;
  buildrequestid: number;
  buildsetid: number;
  claimed: boolean;
  claimed_at: number | null;
  claimed_by_masterid: number | null;
  complete: boolean;
  complete_at: number | null;
  priority: number;
  properties: null;
  results: number;
  submitted_at: number;
  waited_for: boolean;
}

export interface BuildsetRecord {
  bsid: number;
  complete: boolean;
  complete_at: number | null;
  external_idstring: string | null;
  parent_buildid: number | null;
  parent_relationship: string | null;
  reason: string;
  results: number;
  scheduler: string;
  sourcestamps: SourceStamp[];
  submitted_at: number;
}

/** What a request carries into its build (not shown by the REST API). */
export interface RequestPlan {
  properties: Properties;
  changeids: number[];
  /** A test's choices, instead of the builder's behaviour; durationMs null: never ends by itself. */
  override?: { results?: number; stateString?: string; durationMs?: number | null };
}

export interface ForceSchedulerRecord {
  name: string;
  builderNames: string[];
  enabled: boolean;
}

export const FIELDS = {
  builders: { builderid: 'int', name: 'string', description: 'string', tags: 'stringList', masterids: 'intList' },
  workers: {
    workerid: 'int', name: 'string', workerinfo: 'object', paused: 'bool', graceful: 'bool',
    connected_to: 'object', configured_on: 'object',
  },
  builds: {
    buildid: 'int', number: 'int', builderid: 'int', buildrequestid: 'int', workerid: 'int', masterid: 'int',
    started_at: 'int', complete_at: 'int', complete: 'bool', state_string: 'string', results: 'int', properties: 'object',
  },
  steps: {
    stepid: 'int', number: 'int', name: 'string', buildid: 'int', started_at: 'int', complete: 'bool', complete_at: 'int',
    results: 'int', state_string: 'string', urls: 'object', hidden: 'bool',
  },
  changes: {
    changeid: 'int', author: 'string', committer: 'string', files: 'stringList', comments: 'string', revision: 'string',
    when_timestamp: 'int', branch: 'string', category: 'string', revlink: 'string', properties: 'object',
    repository: 'string', project: 'string', codebase: 'string', sourcestamp: 'object', parent_changeids: 'intList',
  },
  buildrequests: {
    buildrequestid: 'int', buildsetid: 'int', builderid: 'int', priority: 'int', claimed: 'bool', claimed_at: 'int',
    claimed_by_masterid: 'int', complete: 'bool', results: 'int', submitted_at: 'int', complete_at: 'int',
    waited_for: 'bool', properties: 'object',
  },
  buildsets: {
    bsid: 'int', external_idstring: 'string', reason: 'string', submitted_at: 'int', complete: 'bool', complete_at: 'int',
    results: 'int', sourcestamps: 'object', parent_buildid: 'int', parent_relationship: 'string', scheduler: 'string',
  },
  forceschedulers: { name: 'string', button_name: 'string', label: 'string', builder_names: 'stringList', enabled: 'bool', all_fields: 'object' },
  masters: { masterid: 'int', name: 'string', active: 'bool', last_active: 'int' },
  logs: { logid: 'int', name: 'string', slug: 'string', stepid: 'int', complete: 'bool', num_lines: 'int', type: 'string' },
} satisfies Record<string, EntityFields>;

/**
 * A step's stdio log as the master streams it (type 's': each line marked h for Buildbot's own
 * header, o for stdout, e for stderr): the fake's steps run no command, so the log is the
 * header line and the step's outcome. One log per step, its id the step's.
 */
export function stepLog(step: StepRecord): { log: Record<string, unknown>; lines: string[] } {
  const lines = [`h${step.name}`, `o${step.name}: ${step.state_string}`];
  return {
    log: { logid: step.stepid, name: 'stdio', slug: 'stdio', stepid: step.stepid, complete: step.complete, num_lines: lines.length, type: 's' },
    lines,
  };
}

export function workerToRest(worker: WorkerRecord, masterid: number): Record<string, unknown> {
  return {
    configured_on: worker.builderids.map((builderid) => ({ builderid, masterid })),
    connected_to: worker.connected ? [{ masterid }] : [],
    graceful: worker.graceful,
    name: worker.name,
    paused: worker.paused,
    workerid: worker.workerid,
    workerinfo: worker.workerinfo,
  };
}

/** A build as REST shows it: `properties` only those asked for with property=NAME or '*'. */
export function buildToRest(build: BuildRecord, wanted: readonly string[]): Record<string, unknown> {
  const all = wanted.includes('*');
  const properties = Object.fromEntries(Object.entries(build.properties).filter(([name]) => all || wanted.includes(name)));
  return { ...build, properties };
}
