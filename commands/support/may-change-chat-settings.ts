/**
 * Buildbot's rule for a channel's notification settings (reporters/words.py, notify): in a
 * channel only its operators, or users named in authz for the command, may change them. On
 * Telegram a group's administrators count as its operators. It holds for `notify`, and for
 * `mentions`, `mute` and `quiet`, which change what the channel hears.
 */
import { DeniedError, type CommandContext } from '../../src/core/command.js';

export async function checkMayChangeChat(ctx: CommandContext, commandName: string): Promise<void> {
  const { chat, user } = ctx.message;
  if (chat.private || ctx.listedFor(commandName)) return;
  const operator = user.chatOperator ?? (await user.askChatOperator?.());
  if (operator !== false) return;
  const operators = ctx.capabilities.chatOperators ?? 'channel operators';
  throw new DeniedError(`Only ${operators}, or users allowed to ${commandName} by the bot's authz, may change what ${chat.title ?? chat.id} is notified of.`);
}
