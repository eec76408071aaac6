import type { Command } from '../src/core/command.js';

const version: Command = {
  name: 'version',
  usage: 'version',
  summary: 'my version and the Buildbot master\'s',
  dangerous: false,
  async run(ctx) {
    const config = await ctx.services.masterConfig();
    const buildbot = config.versions.find(([name]) => name === 'Buildbot')?.[1] ?? 'an unknown version';
    await ctx.reply({
      template: 'version',
      data: { bot: ctx.services.bot, buildbot, url: config.buildbotURL, title: config.title ?? '' },
    });
  },
};
export default version;
