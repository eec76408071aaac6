import { CommandError, UsageError, type Command } from '../src/core/command.js';
import { checkMayChangeChat } from './support/may-change-chat-settings.js';
import { EVENT_NAMES, isEventName } from '../src/notify/event-names.js';
import type { QuietHoursView as QuietHours } from '../src/core/people-control.js';
import { formatClock, isTimeZone, parseWindow } from './support/quiet-hours-text.js';

function parseQuiet(args: string[]): QuietHours | null | undefined {
  const [first, ...rest] = args;
  if (first === undefined) return undefined;
  if (first === 'off') {
    if (rest.length > 0) throw new UsageError();
    return null;
  }
  const window = parseWindow(first);
  if (!window) throw new UsageError(`'${first}' is not a time range like 22:00-08:00.`);
  let timeZone = 'UTC';
  const except: string[] = [];
  for (const arg of rest) {
    const option = /^--except=(.+)$/.exec(arg);
    if (option?.[1]) {
      for (const event of option[1].split(',').map((e) => e.trim()).filter(Boolean)) {
        if (!isEventName(event)) throw new UsageError(`'${event}' is not an event; events: ${EVENT_NAMES.join(', ')}.`);
        if (!except.includes(event)) except.push(event);
      }
    } else if (!arg.startsWith('--') && isTimeZone(arg)) {
      timeZone = arg;
    } else {
      throw new UsageError(arg.startsWith('--') ? `Unknown option '${arg}'.` : `'${arg}' is not a time zone like Europe/Berlin or UTC.`);
    }
  }
  return { ...window, timeZone, except };
}

const quiet: Command = {
  name: 'quiet',
  usage: 'quiet [HH:MM-HH:MM [TIMEZONE] [--except=EVENT,...]|off]',
  summary: "every day in these hours hold this chat's notifications, and send one digest after",
  help: 'The time zone is an IANA name (default UTC). --except lets the events named through, e.g. --except=problem. Watch results and answers are never held.',
  dangerous: false,
  async run(ctx) {
    const wanted = parseQuiet(ctx.args);
    const people = ctx.services.people;
    if (!people) throw new CommandError('The bot runs without its database: quiet hours cannot be kept.');
    const { chat } = ctx.message;
    let released = 0;
    if (wanted !== undefined) {
      await checkMayChangeChat(ctx, 'quiet');
      released = people.setQuiet(chat, wanted);
    }
    const current = people.settings(chat).quiet;
    await ctx.reply({
      template: 'chat-quiet',
      data: { quiet: current && { from: formatClock(current.from), to: formatClock(current.to), timeZone: current.timeZone, except: current.except }, released },
    });
  },
};
export default quiet;
