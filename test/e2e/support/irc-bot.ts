/**
 * The bot under test with an IRC section, started in-process (createBot, as the CLI does) with
 * a temporary database, plus helpers to wait for what it says on the wire as a raw socket
 * client sees it.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Bot } from '../../../src/app.js';
import { RawIrcClient, type IrcLine } from '../../support/raw-irc-client.js';
import { startTestBot, temporaryDatabase, type TestBotOptions } from '../../support/test-bot.js';

export interface IrcBot {
  bot: Bot;
  database: string;
  stop(): Promise<void>;
}

/** Starts a bot on `masterUrl` with this `irc:` section (host, port, nick, ... as in the YAML). */
export async function startIrcBot(masterUrl: string, irc: Record<string, unknown>, options: Partial<Pick<TestBotOptions, 'bot' | 'sections'>> = {}): Promise<IrcBot> {
  const database = temporaryDatabase('buildbot-chat-irc-e2e-');
  const started = await startTestBot({ masterUrl, database, sections: { ...options.sections, irc }, ...(options.bot ? { bot: options.bot } : {}) });
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

export interface IrcScene {
  bot: IrcBot;
  /** Connected and in the channel, in the order given (the first is its operator). */
  users: RawIrcClient[];
  close(): Promise<void>;
}

/**
 * Users join CHANNEL one after the other (ngircd makes the first its operator), then the bot
 * starts with the `irc` section (host, port, nick, the channel added) and joins it too.
 */
export async function startIrcScene(
  masterUrl: string,
  scene: { host: string; port: number; channel: string; nicks: string[]; irc: Record<string, unknown> } & Partial<Pick<TestBotOptions, 'bot' | 'sections'>>,
): Promise<IrcScene> {
  const users: RawIrcClient[] = [];
  for (const nick of scene.nicks) {
    const user = await RawIrcClient.connect(scene.host, scene.port, nick);
    await user.join(scene.channel);
    users.push(user);
  }
  const { host, port, channel, irc, bot: botOptions, sections } = scene;
  const bot = await startIrcBot(masterUrl, { host, port, channels: [channel], ...irc }, { ...(botOptions ? { bot: botOptions } : {}), ...(sections ? { sections } : {}) });
  const [first] = users;
  if (first) await waitForBotLine(first, (l) => l.command === 'JOIN' && l.nick === irc.nick, { description: 'the bot joining' });
  return {
    bot,
    users,
    async close() {
      await bot.stop();
      await Promise.all(users.map((user) => user.quit()));
    },
  };
}
