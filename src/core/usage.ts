/**
 * A command's usage line as this bot shows it: `[--master=NAME]` only when it talks to several
 * masters, so a bot with one master reads as it always did.
 */
const MASTER_OPTION = ' [--master=NAME]';

export function shownUsage(command: { usage: string }, severalMasters: boolean): string {
  return severalMasters ? command.usage : command.usage.replace(MASTER_OPTION, '');
}
