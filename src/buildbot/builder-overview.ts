/**
 * What `status`, `last` and `list` need to know about builders, gathered with as few REST calls
 * as the API allows: one for workers, one for all running builds, one per builder for its last
 * completed build (a handful at a time, so a 500-builder master is not flooded).
 */
import type { BuildbotClient } from './client.js';
import type { Build, Builder, Worker } from './schemas.js';

export interface RunningBuild {
  build: Build;
  /** Name of the step in progress, null between steps. */
  step: string | null;
}

export interface BuilderState {
  builder: Builder;
  /** At least one connected worker is configured on it (Buildbot's definition). */
  online: boolean;
  running: RunningBuild[];
  /** Last completed build, when asked for. */
  last: Build | null;
}

export function onlineBuilderIds(workers: Worker[]): Set<number> {
  const online = new Set<number>();
  for (const worker of workers) {
    if (worker.connected_to.length === 0) continue;
    for (const { builderid } of worker.configured_on) online.add(builderid);
  }
  return online;
}

export function builderHasTags(builder: Builder, tags: readonly string[] | null): boolean {
  return tags === null || tags.length === 0 || builder.tags.some((tag) => tags.includes(tag));
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function currentStep(client: BuildbotClient, buildid: number): Promise<string | null> {
  const steps = await client.listSteps(buildid);
  const active = steps.filter((step) => step.results === null && step.started_at);
  return active.at(-1)?.name ?? null;
}

export async function lastCompletedBuild(client: BuildbotClient, builderid: number): Promise<Build | null> {
  const [build] = await client.listBuilds({ builderid, complete: true, order: '-number', limit: 1, properties: ['owner', 'reason'] });
  return build ?? null;
}

export async function describeBuilders(
  client: BuildbotClient,
  builders: Builder[],
  options: { withLast: boolean; withSteps: boolean },
): Promise<BuilderState[]> {
  const [workers, runningBuilds] = await Promise.all([client.listWorkers(), client.listBuilds({ complete: false })]);
  const online = onlineBuilderIds(workers);
  const wanted = new Set(builders.map((b) => b.builderid));
  const running = runningBuilds.filter((build) => wanted.has(build.builderid));
  const steps = options.withSteps
    ? await mapLimited(running, 8, (build) => currentStep(client, build.buildid))
    : running.map(() => null);
  const lasts = options.withLast
    ? await mapLimited(builders, 8, (builder) => lastCompletedBuild(client, builder.builderid))
    : builders.map(() => null);
  const states = builders.map((builder, i) => ({
    builder,
    online: online.has(builder.builderid),
    running: running
      .map((build, j) => ({ build, step: steps[j] ?? null }))
      .filter(({ build }) => build.builderid === builder.builderid)
      .sort((a, b) => a.build.number - b.build.number),
    last: lasts[i] ?? null,
  }));
  // The master lists builders in no stable order: sorted, the same answer reads the same twice.
  return states.sort((a, b) => compareNames(a.builder.name, b.builder.name));
}

export function compareNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
