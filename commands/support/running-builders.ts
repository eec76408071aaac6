/** Builders with builds running now, for the choices of `stop` and `watch` without arguments. */
import { builderHasTags } from '../../src/buildbot/builder-overview.js';
import type { CommandContext } from '../../src/core/command.js';
import { qualifiedName, tagsOn } from './masters.js';

export interface RunningBuilder {
  /** `MASTER/BUILDER` when the bot has several masters. */
  name: string;
  builderid: number;
  numbers: number[];
}

export async function runningBuilders(ctx: CommandContext): Promise<RunningBuilder[]> {
  const perMaster = await Promise.all(
    ctx.services.masters.list.map(async (master) => {
      const [builds, builders] = await Promise.all([master.client.listBuilds({ complete: false }), master.client.listBuilders()]);
      const running: RunningBuilder[] = [];
      for (const builder of builders) {
        if (!builderHasTags(builder, tagsOn(ctx, master))) continue;
        const numbers = builds.filter((b) => b.builderid === builder.builderid).map((b) => b.number).sort((a, b) => a - b);
        if (numbers.length > 0) running.push({ name: qualifiedName(ctx, master, builder.name), builderid: builder.builderid, numbers });
      }
      return running;
    }),
  );
  return perMaster.flat();
}
