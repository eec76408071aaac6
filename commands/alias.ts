import { CommandError, UsageError, type Command } from '../src/core/command.js';
import { AliasError } from '../src/core/alias-book.js';

const alias: Command = {
  name: 'alias',
  usage: 'alias list | alias add NAME = COMMAND LINE | alias del NAME',
  summary: 'name a command line, with $1, $2... for its arguments',
  help: 'e.g. "alias add deploy = force build --branch=release $1", then "deploy fast-pass". An alias runs what it expands to, authz included; it cannot expand into another alias. add and del are dangerous, list is safe.',
  dangerous: true,
  safeUse: (args) => args.length === 1 && args[0] === 'list',
  async run(ctx) {
    const book = ctx.services.aliases;
    if (!book) throw new CommandError('This bot has no aliases.');
    const [verb] = ctx.args;
    const prefix = ctx.capabilities.commandPrefix ?? '';
    try {
      if (verb === 'list' && ctx.args.length === 1) {
        await ctx.reply({ template: 'alias-list', data: { aliases: book.list(), prefix } });
        return;
      }
      const add = /^add\s+(\S+)\s*=\s*(\S[\s\S]*)$/.exec(ctx.argText);
      if (verb === 'add' && add) {
        const [, name = '', line = ''] = add;
        book.add(name, line, ctx.message.user.id);
        ctx.note(`added ${name} = ${line}`);
        await ctx.reply({ template: 'alias-changed', data: { name, line, added: true, prefix } });
        return;
      }
      if (verb === 'del' && ctx.args.length === 2) {
        const name = ctx.args[1] as string;
        book.remove(name);
        await ctx.reply({ template: 'alias-changed', data: { name, added: false, prefix } });
        return;
      }
    } catch (error) {
      if (error instanceof AliasError) throw new CommandError(error.message);
      throw error;
    }
    throw new UsageError();
  },
};
export default alias;
