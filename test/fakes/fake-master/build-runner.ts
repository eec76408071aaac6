/**
 * How builds happen on the fake master, with the events the real one sends on /ws (README
 * "Live events"): a request waits until a connected worker of its builder is free (one build
 * per builder per worker), then its build starts — first `update`, then `new`, as Buildbot
 * does — runs its steps over the builder's duration, and finishes with `update` then
 * `finished`. Requests are never merged (as with BB_COLLAPSE=0).
 */
import { CANCELLED, RETRY, SUCCESS } from '../../../src/buildbot/results.js';
import { finishedStateString, stepStateString } from './default-seed.js';
import type { EventHub } from './event-hub.js';
import type { MasterState } from './master-state.js';
import { workerToRest, type BuildOutcome, type BuildRecord, type BuildRequestRecord, type Properties, type RequestPlan, type SourceStamp, type StepRecord, type WorkerRecord } from './model.js';

export interface RunnerTiming {
  /** From a request (or a freed worker) to its build starting. */
  buildStartDelayMs: number;
  /** From a stop call to the build ending CANCELLED (the real master took ~2 s). */
  stopDelayMs: number;
  /** Per builder name: how long its builds run, instead of the seed's. */
  durations: Record<string, number>;
}

export interface Submission {
  builderids: number[];
  reason: string;
  scheduler: string;
  sourcestamp: Omit<SourceStamp, 'ssid' | 'created_at'>;
  plan: RequestPlan;
}

interface Run {
  build: BuildRecord;
  timers: NodeJS.Timeout[];
  /** How it will end, decided when it starts (the builder's behaviour or a test's choice). */
  outcome: BuildOutcome;
}

