import type { Command } from '../src/core/command.js';

// A few of the greetings Buildbot's bot picks from, so the old habit keeps working.
const GREETINGS = ['Hello', 'Hola', 'Bonjour', 'Hallo', 'Ciao', 'Kia ora', 'Ahlan bik', 'Namaste', 'Selamat petang', 'Konnichiwa', 'Olá', 'Hej'];

const hello: Command = {
  name: 'hello',
  aliases: ['hi'],
  usage: 'hello',
  summary: 'say hello',
  dangerous: false,
  async run(ctx) {
    const greeting = GREETINGS[Math.floor(Math.random() * GREETINGS.length)] ?? 'Hello';
    await ctx.reply({ template: 'hello', data: { greeting, name: ctx.message.user.name } });
  },
};
export default hello;
