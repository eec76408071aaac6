import { CommandError, DeniedError, UsageError, type Command, type CommandContext, type SubscriptionFiltersView } from '../src/core/command.js';
import { DEFAULT_EVENTS, EVENT_NAMES, isEventName } from '../src/notify/event-names.js';
import { masterNamed } from './support/masters.js';

const ACTIONS = ['on', 'off', 'list', 'test'];
const FILTER_OPTIONS: Record<string, keyof SubscriptionFiltersView> = { master: 'masters', builder: 'builders', tag: 'tags', branch: 'branches' };

function parseNotifyArgs(args: readonly string[], buttons: boolean): { action: string; events: string[]; filters: SubscriptionFiltersView } {
  const [action = buttons ? 'list' : undefined, ...rest] = args;
  if (action === undefined || !ACTIONS.includes(action)) throw new UsageError();
  const events: string[] = [];
  const filters: SubscriptionFiltersView = { masters: [], builders: [], tags: [], branches: [] };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const option = /^--(master|builder|tag|branch)(?:=(.*))?$/.exec(arg);
    if (option) {
      const value = option[2] ?? rest[++i];
      if (!value) throw new UsageError(`--${option[1]} needs a value.`);
      const key = FILTER_OPTIONS[option[1] as string] as keyof SubscriptionFiltersView;
      filters[key].push(...value.split(',').map((v) => v.trim()).filter(Boolean));
    } else if (arg.startsWith('--')) {
      throw new UsageError(`Unknown option '${arg}'; filters are --master, --builder, --tag and --branch.`);
    } else {
      if (!isEventName(arg)) throw new UsageError(`'${arg}' is not an event; events: ${EVENT_NAMES.join(', ')}.`);
      if (!events.includes(arg)) events.push(arg);
    }
  }
  if (action === 'test') {
    if (events.length > 1) throw new UsageError('notify test takes one event.');
    if (filters.masters.length > 1) throw new UsageError('notify test takes one --master.');
    if (filters.builders.length || filters.tags.length || filters.branches.length) throw new UsageError('notify test takes --master only; filters go with notify on.');
  } else if (action !== 'on' && Object.values(filters).some((values) => values.length > 0)) {
    throw new UsageError('Filters go with notify on.');
  }
  return { action, events, filters };
}

/**
 * Buildbot's rule: in a channel, only its operators or users named in authz for notify. On
 * Telegram a group's administrators count as its operators.
 */
async function checkMayChange(ctx: CommandContext): Promise<void> {
  const { chat, user } = ctx.message;
  if (chat.private || ctx.listedFor('notify')) return;
  const operator = user.chatOperator ?? (await user.askChatOperator?.());
  if (operator !== false) return;
  const operators = ctx.capabilities.chatOperators ?? 'channel operators';
  throw new DeniedError(`Only ${operators}, or users allowed to notify by the bot's authz, may change what ${chat.title ?? chat.id} is notified of.`);
}

const notify: Command = {
  name: 'notify',
  usage: 'notify on|off|list [EVENT...] [--master=NAME] [--builder=NAME] [--tag=TAG] [--branch=BRANCH] | notify test [EVENT] [--master=NAME]',
  summary: 'choose the build events this chat is told about',
  help: `Events: ${EVENT_NAMES.join(', ')}. "notify on" alone turns on ${DEFAULT_EVENTS.join(' and ')}; "notify off" alone turns everything off. Filters limit events to masters, builders, tags or branches (repeat them or separate values with commas). "notify test EVENT" sends a sample of that notification here, built from the newest build the filters let through and marked [test], or says why none would come.`,
  dangerous: false,
  async run(ctx) {
    const buttons = ctx.capabilities.buttons === true;
    const { action, events, filters } = parseNotifyArgs(ctx.args, buttons);
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
      await checkMayChange(ctx);
      control.enable(chat, events.length ? events : [...DEFAULT_EVENTS], filters);
    } else if (action === 'off') {
      await checkMayChange(ctx);
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
