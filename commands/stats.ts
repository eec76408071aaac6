import { UsageError, type Command, type CommandContext } from '../src/core/command.js';
import type { ReplyImage } from '../src/core/reply.js';
import { buildStats, completedTrend, isFailure } from './support/build-stats.js';
import type { TrendBuild } from '../src/charts/build-trend-chart.js';
import { findBuilder, mastersFor, qualifiedName, tagsOn, takeMasterOption } from './support/masters.js';
import { builderHasTags } from '../src/buildbot/builder-overview.js';

const DEFAULT_BUILDS = 30;
const MAX_BUILDS = 200;
const RANKED = 10;
const DAY = 86_400;

const stats: Command = {
  name: 'stats',
  usage: 'stats [--master=NAME] [BUILDER [N]]',
  summary: "a builder's trend over its last N builds (30): pass rate, median and p90 duration, longest failure streak",
  help: `Without a builder: the builders that failed most in the last day. N is at most ${MAX_BUILDS}. In the sparkline each character is one build, oldest first, higher for longer; × marks a failed build. Where the chat shows pictures (Telegram, Matrix) a chart comes with it: a bar per build in its result's colour, the durations as a line.`,
  dangerous: false,
  async run(ctx) {
    const { args, master: masterName } = takeMasterOption(ctx.args);
    const [name, countText, ...extra] = args;
    if (extra.length > 0) throw new UsageError();
    if (name === undefined) {
      await rankFailures(ctx, masterName);
      return;
    }
    if (countText !== undefined && !(/^\d+$/.test(countText) && Number(countText) >= 1)) throw new UsageError(`'${countText}' is not a number of builds.`);
    const count = Math.min(countText === undefined ? DEFAULT_BUILDS : Number(countText), MAX_BUILDS);
    const { master, builder } = await findBuilder(ctx, name, masterName);
    const builds = await master.client.listBuilds({ builderid: builder.builderid, complete: true, order: '-number', limit: count });
    const figures = buildStats(builds);
    const shownName = qualifiedName(ctx, master, builder.name);
    const trend = completedTrend(builds);
    const image = ctx.capabilities.images && trend.length > 0 ? await drawTrendChart(`${shownName}, last ${trend.length} builds`, trend) : undefined;
    await ctx.reply({ template: 'stats-builder', data: { builder: shownName, ...figures }, ...(image ? { image } : {}) });
  },
};

/**
 * chart.js and the Skia canvas are loaded on the first chart drawn, not at start: together they
 * hold about 5 MB of a running bot that may never be asked for one.
 */
async function drawTrendChart(title: string, trend: TrendBuild[]): Promise<ReplyImage> {
  const { renderBuildTrendChart } = await import('../src/charts/build-trend-chart.js');
  return renderBuildTrendChart(title, trend);
}

async function rankFailures(ctx: CommandContext, masterName: string | undefined): Promise<void> {
  const since = Date.now() / 1000 - DAY;
  const rows = (
    await Promise.all(
      mastersFor(ctx, masterName).map(async (master) => {
        const [builders, builds] = await Promise.all([master.client.listBuilders(), master.client.listBuilds({ complete: true, completedSince: since })]);
        return builders
          .filter((b) => builderHasTags(b, tagsOn(ctx, master)))
          .map((b) => {
            const mine = builds.filter((build) => build.builderid === b.builderid);
            return { builder: qualifiedName(ctx, master, b.name), failed: mine.filter((build) => isFailure(build.results)).length, total: mine.length };
          });
      }),
    )
  ).flat();
  const ranked = rows.filter((r) => r.failed > 0).sort((a, b) => b.failed - a.failed || b.failed / b.total - a.failed / a.total || a.builder.localeCompare(b.builder));
  await ctx.reply({ template: 'stats-ranking', data: { builders: ranked.slice(0, RANKED), more: Math.max(0, ranked.length - RANKED) } });
}
export default stats;