export class BuildRunner {
  private readonly runs = new Map<number, Run>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly state: MasterState,
    private readonly hub: EventHub,
    private readonly timing: RunnerTiming,
  ) {}

  submit(submission: Submission, { dispatch = true } = {}): { bsid: number; requests: Record<string, number> } {
    const now = this.state.nowSeconds();
    const bsid = this.state.nextId('buildset');
    const sourcestamp = { ...submission.sourcestamp, created_at: now, ssid: this.state.nextId('sourcestamp') };
    const buildset = {
      bsid, complete: false, complete_at: null, external_idstring: null, parent_buildid: null, parent_relationship: null,
      reason: submission.reason, results: -1, scheduler: submission.scheduler, sourcestamps: [sourcestamp], submitted_at: now,
    };
    this.state.buildsets.push(buildset);
    this.hub.publish(`buildsets/${bsid}/new`, buildset);
    const requests: Record<string, number> = {};
    for (const builderid of submission.builderids) {
      const request: BuildRequestRecord = {
        builderid, buildrequestid: this.state.nextId('request'), buildsetid: bsid, claimed: false, claimed_at: null,
        claimed_by_masterid: null, complete: false, complete_at: null, priority: 0, properties: null, results: -1,
        submitted_at: now, waited_for: false,
      };
      this.state.requests.push(request);
      this.state.plans.set(request.buildrequestid, { ...submission.plan, properties: { ...submission.plan.properties } });
      requests[String(builderid)] = request.buildrequestid;
      this.hub.publish(`buildrequests/${request.buildrequestid}/new`, request);
    }
    if (dispatch) this.later(this.timing.buildStartDelayMs, () => this.dispatch());
    return { bsid, requests };
  }

  /** Starts every waiting request that has a free, connected worker. */
  dispatch(): void {
    for (const request of this.state.requests) {
      if (request.claimed || request.complete) continue;
      const worker = this.freeWorker(request.builderid);
      if (worker) this.start(request, worker);
    }
  }

  start(request: BuildRequestRecord, worker: WorkerRecord): BuildRecord {
    const { state } = this;
    const now = state.nowSeconds();
    Object.assign(request, { claimed: true, claimed_at: now, claimed_by_masterid: state.masterid });
    this.hub.publish(`buildrequests/${request.buildrequestid}/claimed`, request);
    const builder = state.builderById(request.builderid);
    if (!builder) throw new Error(`fake master: no builder ${request.builderid}`);
    const number = state.builds.filter((b) => b.builderid === builder.builderid).length + 1;
    const plan = state.plans.get(request.buildrequestid);
    const buildset = state.buildsets.find((s) => s.bsid === request.buildsetid);
    const build: BuildRecord = {
      buildid: state.nextId('build'), number, builderid: builder.builderid, buildrequestid: request.buildrequestid,
      workerid: worker.workerid, masterid: state.masterid, started_at: now, complete_at: null, complete: false,
      state_string: 'starting', results: null,
      properties: buildProperties(builder.name, number, worker.name, buildset?.scheduler ?? '', buildset?.sourcestamps[0], plan?.properties ?? {}),
    };
    state.builds.push(build);
    const run: Run = { build, timers: [], outcome: { results: SUCCESS } };
    this.runs.set(build.buildid, run);
    // Buildbot sends the first update before `new` (README, "Note the first update").
    this.publishBuild(build, 'update');
    this.publishBuild(build, 'new');
    this.addStep(build, 'worker_preparation', { results: SUCCESS, text: `worker ${worker.name} ready` });
    build.state_string = 'building';
    this.publishBuild(build, 'update');
    this.scheduleSteps(run, plan);
    return build;
  }

  /**
   * Ends a running build now. The step named `step` (default: the one in progress) takes the
   * result and is named in state_string; other unfinished steps succeed.
   */
  finish(buildid: number, results: number, { stateString, cancelReason, step }: { stateString?: string; cancelReason?: string; step?: string } = {}): BuildRecord {
    const run = this.runs.get(buildid);
    if (!run) throw new Error(`fake master: build ${buildid} is not running`);
    const { build } = run;
    for (const timer of run.timers) this.clear(timer);
    this.runs.delete(buildid);
    const now = this.state.nowSeconds();
    const steps = this.state.steps.filter((s) => s.buildid === buildid);
    const deciding = step ?? (steps.filter((s) => !s.complete).at(-1) ?? steps.at(-1))?.name ?? 'build';
    for (const unfinished of steps.filter((s) => !s.complete)) this.endStep(unfinished, unfinished.name === deciding ? results : SUCCESS);
    build.state_string = stateString ?? finishedStateString(results, deciding, cancelReason);
    this.publishBuild(build, 'update');
    Object.assign(build, { complete: true, complete_at: now, results });
    this.publishBuild(build, 'finished');
    const request = this.state.request(build.buildrequestid);
    if (request && results === RETRY) {
      // The request goes back to the queue and runs again when a worker is free.
      Object.assign(request, { claimed: false, claimed_at: null, claimed_by_masterid: null });
      this.hub.publish(`buildrequests/${request.buildrequestid}/unclaimed`, request);
    } else if (request) {
      this.completeRequest(request, results);
    }
    this.later(this.timing.buildStartDelayMs, () => this.dispatch());
    return build;
  }

  /** JSON-RPC stop: a running build ends CANCELLED a little later; anything else is ignored. */
  stop(buildid: number, reason: string): void {
    if (!this.runs.has(buildid)) return;
    this.later(this.timing.stopDelayMs, () => {
      if (this.runs.has(buildid)) this.finish(buildid, CANCELLED, { cancelReason: reason });
    });
  }

  isRunning(buildid: number): boolean {
    return this.runs.has(buildid);
  }

  setWorkerConnected(worker: WorkerRecord, connected: boolean): void {
    if (worker.connected === connected) return;
    worker.connected = connected;
    worker.lastConnection = this.state.nowSeconds();
    this.hub.publish(`workers/${worker.workerid}/${connected ? 'connected' : 'disconnected'}`, workerToRest(worker, this.state.masterid));
    if (connected) {
      this.later(this.timing.buildStartDelayMs, () => this.dispatch());
      return;
    }
    for (const run of [...this.runs.values()]) {
      if (run.build.workerid === worker.workerid) this.finish(run.build.buildid, RETRY);
    }
  }

  workerMissing(worker: WorkerRecord): void {
    this.hub.publish(`workers/${worker.workerid}/missing`, {
      ...workerToRest(worker, this.state.masterid),
      last_connection: ctime(worker.lastConnection),
      notify: ['ops@example.invalid'],
    });
  }

  stopAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const run of this.runs.values()) run.timers.length = 0;
  }

  private freeWorker(builderid: number): WorkerRecord | undefined {
    const busy = new Set([...this.runs.values()].filter((r) => r.build.builderid === builderid).map((r) => r.build.workerid));
    return this.state.workers.find((w) => w.connected && !w.paused && w.builderids.includes(builderid) && !busy.has(w.workerid));
  }

  private scheduleSteps(run: Run, plan: RequestPlan | undefined): void {
    const { build } = run;
    const builder = this.state.builderById(build.builderid);
    const behaviour = this.state.behaviours.get(build.builderid);
    if (!builder || !behaviour) return;
    const override = plan?.override ?? {};
    const requested = override.durationMs;
    const durationMs = requested === undefined ? (this.timing.durations[builder.name] ?? behaviour.durationMs) : requested;
    run.outcome = override.results === undefined ? behaviour.outcome({ number: build.number, properties: build.properties }) : { results: override.results };
    const total = behaviour.steps.reduce((sum, s) => sum + s.weight, 0) || 1;
    let offset = 0;
    for (const plannedStep of behaviour.steps) {
      const at = durationMs === null ? 0 : (offset / total) * durationMs;
      // the first step starts with the build, as Buildbot's do
      if (at === 0) this.startStep(run, plannedStep.name);
      else run.timers.push(this.later(at, () => this.startStep(run, plannedStep.name)));
      offset += plannedStep.weight;
      if (durationMs === null) break; // runs until a test ends it: stay in the first step
    }
    if (durationMs === null) return;
    run.timers.push(
      this.later(durationMs, () => {
        const { results, step } = run.outcome;
        this.finish(build.buildid, results, { ...(step !== undefined ? { step } : {}), ...(override.stateString !== undefined ? { stateString: override.stateString } : {}) });
      }),
    );
  }

  /** The previous step ends (with the build's result if it is the deciding one); the next starts. */
  private startStep(run: Run, name: string): void {
    const { build, outcome } = run;
    for (const step of this.state.steps.filter((s) => s.buildid === build.buildid && !s.complete)) {
      this.endStep(step, step.name === outcome.step ? outcome.results : SUCCESS);
    }
    this.addStep(build, name, null);
  }

  private addStep(build: BuildRecord, name: string, done: { results: number; text: string } | null): StepRecord {
    const now = this.state.nowSeconds();
    const step: StepRecord = {
      stepid: this.state.nextId('step'), number: this.state.steps.filter((s) => s.buildid === build.buildid).length, name,
      buildid: build.buildid, state_string: done ? done.text : name, results: done ? done.results : null, complete: done !== null,
      started_at: now, complete_at: done ? now : null, hidden: false, urls: [],
    };
    this.state.steps.push(step);
    this.hub.publish(`steps/${step.stepid}/new`, step);
    this.hub.publish(`steps/${step.stepid}/started`, step);
    if (done) this.hub.publish(`steps/${step.stepid}/finished`, step);
    return step;
  }

  private endStep(step: StepRecord, results: number): void {
    Object.assign(step, { complete: true, complete_at: this.state.nowSeconds(), results, state_string: stepStateString(step.name, results) });
    this.hub.publish(`steps/${step.stepid}/finished`, step);
  }

  private completeRequest(request: BuildRequestRecord, results: number): void {
    Object.assign(request, { complete: true, complete_at: this.state.nowSeconds(), results });
    this.hub.publish(`buildrequests/${request.buildrequestid}/complete`, request);
    const siblings = this.state.requests.filter((r) => r.buildsetid === request.buildsetid);
    const buildset = this.state.buildsets.find((s) => s.bsid === request.buildsetid);
    if (buildset && siblings.every((r) => r.complete)) {
      Object.assign(buildset, { complete: true, complete_at: this.state.nowSeconds(), results: Math.max(...siblings.map((r) => r.results)) });
      this.hub.publish(`buildsets/${buildset.bsid}/complete`, buildset);
    }
  }

  /** Builds are announced under both of their paths, as Buildbot's MQ does. */
  private publishBuild(build: BuildRecord, event: string): void {
    const message = { ...build, properties: {} };
    this.hub.publish(`builds/${build.buildid}/${event}`, message);
    this.hub.publish(`builders/${build.builderid}/builds/${build.number}/${event}`, message);
  }

  private later(ms: number, fn: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private clear(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }
}

function buildProperties(builder: string, number: number, worker: string, scheduler: string, ss: SourceStamp | undefined, requested: Properties): Properties {
  const owner = requested.owner?.[0];
  return {
    branch: [ss?.branch ?? null, 'Build'],
    builddir: [`/srv/bb/worker/${builder}`, 'Worker'],
    buildername: [builder, 'Builder'],
    buildnumber: [number, 'Build'],
    codebase: [ss?.codebase ?? '', 'Build'],
    ...requested,
    ...(owner ? { owners: [[owner], 'Build'] as [unknown, string] } : {}),
    project: [ss?.project ?? '', 'Build'],
    repository: [ss?.repository ?? '', 'Build'],
    revision: [ss?.revision ?? null, 'Build'],
    scheduler: [scheduler, 'Scheduler'],
    workername: [worker, 'Worker'],
  };
}

/** Python's time.ctime(): "Sun Nov 22 19:02:36 2026" (local time, day padded with a space). */
function ctime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const [day, month] = [d.toLocaleString('en-US', { weekday: 'short' }), d.toLocaleString('en-US', { month: 'short' })];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${month} ${String(d.getDate()).padStart(2, ' ')} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${d.getFullYear()}`;
}
