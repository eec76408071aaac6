import { CommandError, UsageError, type Command } from '../src/core/command.js';
import { checkMayChangeChat } from './support/may-change-chat-settings.js';

const mentions: Command = {
  name: 'mentions',
  usage: 'mentions [on|off]',
  summary: "whether this chat's notifications mention the people whose changes broke a build",
  dangerous: false,
  async run(ctx) {
    const [setting, ...extra] = ctx.args;
    if (extra.length > 0 || (setting !== undefined && setting !== 'on' && setting !== 'off')) throw new UsageError();
    const people = ctx.services.people;
    if (!people) throw new CommandError('The bot runs without its database: settings cannot be kept.');
    const { chat } = ctx.message;
    if (setting !== undefined) {
      await checkMayChangeChat(ctx, 'mentions');
      people.setMentions(chat, setting === 'on');
    }
    await ctx.reply({ template: 'chat-mentions', data: { on: people.settings(chat).mentions, private: chat.private } });
  },
};
export default mentions;
