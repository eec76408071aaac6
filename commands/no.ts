import { type Command } from '../src/core/command.js';

/** Cancels a confirmation question (the dispatcher takes it while one is pending). */
const no: Command = {
  name: 'no',
  usage: 'no',
  summary: 'cancel the command the bot asked you to confirm',
  dangerous: false,
  async run(ctx) {
    await ctx.reply({ template: 'confirm-nothing', refusal: true });
  },
};
export default no;
