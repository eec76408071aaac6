import { CommandError, type Command } from '../src/core/command.js';
import { platformNameOf } from '../src/core/platform.js';

const whoami: Command = {
  name: 'whoami',
  usage: 'whoami',
  summary: 'how the bot knows you: your person in the config, your commit authors, how you are mentioned',
  dangerous: false,
  async run(ctx) {
    const people = ctx.services.people;
    if (!people) throw new CommandError('The bot runs without its database: it knows nobody.');
    const { chat, user } = ctx.message;
    const person = people.whoIs(chat, user);
    await ctx.reply({
      template: 'whoami',
      data: { user, adapter: chat.adapter, person, handle: person.handles[platformNameOf(chat.adapter)] ?? null, prefix: ctx.capabilities.commandPrefix ?? '' },
    });
  },
};
export default whoami;
