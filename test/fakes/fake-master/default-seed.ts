/**
 * The real test master (test/master/master.cfg, master A), as data: its builders and how their
 * builds end, its two workers, its force schedulers. Builder ids are those of the recorded
 * fixtures (test/fixtures/buildbot/builders.json), deliberately not in configuration order: code
 * must look builders up by name. Left out: `common`, the builder master A shares with master B
 * for end-to-end tests with two masters.
 */
import { CANCELLED, EXCEPTION, FAILURE, SUCCESS, WARNINGS } from '../../../src/buildbot/results.js';
import type { BuilderBehaviour, BuildOutcome, ForceSchedulerRecord, Properties } from './model.js';

export interface BuilderSeed {
  name: string;
  builderid?: number;
  tags: string[];
  description?: string | null;
  /** Worker names that may run it. */
  workers: string[];
  behaviour: BuilderBehaviour;
}

export interface WorkerSeed {
  name: string;
  workerid?: number;
  connected: boolean;
  workerinfo?: Record<string, unknown>;
}

export interface MasterSeed {
  title: string;
  builders: BuilderSeed[];
  workers: WorkerSeed[];
  forceSchedulers: ForceSchedulerRecord[];
  /** Builders that a change on branch `main` starts (the `on-change` scheduler). */
  changeBuilders: string[];
}

function asked(properties: Properties): string {
  const value = properties.result?.[0];
  return typeof value === 'string' ? value : 'auto';
}

/** sh steps in master.cfg: result=pass|warn|fail decides, 'auto' keeps the builder's own. */
function obey(properties: Properties, step: string, auto: BuildOutcome): BuildOutcome {
  switch (asked(properties)) {
    case 'pass':
      return { results: SUCCESS };
    case 'warn':
      return { results: WARNINGS, step };
    case 'fail':
      return { results: FAILURE, step };
    default:
      return auto;
  }
}

const fixed = (outcome: BuildOutcome) => () => outcome;
const one = (name: string) => [{ name, weight: 1 }];

export function testMasterSeed(): MasterSeed {
  const builders: BuilderSeed[] = [
    { name: 'fast-pass', builderid: 3, tags: ['fast'], workers: ['worker1'], behaviour: { steps: one('compile'), durationMs: 300, outcome: fixed({ results: SUCCESS }) } },
    { name: 'fast-fail', builderid: 4, tags: ['fast'], workers: ['worker1'], behaviour: { steps: one('test'), durationMs: 300, outcome: fixed({ results: FAILURE, step: 'test' }) } },
    { name: 'warn', builderid: 2, tags: ['fast'], workers: ['worker1'], behaviour: { steps: one('lint'), durationMs: 100, outcome: fixed({ results: WARNINGS, step: 'lint' }) } },
    { name: 'broken', builderid: 5, tags: ['fast'], workers: ['worker1'], behaviour: { steps: one('explode'), durationMs: 100, outcome: fixed({ results: EXCEPTION, step: 'explode' }) } },
    {
      name: 'flaky', builderid: 6, tags: ['fast', 'flaky'], workers: ['worker1'],
      behaviour: {
        steps: one('roll'),
        durationMs: 200,
        // odd build numbers pass, even ones fail
        outcome: ({ number, properties }) => obey(properties, 'roll', number % 2 === 1 ? { results: SUCCESS } : { results: FAILURE, step: 'roll' }),
      },
    },
    {
      name: 'slow', builderid: 7, tags: ['slow'], workers: ['worker1'],
      behaviour: {
        steps: [{ name: 'prepare', weight: 1 }, { name: 'soak', weight: 25 }, { name: 'verify', weight: 1 }],
        durationMs: 27_000,
        outcome: ({ properties }) => obey(properties, 'verify', { results: SUCCESS }),
      },
    },
    {
      name: 'mixed', builderid: 8, tags: ['slow'], workers: ['worker1'],
      behaviour: {
        steps: [{ name: 'checkout', weight: 1 }, { name: 'build', weight: 3 }, { name: 'test', weight: 1 }, { name: 'lint', weight: 1 }],
        durationMs: 1_500,
        outcome: ({ properties }) => {
          const wanted = asked(properties);
          if (wanted === 'fail') return { results: FAILURE, step: 'test' };
          if (wanted === 'warn') return { results: WARNINGS, step: 'lint' };
          return { results: SUCCESS };
        },
      },
    },
    { name: 'queued', builderid: 1, tags: ['slow'], workers: ['ghost'], behaviour: { steps: one('never'), durationMs: 100, outcome: fixed({ results: SUCCESS }) } },
  ];
  const names = builders.map((b) => b.name);
  return {
    title: 'chat bot test master',
    builders,
    workers: [
      {
        name: 'worker1', workerid: 1, connected: true,
        workerinfo: { access_uri: null, admin: 'test harness <nobody@example.invalid>\n', host: 'worker1 of the test harness, on 127.0.0.1\n', version: '3.7.0-2' },
      },
      { name: 'ghost', workerid: 2, connected: false, workerinfo: {} },
    ],
    forceSchedulers: [
      ...names.map((name) => ({ name: `force-${name}`, builderNames: [name], enabled: true })),
      { name: 'force-fast', builderNames: builders.filter((b) => b.tags.includes('fast')).map((b) => b.name), enabled: true },
    ],
    changeBuilders: ['fast-pass'],
  };
}

/** Words Buildbot puts in a finished build's state_string, by result code. */
export function finishedStateString(results: number, step: string, cancelReason = 'no reason'): string {
  switch (results) {
    case SUCCESS:
      return 'build successful';
    case WARNINGS:
      return `warnings ${step} (warnings)`;
    case FAILURE:
      return `failed ${step} (failure)`;
    case 3:
      return `skipped ${step} (skipped)`;
    case EXCEPTION:
      return `exception ${step} (exception)`;
    case 5:
      return `retry lost connection ${step} (retry)`;
    case CANCELLED:
      return `cancelled (${cancelReason}) ${step} (cancelled)`;
    default:
      return `${step} (results ${results})`;
  }
}

/** A finished step's state_string: its name, with the result unless it succeeded. */
export function stepStateString(name: string, results: number): string {
  const words = ['', 'warnings', 'failure', 'skipped', 'exception', 'retry', 'cancelled'];
  return results === SUCCESS ? name : `${name} (${words[results] ?? `results ${results}`})`;
}
