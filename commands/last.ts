import { UsageError, type Command } from '../src/core/command.js';
import { describeBuilders } from '../src/buildbot/builder-overview.js';
import { toBuilderView } from './support/builder-view.js';
import { buildersFor, takeMasterOption } from './support/masters.js';

const last: Command = {
  name: 'last',
  usage: 'last [--master=NAME] [BUILDER|all]',
  summary: 'the last completed build of a builder (or of every online builder)',
  dangerous: false,
  async run(ctx) {
    const { args, master } = takeMasterOption(ctx.args);
    if (args.length > 1) throw new UsageError();
    const [wanted] = args;
    const groups = await buildersFor(ctx, wanted, master);
    for (const group of groups) {
      if (ctx.services.masters.several && groups.length > 1) await ctx.reply({ template: 'master-heading', data: { master: group.master.name } });
      const config = await group.master.masterConfig();
      const states = await describeBuilders(group.master.client, group.builders, { withLast: true, withSteps: false });
      const shown = wanted === undefined ? states.filter((s) => s.online) : states;
      await ctx.reply({
        template: 'last-builds',
        data: { builders: shown.map((s) => toBuilderView(s, config.buildbotURL)), prefix: ctx.capabilities.commandPrefix ?? '' },
      });
    }
  },
};
export default last;
