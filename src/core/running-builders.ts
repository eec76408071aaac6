/** Builders with builds running now, for the choices of `stop` and `watch` without arguments. */
import type { BuildbotClient } from '../buildbot/client.js';
import { builderHasTags } from '../buildbot/builder-overview.js';

export interface RunningBuilder {
  name: string;
  builderid: number;
  numbers: number[];
}

export async function runningBuilders(client: BuildbotClient, tags: string[] | null): Promise<RunningBuilder[]> {
  const [builds, builders] = await Promise.all([client.listBuilds({ complete: false }), client.listBuilders()]);
  const running: RunningBuilder[] = [];
  for (const builder of builders) {
    if (!builderHasTags(builder, tags)) continue;
    const numbers = builds.filter((b) => b.builderid === builder.builderid).map((b) => b.number).sort((a, b) => a - b);
    if (numbers.length > 0) running.push({ name: builder.name, builderid: builder.builderid, numbers });
  }
  return running;
}
