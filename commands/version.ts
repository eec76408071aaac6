import type { Command } from '../src/core/command.js';

const version: Command = {
  name: 'version',
  usage: 'version',
  summary: "my version and the Buildbot masters'",
  dangerous: false,
  async run(ctx) {
    for (const master of ctx.services.masters.list) {
      const config = await master.masterConfig();
      const buildbot = config.versions.find(([name]) => name === 'Buildbot')?.[1] ?? 'an unknown version';
      await ctx.reply({
        template: 'version',
        data: { bot: ctx.services.bot, buildbot, url: config.buildbotURL, title: config.title ?? '', master: ctx.services.masters.several ? master.name : null },
      });
    }
  },
};
export default version;
