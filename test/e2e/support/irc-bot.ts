/**
 * The bot under test with an IRC section, started in-process (createBot, as the CLI does) with
 * a temporary database, plus helpers to wait for what it says on the wire as a raw socket
 * client sees it.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Bot } from '../../../src/app.js';
import type { IrcLine, RawIrcClient } from '../../support/raw-irc-client.js';
import { startTestBot, temporaryDatabase } from '../../support/test-bot.js';

export interface IrcBot {
  bot: Bot;
  database: string;
  stop(): Promise<void>;
}

/** Starts a bot on `masterUrl` with this `irc:` section (host, port, nick, ... as in the YAML) and other `sections` (people...). */
export async function startIrcBot(masterUrl: string, irc: Record<string, unknown>, sections: Record<string, unknown> = {}): Promise<IrcBot> {
  const database = temporaryDatabase('buildbot-chat-irc-e2e-');
  const started = await startTestBot({ masterUrl, database, sections: { ...sections, irc } });
  return {
    bot: started.bot,
    database,
    async stop() {
      await started.stop();
      rmSync(join(database, '..'), { recursive: true, force: true });
    },
  };
}

/** A PRIVMSG or NOTICE from `nick` to `target` whose text matches. */
export function saidBy(nick: string, target: string, text: RegExp | string, command: 'PRIVMSG' | 'NOTICE' = 'PRIVMSG') {
  return (line: IrcLine): boolean =>
    line.command === command &&
    line.nick.toLowerCase() === nick.toLowerCase() &&
    line.params[0]?.toLowerCase() === target.toLowerCase() &&
    (typeof text === 'string' ? line.params[1] === text : text.test(line.params[1] ?? ''));
}

/** Waits for the bot's line from the start of what `client` received (order-independent). */
export function waitForBotLine(
  client: RawIrcClient,
  predicate: (line: IrcLine) => boolean,
  options: { since?: number; timeoutMs?: number; description?: string } = {},
): Promise<IrcLine> {
  return client.waitFor(predicate, options.timeoutMs ?? 15_000, { since: options.since ?? 0, ...(options.description ? { description: options.description } : {}) });
}
