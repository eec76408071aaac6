/**
 * The command menu Telegram shows when a user types "/" (setMyCommands), and the same list in
 * the "name - description" lines BotFather's /setcommands takes. Unlike Buildbot's bot, the
 * menu everyone sees lists only what they may run; users named in authz get their own menu in
 * their private chat with the bot, with the commands open to them.
 */
import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Logger } from 'pino';
import type { CommandSummary } from '../../core/adapter.js';

/** Commands of the Telegram adapter itself, not of the core. */
export const TELEGRAM_ONLY_COMMANDS: CommandSummary[] = [{ name: 'nay', summary: 'cancel the question I asked you', allowed: true }];

/** Telegram's rules for a menu entry (core.telegram.org/bots/api#botcommand). */
function menuEntry(command: CommandSummary): BotCommand | null {
  if (!/^[a-z0-9_]{1,32}$/.test(command.name)) return null;
  return { command: command.name, description: command.summary.slice(0, 256) };
}

export function menu(commands: CommandSummary[], onlyAllowed: boolean): BotCommand[] {
  return [...commands, ...TELEGRAM_ONLY_COMMANDS]
    .filter((c) => !onlyAllowed || c.allowed)
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((c) => menuEntry(c) ?? []);
}

export function botFatherList(commands: CommandSummary[]): string {
  return menu(commands, false)
    .map((entry) => `${entry.command} - ${entry.description}`)
    .join('\n');
}

/** Numeric user ids named anywhere in an authz table. */
export function authzUserIds(authz: Readonly<Record<string, boolean | readonly string[]>>): number[] {
  const ids = new Set<number>();
  for (const value of Object.values(authz)) {
    if (Array.isArray(value)) for (const id of value) if (/^\d+$/.test(id)) ids.add(Number(id));
  }
  return [...ids];
}

/** Telegram allows commands per scope; more than this many personal menus would only slow the start. */
const MAX_PERSONAL_MENUS = 50;

export async function publishMenus(options: {
  api: Api;
  logger: Logger;
  commandsFor: (userId?: string) => CommandSummary[];
  userIds: number[];
}): Promise<void> {
  const { api, logger, commandsFor } = options;
  await api.setMyCommands(menu(commandsFor(), true));
  for (const id of options.userIds.slice(0, MAX_PERSONAL_MENUS)) {
    try {
      await api.setMyCommands(menu(commandsFor(String(id)), true), { scope: { type: 'chat', chat_id: id } });
    } catch (error) {
      // "chat not found" until the user has talked to the bot: their menu is the default one.
      logger.debug({ err: error, user: id }, 'no personal command menu for this user');
    }
  }
}
