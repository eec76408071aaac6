import { UsageError, type Command } from '../src/core/command.js';

const commands: Command = {
  name: 'commands',
  usage: 'commands',
  summary: 'list the command names in one line',
  dangerous: false,
  async run(ctx) {
    if (ctx.args.length > 0) throw new UsageError();
    const all = ctx.services.registry.list(ctx.capabilities);
    await ctx.reply({
      template: 'commands',
      data: {
        prefix: ctx.capabilities.commandPrefix ?? '',
        allowed: all.filter((c) => ctx.mayRun(c)).map((c) => c.name),
        denied: all.filter((c) => !ctx.mayRun(c)).map((c) => c.name),
      },
    });
  },
};
export default commands;
