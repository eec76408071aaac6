import { CommandError, UsageError, type Command } from '../src/core/command.js';
import { buildUrl } from '../src/buildbot/links.js';
import { findBuilder } from '../src/core/find-builder.js';
import { quoteArgument } from '../src/core/form.js';
import { runningBuilders } from '../src/core/running-builders.js';

const watch: Command = {
  name: 'watch',
  usage: 'watch BUILDER',
  summary: 'tell this chat when the running builds of a builder finish',
  help: 'Watches are kept in the database: the result arrives even if the bot restarts in between.',
  dangerous: false,
  async run(ctx) {
    if (ctx.args.length === 0 && ctx.capabilities.buttons) {
      const running = await runningBuilders(ctx.services.buildbot, ctx.services.tags);
      await ctx.reply(
        running.length === 0
          ? { template: 'running-none' }
          : {
              template: 'running-choose',
              data: { question: 'Which builder do you want to watch?', builders: running },
              choices: running.map((b) => ({ label: `Watch ${b.name} ${b.numbers.map((n) => `#${n}`).join(' ')}`, command: `watch ${quoteArgument(b.name)}` })),
            },
      );
      return;
    }
    if (ctx.args.length !== 1) throw new UsageError();
    const control = ctx.services.notifications;
    if (!control) throw new CommandError('Watching is not available: the bot runs without its database.');
    const client = ctx.services.buildbot;
    const builder = await findBuilder(client, ctx.args[0] as string);
    const running = await client.listBuilds({ builderid: builder.builderid, complete: false });
    if (running.length === 0) {
      await ctx.reply({ template: 'watch-nothing', data: { builder: builder.name } });
      return;
    }
    const config = await ctx.services.masterConfig();
    const url = (number: number) => buildUrl(config.buildbotURL, builder.builderid, number);
    const watched = running.filter((build) => control.watch(ctx.message.chat, build));
    if (watched.length > 0) {
      await ctx.reply({ template: 'watch-started', data: { builder: builder.name, builds: watched.map((b) => ({ number: b.number, url: url(b.number) })) } });
    }
    // finished between the read above and the watch: their end was already told to subscribers
    for (const build of running.filter((b) => !watched.includes(b))) {
      const ended = await client.getBuild(build.buildid);
      await ctx.reply({ template: 'watch-finished', data: { builder: builder.name, number: build.number, url: url(build.number), result: ended?.results ?? null } });
    }
  },
};
export default watch;
