import { CommandError, UsageError, type Command, type CommandContext, type SubscriptionFiltersView } from '../src/core/command.js';
import { checkMayChangeChat } from './support/may-change-chat-settings.js';
import { DEFAULT_EVENTS, EVENT_NAMES, isEventName } from '../src/notify/event-names.js';
import { masterNamed } from './support/masters.js';

const ACTIONS = ['on', 'off', 'list', 'test'];
type ListFilter = 'masters' | 'builders' | 'tags' | 'branches';
const FILTER_OPTIONS: Record<string, ListFilter> = { master: 'masters', builder: 'builders', tag: 'tags', branch: 'branches' };

interface NotifyArgs {
  action: string;
  events: string[];
  filters: SubscriptionFiltersView;
  /** --mine: only builds whose blamelist or owner is the asker. */
  mine: boolean;
}

function parseNotifyArgs(args: readonly string[], buttons: boolean): NotifyArgs {
  const [action = buttons ? 'list' : undefined, ...rest] = args;
  if (action === undefined || !ACTIONS.includes(action)) throw new UsageError();
  const events: string[] = [];
  const filters: SubscriptionFiltersView = { masters: [], builders: [], tags: [], branches: [] };
  let mine = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const option = /^--(master|builder|tag|branch)(?:=(.*))?$/.exec(arg);
    if (option) {
      const value = option[2] ?? rest[++i];
      if (!value) throw new UsageError(`--${option[1]} needs a value.`);
      const key = FILTER_OPTIONS[option[1] as string] as ListFilter;
      filters[key].push(...value.split(',').map((v) => v.trim()).filter(Boolean));
    } else if (arg === '--mine') {
      mine = true;
    } else if (arg.startsWith('--')) {
      throw new UsageError(`Unknown option '${arg}'; filters are --master, --builder, --tag, --branch and --mine.`);
    } else {
      if (!isEventName(arg)) throw new UsageError(`'${arg}' is not an event; events: ${EVENT_NAMES.join(', ')}.`);
      if (!events.includes(arg)) events.push(arg);
    }
  }
  if (action === 'test') {
    if (events.length > 1) throw new UsageError('notify test takes one event.');
    if (filters.masters.length > 1) throw new UsageError('notify test takes one --master.');
    if (filters.builders.length || filters.tags.length || filters.branches.length) throw new UsageError('notify test takes --master only; filters go with notify on.');
    if (mine) throw new UsageError('--mine goes with notify on.');
  } else if (action !== 'on' && (mine || Object.values(filters).some((values) => values.length > 0))) {
    throw new UsageError('Filters go with notify on.');
  }
  return { action, events, filters, mine };
}

/** `--mine` keeps the asker's person key, so their builds are recognised whatever their nick later. */
function mineFilter(ctx: CommandContext): string {
  const { chat, user } = ctx.message;
  if (!chat.private) throw new CommandError('--mine works in a private chat with the bot: there it follows your own builds.');
  const people = ctx.services.people;
  if (!people) throw new CommandError('--mine is not available: the bot runs without its database.');
  return people.whoIs(chat, user).key;
}

const notify: Command = {
  name: 'notify',
  usage: 'notify on|off|list [EVENT...] [--master=NAME] [--builder=NAME] [--tag=TAG] [--branch=BRANCH] [--mine] | notify test [EVENT] [--master=NAME]',
  summary: 'choose the build events this chat is told about',
  help: `Events: ${EVENT_NAMES.join(', ')}. "notify on" alone turns on ${DEFAULT_EVENTS.join(' and ')}; "notify off" alone turns everything off. Filters limit events to masters, builders, tags or branches (repeat them or separate values with commas). In a private chat, --mine follows only the builds whose changes or force are yours (see whoami). "notify test EVENT" sends a sample of that notification here, built from the newest build the filters let through and marked [test], or says why none would come.`,
  dangerous: false,
  async run(ctx) {
    const buttons = ctx.capabilities.buttons === true;
    const { action, events, filters, mine } = parseNotifyArgs(ctx.args, buttons);
    for (const name of filters.masters) masterNamed(ctx, name);
    const control = ctx.services.notifications;
    if (!control) throw new CommandError('Notifications are not available: the bot runs without its database.');
    const chat = ctx.message.chat;
    if (action === 'test') {
      const [master] = filters.masters;
      const result = await control.test(chat, { ...(events[0] !== undefined ? { event: events[0] } : {}), ...(master !== undefined ? { master } : {}) });
      const data = result.sent ? { ...result, reason: '' } : { ...result, sample: '', master: null };
      await ctx.reply({ template: 'notify-test', data });
      return;
    }
    if (action === 'on') {
      await checkMayChangeChat(ctx, 'notify');
      control.enable(chat, events.length ? events : [...DEFAULT_EVENTS], mine ? { ...filters, mine: mineFilter(ctx) } : filters);
    } else if (action === 'off') {
      await checkMayChangeChat(ctx, 'notify');
      control.disable(chat, events.length ? events : null);
    }
    const subscriptions = control.list(chat);
    const data = { subscriptions, prefix: ctx.capabilities.commandPrefix ?? '' };
    // With buttons, every answer but an explicit "list" is the toggles, so a pressed toggle shows the new state.
    if (!buttons || ctx.args[0] === 'list') {
      await ctx.reply({ template: 'notify-list', data });
      return;
    }
    await ctx.reply({ template: 'notify-toggles', data, choices: toggles(subscriptions.map((s) => s.event)) });
  },
};

function toggles(enabled: string[]) {
  return EVENT_NAMES.map((event) =>
    enabled.includes(event) ? { label: `🔔 ${event}`, command: `notify off ${event}` } : { label: `🔕 ${event}`, command: `notify on ${event}` },
  );
}
export default notify;
