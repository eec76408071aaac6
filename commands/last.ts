import { UsageError, type Command } from '../src/core/command.js';
import { describeBuilders } from '../src/buildbot/builder-overview.js';
import { toBuilderView } from '../src/core/builder-view.js';
import { buildersFor } from '../src/core/find-builder.js';

const last: Command = {
  name: 'last',
  usage: 'last [BUILDER|all]',
  summary: 'the last completed build of a builder (or of every online builder)',
  dangerous: false,
  async run(ctx) {
    if (ctx.args.length > 1) throw new UsageError();
    const client = ctx.services.buildbot;
    const [wanted] = ctx.args;
    const config = await ctx.services.masterConfig();
    const builders = await buildersFor(client, ctx.services.tags, wanted);
    const states = await describeBuilders(client, builders, { withLast: true, withSteps: false });
    const shown = wanted === undefined ? states.filter((s) => s.online) : states;
    await ctx.reply({
      template: 'last-builds',
      data: { builders: shown.map((s) => toBuilderView(s, config.buildbotURL)), prefix: ctx.capabilities.commandPrefix ?? '' },
    });
  },
};
export default last;
