import { type Command } from '../src/core/command.js';

/**
 * The answer to a confirmation question. The dispatcher takes a pending question's yes before
 * any command runs; this runs only when the user has nothing to confirm in this chat.
 */
const yes: Command = {
  name: 'yes',
  usage: 'yes',
  summary: 'run the command the bot asked you to confirm',
  dangerous: false,
  async run(ctx) {
    await ctx.reply({ template: 'confirm-nothing', refusal: true });
  },
};
export default yes;
