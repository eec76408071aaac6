/** Everything the fake master knows, with id counters and lookups; no behaviour. */
import type { BuilderSeed, MasterSeed, WorkerSeed } from './default-seed.js';
import { testMasterForm, type ForceForm } from './force-form.js';
import type {
  BuilderBehaviour,
  BuilderRecord,
  BuildRecord,
  BuildRequestRecord,
  BuildsetRecord,
  ChangeRecord,
  ForceSchedulerRecord,
  RequestPlan,
  StepRecord,
  WorkerRecord,
} from './model.js';

type Counter = 'builder' | 'worker' | 'build' | 'step' | 'change' | 'request' | 'buildset' | 'sourcestamp';

export class MasterState {
  readonly masterid = 1;
  readonly startedAt: number;
  readonly title: string;
  readonly builders: BuilderRecord[] = [];
  readonly behaviours = new Map<number, BuilderBehaviour>();
  readonly workers: WorkerRecord[] = [];
  readonly builds: BuildRecord[] = [];
  readonly steps: StepRecord[] = [];
  readonly changes: ChangeRecord[] = [];
  readonly requests: BuildRequestRecord[] = [];
  readonly buildsets: BuildsetRecord[] = [];
  /** What each build request asks of its build (properties, changes, a test's outcome). */
  readonly plans = new Map<number, RequestPlan>();
  readonly forceSchedulers: ForceSchedulerRecord[];
  readonly changeBuilders: string[];
  readonly form: ForceForm = testMasterForm();
  private readonly counters = new Map<Counter, number>();

  constructor(
    seed: MasterSeed,
    private readonly clock: () => number,
  ) {
    this.title = seed.title;
    this.startedAt = this.nowSeconds();
    for (const worker of seed.workers) this.addWorker(worker);
    for (const builder of seed.builders) this.addBuilder(builder);
    this.forceSchedulers = seed.forceSchedulers.map((s) => ({ ...s, builderNames: [...s.builderNames] }));
    this.changeBuilders = [...seed.changeBuilders];
  }

  nowSeconds(): number {
    return Math.floor(this.clock() / 1000);
  }

  nextId(counter: Counter): number {
    const next = (this.counters.get(counter) ?? 0) + 1;
    this.counters.set(counter, next);
    return next;
  }

  addWorker(seed: WorkerSeed): WorkerRecord {
    const workerid = seed.workerid ?? this.freeId(this.workers.map((w) => w.workerid));
    const worker: WorkerRecord = {
      workerid,
      name: seed.name,
      connected: seed.connected,
      paused: false,
      graceful: false,
      builderids: [],
      workerinfo: seed.workerinfo ?? {},
      lastConnection: this.nowSeconds(),
    };
    this.workers.push(worker);
    this.workers.sort((a, b) => a.workerid - b.workerid);
    return worker;
  }

  addBuilder(seed: BuilderSeed): BuilderRecord {
    if (this.builderByName(seed.name)) throw new Error(`fake master: builder '${seed.name}' exists already`);
    const builderid = seed.builderid ?? this.freeId(this.builders.map((b) => b.builderid));
    const builder: BuilderRecord = {
      builderid,
      name: seed.name,
      description: seed.description === undefined ? `test builder ${seed.name}` : seed.description,
      tags: [...seed.tags],
      masterids: [this.masterid],
    };
    this.builders.push(builder);
    this.builders.sort((a, b) => a.builderid - b.builderid);
    this.behaviours.set(builderid, seed.behaviour);
    for (const name of seed.workers) {
      const worker = this.workerByName(name) ?? this.addWorker({ name, connected: true });
      worker.builderids.push(builderid);
    }
    return builder;
  }

  builderByName(name: string): BuilderRecord | undefined {
    return this.builders.find((b) => b.name === name);
  }

  builderById(builderid: number): BuilderRecord | undefined {
    return this.builders.find((b) => b.builderid === builderid);
  }

  workerByName(name: string): WorkerRecord | undefined {
    return this.workers.find((w) => w.name === name);
  }

  build(buildid: number): BuildRecord | undefined {
    return this.builds.find((b) => b.buildid === buildid);
  }

  request(buildrequestid: number): BuildRequestRecord | undefined {
    return this.requests.find((r) => r.buildrequestid === buildrequestid);
  }

  /** A builder as known by id or by name, as the REST paths accept either. */
  builderByKey(key: string): BuilderRecord | undefined {
    return /^\d+$/.test(key) ? this.builderById(Number(key)) : this.builderByName(key);
  }

  private freeId(taken: number[]): number {
    return taken.length === 0 ? 1 : Math.max(...taken) + 1;
  }
}
