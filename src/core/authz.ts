/**
 * Who may run which command, with Buildbot's semantics (reporters/words.py; docs/buildbot-bots.md):
 * a command's own entry wins; otherwise '*' if present; otherwise '!' for dangerous commands
 * (default: nobody) and '' for safe ones (default: everybody). Values: true, false, or a list
 * of user ids. Unlike Buildbot, ids compare case-insensitively (IRC nicks are), and an
 * `account:NAME` entry matches only a user whose services account is NAME.
 */
import type { ChatUser } from './message.js';

export type AuthzValue = boolean | readonly string[];
/** Keys: command names, comma-separated lists of names, '', '!' or '*'. */
export type AuthzConfig = Readonly<Record<string, AuthzValue>>;

export interface AuthzPolicy {
  allows(command: { name: string; dangerous: boolean }, user: ChatUser): boolean;
  /** Listed by name for `command` (or its own entry is true): used for channel-op exceptions. */
  explicitlyAllows(commandName: string, user: ChatUser): boolean;
}

const ACCOUNT_PREFIX = 'account:';

function matches(entry: string, user: ChatUser): boolean {
  const wanted = entry.trim().toLowerCase();
  if (wanted.startsWith(ACCOUNT_PREFIX)) {
    return user.account !== undefined && user.account.toLowerCase() === wanted.slice(ACCOUNT_PREFIX.length);
  }
  return user.id.toLowerCase() === wanted;
}

function evaluate(value: AuthzValue, user: ChatUser): boolean {
  if (typeof value === 'boolean') return value;
  return value.some((entry) => matches(entry, user));
}

export function createAuthzPolicy(config: AuthzConfig = {}): AuthzPolicy {
  const own = new Map<string, AuthzValue>();
  const special = new Map<string, AuthzValue>();
  for (const [key, value] of Object.entries(config)) {
    if (key === '' || key === '!' || key === '*') {
      special.set(key, value);
      continue;
    }
    for (const name of key.split(',')) {
      const trimmed = name.trim().toLowerCase();
      if (trimmed) own.set(trimmed, value);
    }
  }
  const ruleFor = (command: { name: string; dangerous: boolean }): AuthzValue => {
    const entry = own.get(command.name.toLowerCase());
    if (entry !== undefined) return entry;
    const star = special.get('*');
    if (star !== undefined) return star;
    return command.dangerous ? (special.get('!') ?? false) : (special.get('') ?? true);
  };
  return {
    allows: (command, user) => evaluate(ruleFor(command), user),
    explicitlyAllows: (name, user) => {
      const entry = own.get(name.toLowerCase());
      return entry !== undefined && evaluate(entry, user);
    },
  };
}
