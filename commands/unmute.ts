import { CommandError, UsageError, type Command } from '../src/core/command.js';
import { checkMayChangeChat } from './support/may-change-chat-settings.js';

const unmute: Command = {
  name: 'unmute',
  usage: 'unmute',
  summary: 'end the mute: what was held comes as one digest',
  dangerous: false,
  async run(ctx) {
    if (ctx.args.length > 0) throw new UsageError();
    const people = ctx.services.people;
    if (!people) throw new CommandError('The bot runs without its database: nothing was held.');
    await checkMayChangeChat(ctx, 'unmute');
    const released = people.unmute(ctx.message.chat);
    const quiet = people.settings(ctx.message.chat).quiet !== null && released === 0;
    await ctx.reply({ template: 'chat-unmuted', data: { released, quiet } });
  },
};
export default unmute;
