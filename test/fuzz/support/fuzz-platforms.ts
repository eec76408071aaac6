/**
 * The two chat platforms as the fuzzer plays them: their authz tables, the users who talk
 * (some allowed dangerous commands, most not, several looking almost like those who are), and
 * an independent statement of who may run what, to judge the dispatcher's decisions by.
 */
import type { AuthzConfig } from '../../../src/core/authz.js';
import type { ChatRef, ChatUser } from '../../../src/core/message.js';

export type PlatformName = 'irc' | 'telegram' | 'console';

export interface FuzzPlatform {
  name: PlatformName;
  authz: AuthzConfig;
  users: readonly ChatUser[];
  /** A channel or group, and the private chat with `user`. */
  chat(user: ChatUser, inPrivate: boolean): ChatRef;
  commandPrefix?: string;
  /** The longest line the platform can hand the adapter, as the adapter would receive it. */
  receivable(line: string): string;
  /** Who may run a command, written out by hand from the authz table above. */
  allowed(command: { name: string; dangerous: boolean }, user: ChatUser): boolean;
}

const lower = (text: string | undefined) => text?.toLowerCase();

/**
 * IRC: nicks compare case-insensitively, `account:` entries match the services account only.
 * force has its own list (so 'ops' by account may stop but not force), join and leave another.
 */
export const ircPlatform: FuzzPlatform = {
  name: 'irc',
  authz: { '': true, '!': ['admin', 'account:ops'], force: ['admin', 'forcer'], 'join, leave': ['keeper'] },
  users: [
    { id: 'admin', name: 'admin' },
    { id: 'ADMIN', name: 'ADMIN' },
    { id: 'forcer', name: 'forcer' },
    { id: 'keeper', name: 'keeper', chatOperator: true },
    { id: 'opsnick', name: 'opsnick', account: 'OPS' },
    { id: 'mallory', name: 'mallory' },
    { id: 'mallory', name: 'mallory', account: 'mallory', chatOperator: true },
    { id: 'account:ops', name: 'account:ops' },
    { id: 'admin_', name: 'admin_' },
    { id: '\u0430dmin', name: 'cyrillic a' },
    { id: 'admin\u200b', name: 'zero width' },
    { id: 'ops', name: 'ops' },
    { id: 'forcer|away', name: 'forcer|away', account: 'forcer' },
  ],
  chat: (user, inPrivate) => (inPrivate ? { adapter: 'irc', id: user.id, private: true } : { adapter: 'irc', id: '#ci', private: false, title: '#ci' }),
  // A server relays at most 512 bytes with the prefix; cut at a byte, as a server does (a
  // character cut in two arrives as U+FFFD).
  receivable: (line) => Buffer.from(line, 'utf8').subarray(0, 510).toString('utf8'),
  allowed(command, user) {
    if (!command.dangerous) return true;
    const id = lower(user.id);
    if (command.name === 'force') return id === 'admin' || id === 'forcer';
    if (command.name === 'join' || command.name === 'leave') return id === 'keeper';
    return id === 'admin' || lower(user.account) === 'ops';
  },
};

/** Telegram: numeric user ids as strings; '01001' or '1001 ' is somebody else. */
export const telegramPlatform: FuzzPlatform = {
  name: 'telegram',
  authz: { '!': ['1001'], stop: ['1002'] },
  users: [
    { id: '1001', name: 'Alice' },
    { id: '1002', name: 'Bob' },
    { id: '1003', name: 'Mallory' },
    { id: '01001', name: 'Leading Zero' },
    { id: '-1001', name: 'Negative' },
    { id: '10010', name: 'Longer' },
    { id: '1001 ', name: 'Trailing Space' },
  ],
  chat: (user, inPrivate) => (inPrivate ? { adapter: 'telegram', id: user.id, private: true } : { adapter: 'telegram', id: '-100200300', private: false, title: 'CI group' }),
  commandPrefix: '/',
  // Telegram refuses longer messages from users too.
  receivable: (line) => line.slice(0, 4096),
  allowed(command, user) {
    if (!command.dangerous) return true;
    if (command.name === 'stop') return user.id === '1002';
    return user.id === '1001';
  },
};

/** The console reads lines of any length: the place huge lines really arrive. */
export const consolePlatform: FuzzPlatform = {
  name: 'console',
  authz: { '': true, '!': ['operator'] },
  users: [
    { id: 'operator', name: 'operator' },
    { id: 'guest', name: 'guest' },
  ],
  chat: () => ({ adapter: 'console', id: 'console', private: true, title: 'the console' }),
  receivable: (line) => line,
  allowed: (command, user) => !command.dangerous || user.id === 'operator',
};

/** Where chat lines come from; console lines are only the huge ones (see the test). */
export const chatPlatforms: readonly FuzzPlatform[] = [ircPlatform, telegramPlatform];
export const fuzzPlatforms: readonly FuzzPlatform[] = [ircPlatform, telegramPlatform, consolePlatform];
