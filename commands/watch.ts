import { CommandError, UsageError, type Command } from '../src/core/command.js';
import { findBuilder, qualifiedName, takeMasterOption } from './support/masters.js';
import { buildUrl } from '../src/buildbot/links.js';
import { quoteArgument } from '../src/core/form.js';
import { runningBuilders } from './support/running-builders.js';

const watch: Command = {
  name: 'watch',
  usage: 'watch [--master=NAME] BUILDER',
  summary: 'tell this chat when the running builds of a builder finish',
  help: 'Watches are kept in the database: the result arrives even if the bot restarts in between.',
  dangerous: false,
  async run(ctx) {
    if (ctx.args.length === 0 && ctx.capabilities.buttons) {
      const running = await runningBuilders(ctx);
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
    const { args, master: masterName } = takeMasterOption(ctx.args);
    if (args.length !== 1) throw new UsageError();
    const control = ctx.services.notifications;
    if (!control) throw new CommandError('Watching is not available: the bot runs without its database.');
    const { master, builder } = await findBuilder(ctx, args[0] as string, masterName);
    const client = master.client;
    const shownName = qualifiedName(ctx, master, builder.name);
    const running = await client.listBuilds({ builderid: builder.builderid, complete: false });
    if (running.length === 0) {
      await ctx.reply({ template: 'watch-nothing', data: { builder: shownName } });
      return;
    }
    const config = await master.masterConfig();
    const url = (number: number) => buildUrl(config.buildbotURL, builder.builderid, number);
    const watched = running.filter((build) => control.watch(ctx.message.chat, { master: master.name, buildid: build.buildid, builderid: build.builderid, number: build.number }));
    if (watched.length > 0) {
      await ctx.reply({ template: 'watch-started', data: { builder: shownName, builds: watched.map((b) => ({ number: b.number, url: url(b.number) })) } });
    }
    // finished between the read above and the watch: their end was already told to subscribers
    for (const build of running.filter((b) => !watched.includes(b))) {
      const ended = await client.getBuild(build.buildid);
      await ctx.reply({ template: 'watch-finished', data: { builder: shownName, number: build.number, url: url(build.number), result: ended?.results ?? null } });
    }
  },
};
export default watch;
