import type { Command } from '../src/core/command.js';
import { describeBuilders } from '../src/buildbot/builder-overview.js';
import { toBuilderView } from './support/builder-view.js';
import { answerPerMaster } from './support/masters.js';

const last: Command = {
  name: 'last',
  usage: 'last [--master=NAME] [BUILDER|all]',
  summary: 'the last completed build of a builder (or of every online builder)',
  dangerous: false,
  run: (ctx) =>
    answerPerMaster(ctx, async (master, builders, wanted) => {
      const config = await master.masterConfig();
      const states = await describeBuilders(master.client, builders, { withLast: true, withSteps: false });
      const shown = wanted === undefined ? states.filter((s) => s.online) : states;
      await ctx.reply({
        template: 'last-builds',
        data: { builders: shown.map((s) => toBuilderView(s, config.buildbotURL)), prefix: ctx.capabilities.commandPrefix ?? '' },
      });
    }),
};
export default last;
