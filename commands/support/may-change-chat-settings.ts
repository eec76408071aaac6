/**
 * Buildbot's rule for a channel's notification settings (reporters/words.py, notify): in a
 * channel only its operators, or users named in authz for the command, may change them. It
 * holds for `notify`, and for `mentions`, `mute` and `quiet`, which change what the channel hears.
 */
import { CommandError, type CommandContext } from '../../src/core/command.js';

export function checkMayChangeChat(ctx: CommandContext, commandName: string): void {
  const { chat, user } = ctx.message;
  if (chat.private || user.chatOperator !== false) return;
  if (ctx.listedFor(commandName)) return;
  throw new CommandError(`Only channel operators, or users allowed to ${commandName} by the bot's authz, may change what ${chat.title ?? chat.id} is notified of.`);
}
