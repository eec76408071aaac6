import type { Command } from '../src/core/command.js';

const source: Command = {
  name: 'source',
  usage: 'source',
  summary: 'where my source code lives',
  dangerous: false,
  async run(ctx) {
    await ctx.reply({ template: 'source', data: ctx.services.bot });
  },
};
export default source;
