import type { Command } from '../src/core/command.js';

const getid: Command = {
  name: 'getid',
  usage: 'getid',
  summary: 'your user id and this chat\'s id, for the authz and chat lists of the config',
  dangerous: false,
  async run(ctx) {
    const { user, chat } = ctx.message;
    await ctx.reply({ template: 'getid', data: { user, chat } });
  },
};
export default getid;
