import type { Command, CommandContext, MasterView } from '../src/core/command.js';
import { describeBuilders } from '../src/buildbot/builder-overview.js';
import type { Builder } from '../src/buildbot/schemas.js';
import { SUMMARY_THRESHOLD, toBuilderView } from './support/builder-view.js';
import { answerPerMaster } from './support/masters.js';

const status: Command = {
  name: 'status',
  usage: 'status [--master=NAME] [BUILDER|all]',
  summary: 'what the builders are doing: running, idle or offline, with their last result',
  dangerous: false,
  run: (ctx) => answerPerMaster(ctx, (master, builders, wanted) => statusOf(ctx, master, builders, wanted)),
};

async function statusOf(ctx: CommandContext, master: MasterView, builders: Builder[], wanted: string | undefined): Promise<void> {
  const config = await master.masterConfig();
  const states = await describeBuilders(master.client, builders, { withLast: true, withSteps: true });
  const named = wanted !== undefined && wanted !== 'all';
  if (named) {
    await ctx.reply({ template: 'status-builders', data: { builders: states.map((s) => toBuilderView(s, config.buildbotURL)) } });
    return;
  }
  const shown = states.filter((s) => wanted === 'all' || s.online || s.running.length > 0);
  const views = shown.map((s) => toBuilderView(s, config.buildbotURL));
  if (views.length === 0) {
    await ctx.reply({ template: 'status-none', data: { total: builders.length, prefix: ctx.capabilities.commandPrefix ?? '' } });
  } else if (views.length > SUMMARY_THRESHOLD) {
    await ctx.reply({
      template: 'status-summary',
      data: { builders: views, webUrl: config.buildbotURL, prefix: ctx.capabilities.commandPrefix ?? '' },
    });
  } else {
    await ctx.reply({ template: 'status-builders', data: { builders: views } });
  }
}
export default status;
