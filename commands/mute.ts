import { CommandError, UsageError, type Command } from '../src/core/command.js';
import { checkMayChangeChat } from './support/may-change-chat-settings.js';
import { parseDuration } from './support/parse-duration.js';

const mute: Command = {
  name: 'mute',
  usage: 'mute [DURATION]',
  summary: "hold this chat's notifications (for 30m, 2h, 1d...; or until unmute) and send one digest after",
  help: 'Held notifications are kept in the database and summed up in one message when the mute ends. Watch results and answers are never held.',
  dangerous: false,
  async run(ctx) {
    const [duration, ...extra] = ctx.args;
    if (extra.length > 0) throw new UsageError();
    const ms = duration === undefined ? null : parseDuration(duration);
    if (duration !== undefined && ms === null) throw new UsageError(`'${duration}' is not a duration like 30m, 2h or 1d.`);
    const people = ctx.services.people;
    if (!people) throw new CommandError('The bot runs without its database: notifications cannot be held.');
    await checkMayChangeChat(ctx, 'mute');
    const until = ms === null ? null : people.now() + ms;
    people.mute(ctx.message.chat, until);
    await ctx.reply({ template: 'chat-muted', data: { until: until === null ? null : new Date(until).toISOString().slice(0, 16).replace('T', ' ') + ' UTC', prefix: ctx.capabilities.commandPrefix ?? '' } });
  },
};
export default mute;
