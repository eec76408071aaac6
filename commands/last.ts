import type { Command, CommandContext, MasterView } from '../src/core/command.js';
import { describeBuilders } from '../src/buildbot/builder-overview.js';
import type { Builder } from '../src/buildbot/schemas.js';
import { toBuilderView } from './support/builder-view.js';
import { LIST_LIMIT } from './support/list-limit.js';
import { answerPerMaster } from './support/masters.js';

const last: Command = {
  name: 'last',
  usage: 'last [--master=NAME] [BUILDER|all]',
  summary: 'the last completed build of a builder (or of every online builder)',
  dangerous: false,
  run: (ctx) => answerPerMaster(ctx, (master, builders, wanted) => lastOf(ctx, master, builders, wanted)),
};

/** One master's answer: summarised above LIST_LIMIT builders, as `status` is. */
async function lastOf(ctx: CommandContext, master: MasterView, builders: Builder[], wanted: string | undefined): Promise<void> {
  const config = await master.masterConfig();
  const prefix = ctx.capabilities.commandPrefix ?? '';
  const states = await describeBuilders(master.client, builders, { withLast: true, withSteps: false });
  const shown = (wanted === undefined ? states.filter((s) => s.online) : states).map((s) => toBuilderView(s, config.buildbotURL));
  if (shown.length > LIST_LIMIT) {
    await ctx.reply({ template: 'last-summary', data: { builders: shown, webUrl: config.buildbotURL, prefix } });
    return;
  }
  // One named builder is told it never built; in a listing such builders are only counted.
  const listing = wanted === undefined || wanted === 'all';
  const built = listing ? shown.filter((b) => b.last !== null) : shown;
  await ctx.reply({ template: 'last-builds', data: { builders: built, neverBuilt: shown.length - built.length, prefix } });
}
export default last;
