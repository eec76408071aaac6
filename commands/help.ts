import type { Command } from '../src/core/command.js';
import { shownUsage } from '../src/core/usage.js';
import { parameterCount } from '../src/core/alias-book.js';

const help: Command = {
  name: 'help',
  usage: 'help [COMMAND [ARGS...]]',
  summary: 'list the commands, or explain one',
  dangerous: false,
  async run(ctx) {
    const prefix = ctx.capabilities.commandPrefix ?? '';
    // `help shutdown check` is about shutdown, as in Buildbot: words after the command are its
    // arguments, and its usage line covers them.
    const [wanted] = ctx.args;
    if (wanted === undefined) {
      const commands = ctx.services.registry.list(ctx.capabilities);
      await ctx.reply({
        template: 'help-list',
        data: {
          prefix,
          commands: commands.map((c) => ({ name: c.name, summary: c.summary, allowed: ctx.mayRun(c) })),
          aliases: ctx.services.aliases?.list() ?? [],
        },
      });
      return;
    }
    const name = prefix && wanted.startsWith(prefix) ? wanted.slice(prefix.length) : wanted;
    const command = ctx.services.registry.find(name);
    const alias = command ? undefined : ctx.services.aliases?.find(name);
    if (alias) {
      await ctx.reply({ template: 'help-alias', data: { prefix, name: alias.name, line: alias.line, needed: parameterCount(alias.line) } });
      return;
    }
    if (!command || !ctx.services.registry.list(ctx.capabilities).includes(command)) {
      await ctx.reply({ template: 'help-unknown', data: { name, prefix } });
      return;
    }
    await ctx.reply({
      template: 'help-command',
      data: { prefix, usage: shownUsage(command, ctx.services.masters.several), summary: command.summary, help: command.help ?? '', aliases: command.aliases ?? [], allowed: ctx.mayRun(command) },
    });
  },
};
export default help;
