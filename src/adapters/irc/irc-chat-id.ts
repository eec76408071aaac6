/**
 * How IRC chats are named in the bot's database. Channel and nick names are case-insensitive on
 * IRC, so '#CI' and '#ci' must share subscriptions and the outbox (Buildbot splits state there,
 * its bug 23). The fold is ASCII only: it must give the same id before the server's CASEMAPPING
 * is known (config defaults are applied at start), and it agrees with the irc_channels table's
 * COLLATE NOCASE.
 */
import type { IrcConfig } from './irc-config.js';

/** RFC 2811 channel prefixes; anything else is a nick (a private chat). */
export function isIrcChannelName(name: string): boolean {
  return /^[#&+!]/.test(name);
}

/**
 * Safe as one IRC parameter (a channel, a nick, a channel key): no space, comma or control
 * character that would end it or the line, and no leading ':' that would swallow the rest.
 */
export function isIrcTarget(name: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[^\s\x00-\x1f\x7f,:][^\s\x00-\x1f\x7f,]*$/.test(name);
}

/** The ChatRef id of a channel (its name) or a private chat (the other user's nick). */
export function ircChatId(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/** The chats that get the config's notifyEvents at every start: channels and pmToNicks. */
export function configuredIrcChatIds(config: Pick<IrcConfig, 'channels' | 'pmToNicks'>): string[] {
  const ids = [...config.channels.map((entry) => entry.channel), ...config.pmToNicks].map(ircChatId);
  return [...new Set(ids)];
}
