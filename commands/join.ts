import { UsageError, type Command } from '../src/core/command.js';

const join: Command = {
  name: 'join',
  usage: 'join CHANNEL [KEY]',
  summary: 'join a channel (remembered across restarts)',
  dangerous: true,
  needs: ['chatControl'],
  async run(ctx) {
    const [channel, key, ...extra] = ctx.args;
    if (channel === undefined || extra.length > 0 || !/^[#&+!][^\s,\u0007]+$/.test(channel)) throw new UsageError();
    await ctx.capabilities.chatControl?.join(channel, key);
    await ctx.reply({ template: 'channel-joined', data: { channel } });
  },
};
export default join;
