import { CommandError, UsageError, type Command } from '../src/core/command.js';

const people: Command = {
  name: 'people',
  usage: 'people link|unlink USER AUTHOR',
  summary: "link a commit author to a person, for mentions and notify --mine (kept across restarts)",
  help: "USER is a person's name from the config, me, or a user here (an IRC nick, a Telegram user id). AUTHOR is the author as Buildbot shows it, \"Name <email>\" or the email; quote it.",
  dangerous: true,
  async run(ctx) {
    const [action, who, ...rest] = ctx.args;
    const author = rest.join(' ').trim();
    if ((action !== 'link' && action !== 'unlink') || who === undefined || author === '') throw new UsageError();
    const control = ctx.services.people;
    if (!control) throw new CommandError('The bot runs without its database: links cannot be kept.');
    const { chat, user } = ctx.message;
    if (action === 'link') {
      const person = control.link(chat, user, who, author);
      if (!person) throw new CommandError(`'${who}' names nobody: use a person's name from the config, me, or a user id of this chat's platform.`);
      await ctx.reply({ template: 'people-linked', data: { person, author, linked: true } });
      return;
    }
    const { person, removed } = control.unlink(chat, user, who, author);
    if (!person) throw new CommandError(`'${who}' names nobody: use a person's name from the config, me, or a user id of this chat's platform.`);
    await ctx.reply({ template: 'people-linked', data: { person, author, linked: false, removed } });
  },
};
export default people;
