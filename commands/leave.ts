import { UsageError, type Command } from '../src/core/command.js';

const leave: Command = {
  name: 'leave',
  usage: 'leave CHANNEL',
  summary: 'leave a channel (and forget it)',
  dangerous: true,
  needs: ['chatControl'],
  async run(ctx) {
    const [channel, ...extra] = ctx.args;
    if (channel === undefined || extra.length > 0 || !/^[#&+!][^\s,\u0007]+$/.test(channel)) throw new UsageError();
    await ctx.capabilities.chatControl?.leave(channel);
    await ctx.reply({ template: 'channel-left', data: { channel } });
  },
};
export default leave;
