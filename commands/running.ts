import type { Command, CommandContext, MasterView } from '../src/core/command.js';
import { currentStep } from '../src/buildbot/builder-overview.js';
import { buildUrl } from '../src/buildbot/links.js';
import type { Build } from '../src/buildbot/schemas.js';
import { matchingNames, parseBuilderPattern, type BuilderPattern } from './support/builder-pattern.js';
import { LIST_LIMIT } from './support/list-limit.js';
import { mastersFor, takeMasterOption } from './support/masters.js';

/** Who a build is for: the owner of a forced build, else the scheduler that started it. */
function startedBy(build: Build): string {
  const owner = build.properties.owner?.[0];
  if (typeof owner === 'string' && owner !== '') return owner;
  const scheduler = build.properties.scheduler?.[0];
  return typeof scheduler === 'string' && scheduler !== '' ? `scheduler ${scheduler}` : '';
}

interface RunningEntry {
  master: MasterView;
  builder: string;
  build: Build;
  webUrl: string;
}

async function runningOn(ctx: CommandContext, master: MasterView, pattern: BuilderPattern): Promise<RunningEntry[]> {
  const [builders, builds, config] = await Promise.all([
    master.client.listBuilders(),
    master.client.listBuilds({ complete: false, properties: ['owner', 'scheduler'] }),
    master.masterConfig(),
  ]);
  const names = matchingNames(ctx, master, builders, pattern);
  return builds.flatMap((build) => {
    const builder = names.get(build.builderid);
    return builder === undefined ? [] : [{ master, builder, build, webUrl: config.buildbotURL }];
  });
}

const running: Command = {
  name: 'running',
  usage: 'running [--master=NAME] [REGEX]',
  summary: 'the builds running now: builder, number, current step, elapsed time and who started them',
  help: 'REGEX picks builders by name (case-insensitive), e.g. "running ^fast".',
  dangerous: false,
  async run(ctx) {
    const { args, master: masterName } = takeMasterOption(ctx.args);
    const pattern = parseBuilderPattern(args);
    const masters = mastersFor(ctx, masterName);
    const entries = (await Promise.all(masters.map((master) => runningOn(ctx, master, pattern)))).flat().sort((a, b) => a.build.started_at - b.build.started_at);
    const shown = entries.slice(0, LIST_LIMIT);
    const steps = await Promise.all(shown.map((e) => currentStep(e.master.client, e.build.buildid)));
    const now = Date.now() / 1000;
    const views = shown.map((e, i) => ({
      builder: e.builder,
      number: e.build.number,
      url: buildUrl(e.webUrl, e.build.builderid, e.build.number),
      step: steps[i] ?? null,
      elapsed: now - e.build.started_at,
      by: startedBy(e.build),
    }));
    const webUrl = masters.length === 1 ? ((await masters[0]?.masterConfig())?.buildbotURL ?? null) : null;
    await ctx.reply({
      template: 'running-builds',
      data: { builds: views, total: entries.length, pattern: pattern.source, webUrl, prefix: ctx.capabilities.commandPrefix ?? '' },
    });
  },
};
export default running;
